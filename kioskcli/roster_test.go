package kioskcli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smartkiosk/store"
)

// The fictional pupils of the tests' rosters; their names must never be
// printed.
var rosterNames = []string{"Hughes", "Amelia", "Bennett", "Oliver", "Carter", "Isla", "Fletcher", "Noah"}

const rosterHeader = "UPN,Legal Surname,Legal Forename,Reg Group,Year\n"

var rosterLines = []string{
	"K999900124101,Hughes,Amelia,Oak,Year 7\n",
	"Z999900124102,Bennett,Oliver,Oak,Year 7\n",
	"N999900124103,Carter,Isla,Willow,Year 8\n",
	"C999900124104,Fletcher,Noah,Willow,Year 8\n",
}

// kioskFolder is a data folder with an empty kiosk database.
func kioskFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeRoster(t *testing.T, content string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// runRoster runs `smartkiosk roster` and checks no name was printed.
func runRoster(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = kiosk.Run(append([]string{"roster"}, args...), &out, &errOut)
	for _, name := range rosterNames {
		if strings.Contains(out.String()+errOut.String(), name) {
			t.Errorf("the output shows the name %q:\n%s%s", name, out.String(), errOut.String())
		}
	}
	return out.String(), errOut.String(), code
}

// activeUPNs lists the kiosk's active pupils' UPNs, class by class.
func activeUPNs(t *testing.T, dir string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	classes, err := st.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var upns []string
	for _, c := range classes {
		ps, _ := st.PupilsInClass(ctx, c)
		for _, p := range ps {
			upns = append(upns, p.UPN)
		}
	}
	return upns
}

func wantContains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, got)
		}
	}
}

func TestCmdRoster(t *testing.T) {
	t.Run("DryRun", func(t *testing.T) {
		dir := kioskFolder(t)
		file := writeRoster(t, rosterHeader+strings.Join(rosterLines, ""))
		out, errOut, code := runRoster(t, "import", file, "--data", dir, "--dry-run")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		wantContains(t, "stdout", out, "kiosk's 0 active pupil(s)", "4 new (4 with no band: they start in band a)",
			"0 updated", "0 leaving", "Dry run: nothing was imported.")
		if got := activeUPNs(t, dir); len(got) != 0 {
			t.Errorf("a dry run imported %v", got)
		}
	})
	t.Run("ImportThenChanges", func(t *testing.T) {
		dir := kioskFolder(t)
		file := writeRoster(t, rosterHeader+strings.Join(rosterLines, ""))
		out, errOut, code := runRoster(t, "import", "--data", dir, file)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		wantContains(t, "stdout", out, "Imported: 4 new, 0 updated, 0 marked as left, 0 unchanged.")
		// Oliver moves to Willow; Isla leaves.
		next := rosterHeader + rosterLines[0] + strings.Replace(rosterLines[1], "Oak", "Willow", 1) + rosterLines[3]
		out, errOut, code = runRoster(t, "import", "--data", dir, writeRoster(t, next))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		wantContains(t, "stdout", out, "1 updated\n    Z999900124102: class\n",
			"1 leaving (marked as left; their records are kept)\n    N999900124103\n", "2 unchanged",
			"Imported: 0 new, 1 updated, 1 marked as left, 2 unchanged.")
		want := []string{"K999900124101", "Z999900124102", "C999900124104"} // Oak, then Willow by surname
		if got := activeUPNs(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("active pupils = %v, want %v", got, want)
		}
	})
	t.Run("ErrProblems", func(t *testing.T) {
		dir := kioskFolder(t)
		bad := rosterHeader + rosterLines[0] + ",Bennett,Oliver,Oak,Year 7\n" + "A999900124103,Carter,Isla,Willow,Year 8\n"
		out, errOut, code := runRoster(t, "import", "--data", dir, writeRoster(t, bad))
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		wantContains(t, "stdout", out, "2 problem(s) to fix in the file:\nline 3: The UPN is missing.\n",
			"line 4: UPN A999900124103: the check letter")
		wantContains(t, "stderr", errOut, "2 problem(s) in", "nothing was imported")
		if got := activeUPNs(t, dir); len(got) != 0 {
			t.Errorf("a file with problems imported %v", got)
		}
	})
	t.Run("ErrMassLeave", func(t *testing.T) {
		dir := kioskFolder(t)
		if _, errOut, code := runRoster(t, "import", "--data", dir, writeRoster(t, rosterHeader+strings.Join(rosterLines, ""))); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		oneClass := writeRoster(t, rosterHeader+rosterLines[0])
		out, _, code := runRoster(t, "import", "--dry-run", "--data", dir, oneClass)
		if code != 0 || !strings.Contains(out, "will need --allow-mass-leave") {
			t.Errorf("dry run: exit %d\n%s", code, out)
		}
		_, errOut, code := runRoster(t, "import", "--data", dir, oneClass)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		wantContains(t, "stderr", errOut, "nothing was imported: this file would mark 3 of 4 pupils as leavers",
			"import again with --allow-mass-leave")
		if got := activeUPNs(t, dir); len(got) != 4 {
			t.Errorf("a refused import left %d active pupils, want 4", len(got))
		}
		if _, errOut, code := runRoster(t, "import", "--allow-mass-leave", "--data", dir, oneClass); code != 0 {
			t.Errorf("confirmed: exit %d: %s", code, errOut)
		}
		if got := activeUPNs(t, dir); len(got) != 1 {
			t.Errorf("after a confirmed import %d active pupils, want 1", len(got))
		}
	})
	// Exit 2: the command line is wrong, and the usage follows; 1: it ran and failed.
	for name, tc := range map[string]struct {
		args func(dir string) []string
		code int
		want string
	}{
		"ErrNoFileGiven": {func(dir string) []string { return []string{"import", "--data", dir} }, 2, "no roster file given"},
		"ErrNoSuchFile": {func(dir string) []string { return []string{"import", "--data", dir, filepath.Join(dir, "nope.csv")} },
			1, "there is no file"},
		"ErrTwoFiles":  {func(dir string) []string { return []string{"import", "--data", dir, "a.csv", "b.csv"} }, 2, "2 files given"},
		"ErrNoCommand": {func(dir string) []string { return nil }, 2, "smartkiosk roster import [--data DIR]"},
		"ErrNoDatabase": {func(dir string) []string {
			return []string{"import", "--data", t.TempDir(), writeRoster(t, rosterHeader+rosterLines[0])}
		}, 1, "no kiosk database in"},
		"ErrFile": {func(dir string) []string { return []string{"import", "--data", dir, writeRoster(t, rosterHeader)} },
			1, "roster.csv: The file has column headings but no pupils"},
	} {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := runRoster(t, tc.args(kioskFolder(t))...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if tc.code == 2 && !strings.Contains(errOut, "usage:") {
				t.Errorf("a wrong command line without its usage:\n%s", errOut)
			}
			if !strings.HasPrefix(errOut, "smartkiosk roster: ") {
				t.Errorf("stderr = %q, want it to start with the command", errOut)
			}
			wantContains(t, "stderr", errOut, tc.want)
		})
	}
}

// TestCmdRoster_Pack: the bands a roster may name are those of the pack
// the kiosk runs, so --pack wrotham takes the Wrotham pack's "KS3–KS5"
// and the default pack refuses it.
func TestCmdRoster_Pack(t *testing.T) {
	t.Parallel()
	file := writeRoster(t, "UPN,Legal Surname,Legal Forename,Reg Group,Year,Band\n"+
		strings.TrimSuffix(rosterLines[0], "\n")+",KS3–KS5\n")
	t.Run("OK", func(t *testing.T) {
		dir := kioskFolder(t)
		if out, errOut, code := runRoster(t, "import", "--data", dir, "--pack", "wrotham", file); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		pupils, err := st.PupilsInClass(context.Background(), "Oak")
		if err != nil || len(pupils) != 1 || pupils[0].Band != "ks3-5" {
			t.Errorf("imported %+v, %v; want one pupil in band ks3-5", pupils, err)
		}
	})
	t.Run("ErrDefaultPack", func(t *testing.T) {
		dir := kioskFolder(t)
		out, errOut, code := runRoster(t, "import", "--data", dir, file)
		if code != 1 || len(activeUPNs(t, dir)) != 0 {
			t.Errorf("exit %d, %d pupils imported; want 1 and none\n%s%s", code, len(activeUPNs(t, dir)), out, errOut)
		}
		wantContains(t, "the refusal", out+errOut, "KS3–KS5")
	})
}
