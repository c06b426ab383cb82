package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smartkiosk/hub/sqlitestore"
	"smartkiosk/version"
)

// hubCmd runs the hub's command line in process.
func hubCmd(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), code
}

func TestRosterImport(t *testing.T) {
	data := t.TempDir()
	t.Run("ErrBadRows", func(t *testing.T) {
		out, code := hubCmd(t, "", "roster", "import", "--data", data, "../../roster/testdata/problems.csv")
		if code != 1 || !strings.Contains(out, "nothing was imported") || !strings.Contains(out, "line ") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		st, err := sqlitestore.Open(filepath.Join(data, "hub.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		page, err := st.Roster(context.Background(), 0)
		if err != nil || len(page.Pupils) != 0 {
			t.Fatalf("roster after a refused import: %d pupils, %v", len(page.Pupils), err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		out, code := hubCmd(t, "", "roster", "import", "--data", data, "../../roster/testdata/sims.csv")
		if code != 0 || !strings.Contains(out, "Roster version 1") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
}

// TestRosterImport_PackBands: the hub reads a roster's Band column with
// the bands of the pack it publishes, by id or by the school's alias, and a
// band the pack does not have is a problem on its line, not a pupil no
// kiosk can sign off.
func TestRosterImport_PackBands(t *testing.T) {
	t.Parallel()
	data, pack := t.TempDir(), t.TempDir()
	if err := os.CopyFS(pack, os.DirFS("../../assets/packs/example")); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(pack, "pack.toml"))
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.NewReplacer("[[bands]]\nid = \"a\"", "[[bands]]\nid = \"early\"", `band = "a"`, `band = "early"`).Replace(string(toml))
	if strings.Count(renamed, "early") < 2 {
		t.Fatal("the example pack's bands are not written as this test expects")
	}
	if err := os.WriteFile(filepath.Join(pack, "pack.toml"), []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := hubCmd(t, "", "pack", "publish", "--data", data, pack); code != 0 {
		t.Fatalf("publish: exit %d:\n%s", code, out)
	}
	const header = "UPN,Surname,Forename,Reg,Year,Band\n"
	roster := func(lines string) string {
		name := filepath.Join(t.TempDir(), "roster.csv")
		if err := os.WriteFile(name, []byte(header+lines), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	out, code := hubCmd(t, "", "roster", "import", "--data", data, roster("M999900124112,Adams,Ben,Oak,Year 7,a\n"))
	if code != 1 || !strings.Contains(out, `line 2: The Band "a" is not one of the policy pack's bands: early (P4–P7), b (P7–L1) or c (L2–L4).`) {
		t.Fatalf("a band the published pack lacks: exit %d:\n%s", code, out)
	}
	out, code = hubCmd(t, "", "roster", "import", "--data", data,
		roster("M999900124112,Adams,Ben,Oak,Year 7,p4 - p7\nB999900124113,Brown,Amy,Oak,Year 7,early\nQ999900124114,Clark,Cal,Oak,Year 7,P7–L1\n"))
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	st, err := sqlitestore.Open(filepath.Join(data, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.Roster(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range page.Pupils {
		got[p.UPN] = p.Band
	}
	want := map[string]string{"M999900124112": "early", "B999900124113": "early", "Q999900124114": "b"}
	if len(got) != len(want) {
		t.Fatalf("roster %v, want %v", got, want)
	}
	for upn, band := range want {
		if got[upn] != band {
			t.Errorf("%s is in band %q, want %q", upn, got[upn], band)
		}
	}
}

// TestRosterImport_Preview: the hub's import shows what it would change by
// UPN, never by name; --dry-run imports nothing; a file that would mark
// most of the roster as leavers (one class's file) is refused until
// --allow-mass-leave confirms it.
func TestRosterImport_Preview(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const header = "UPN,Surname,Forename,Reg,Year\n"
	file := func(lines string) string {
		name := filepath.Join(t.TempDir(), "roster.csv")
		if err := os.WriteFile(name, []byte(header+lines), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	active := func() int {
		st, err := sqlitestore.Open(filepath.Join(data, "hub.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		page, err := st.Roster(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range page.Pupils {
			if p.Active {
				n++
			}
		}
		return n
	}
	noNames := func(out string) {
		t.Helper()
		for _, name := range []string{"Adams", "Brown", "Clark", "Dixon", "Amy", "Cal"} {
			if strings.Contains(out, name) {
				t.Errorf("the output names a pupil (%s):\n%s", name, out)
			}
		}
	}
	school := file("M999900124112,Adams,Ben,Oak,Year 7\nB999900124113,Brown,Amy,Oak,Year 7\n" +
		"Q999900124114,Clark,Cal,Ash,Year 8\nE999900124115,Dixon,Dan,Ash,Year 8\n")
	out, code := hubCmd(t, "", "roster", "import", "--data", data, "--dry-run", school)
	if code != 0 || !strings.Contains(out, "4 new") || !strings.Contains(out, "Dry run: nothing was imported.") {
		t.Fatalf("dry run: exit %d:\n%s", code, out)
	}
	noNames(out)
	if n := active(); n != 0 {
		t.Fatalf("a dry run imported %d pupils", n)
	}
	if out, code := hubCmd(t, "", "roster", "import", "--data", data, school); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}

	oak := file("M999900124112,Adams,Ben,Oak,Year 8\nB999900124113,Brown,Amy,Oak,Year 7\n")
	out, code = hubCmd(t, "", "roster", "import", "--data", data, "--dry-run", oak)
	if code != 0 || !strings.Contains(out, "M999900124112: year") || !strings.Contains(out, "2 leaving") ||
		!strings.Contains(out, "Q999900124114") || strings.Contains(out, "--allow-mass-leave") {
		t.Errorf("dry run of one class's file: exit %d:\n%s", code, out)
	}
	noNames(out)
	oakOnly := file("M999900124112,Adams,Ben,Oak,Year 7\n")
	out, code = hubCmd(t, "", "roster", "import", "--data", data, oakOnly)
	if code != 1 || !strings.Contains(out, "would mark 3 of the roster's 4 pupils as leavers") || !strings.Contains(out, "--allow-mass-leave") {
		t.Errorf("a file marking 3 of 4 as leavers: exit %d:\n%s", code, out)
	}
	if n := active(); n != 4 {
		t.Fatalf("after the refused import %d pupils are on the roster, want 4", n)
	}
	if out, code := hubCmd(t, "", "roster", "import", "--data", data, "--allow-mass-leave", oakOnly); code != 0 {
		t.Fatalf("--allow-mass-leave: exit %d:\n%s", code, out)
	}
	if n := active(); n != 1 {
		t.Errorf("after the confirmed import %d pupils are on the roster, want 1", n)
	}
}

func TestPackPublish(t *testing.T) {
	data := t.TempDir()
	out, code := hubCmd(t, "", "pack", "publish", "--data", data, "../../assets/packs/example")
	if code != 0 || !strings.Contains(out, "Published example version") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	out, code = hubCmd(t, "", "pack", "publish", "--data", data, t.TempDir())
	if code != 1 || !strings.Contains(out, "cannot be published") {
		t.Fatalf("an empty folder: exit %d:\n%s", code, out)
	}
}

// TestPackPublish_ErrLinkedPicture: a picture linked to a file outside the
// pack folder (here the hub's own database) is never published.
func TestPackPublish_ErrLinkedPicture(t *testing.T) {
	t.Parallel()
	data, pack := t.TempDir(), t.TempDir()
	if err := os.CopyFS(pack, os.DirFS("../../assets/packs/example")); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(data, "secret.svg")
	if err := os.WriteFile(secret, []byte(`<svg viewBox="0 0 1 1">hub secret</svg>`), 0o600); err != nil {
		t.Fatal(err)
	}
	pic := filepath.Join(pack, "pictures", "agree.svg")
	if err := os.Remove(pic); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, pic); err != nil {
		t.Fatal(err)
	}
	out, code := hubCmd(t, "", "pack", "publish", "--data", data, pack)
	if code != 1 || !strings.Contains(out, `picture file "pictures/agree.svg" is a symbolic link`) {
		t.Fatalf("a linked picture: exit %d:\n%s", code, out)
	}
}

func TestUserAdd(t *testing.T) {
	data := t.TempDir()
	if out, code := hubCmd(t, "short\n", "user", "add", "--data", data, "--name", "it", "--role", "admin"); code != 1 || !strings.Contains(out, "at least") {
		t.Fatalf("a short password: exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "a long enough password\n", "user", "add", "--data", data, "--name", "it", "--role", "admin"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "a long enough password\n", "user", "add", "--data", data, "--name", "front.office", "--role", "office"); code != 0 || !strings.Contains(out, "Added front.office (office).") {
		t.Fatalf("an office account: exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "a long enough password\n", "user", "add", "--data", data, "--name", "x", "--role", "caretaker"); code != 1 || !strings.Contains(out, "use admin, dsl, tutor or office") {
		t.Fatalf("an unknown role: exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "", "nonsense"); code != 2 || !strings.Contains(out, "usage:") {
		t.Fatalf("unknown command: exit %d:\n%s", code, out)
	}
}

func TestRun_CommandLine(t *testing.T) {
	t.Parallel()
	every := []string{"serve", "enrol-code", "devices", "revoke", "import", "roster import", "pack publish", "user add", "verify", "help"}
	t.Run("Help", func(t *testing.T) {
		t.Parallel()
		for _, h := range []string{"--help", "-h", "help"} {
			var out, errOut bytes.Buffer
			if code := run([]string{h}, nil, &out, &errOut); code != 0 || errOut.Len() > 0 {
				t.Errorf("%s: exit %d, stderr %q", h, code, errOut.String())
			}
			for _, c := range every {
				if !strings.Contains(out.String(), "\n  "+c+" ") {
					t.Errorf("%s does not list %q:\n%s", h, c, out.String())
				}
			}
		}
	})
	t.Run("CommandHelp", func(t *testing.T) {
		t.Parallel()
		for _, c := range every[:len(every)-1] {
			args := append(strings.Fields(c), "--help")
			var out, errOut bytes.Buffer
			if code := run(args, nil, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "usage: smartkiosk-hub "+c) {
				t.Errorf("%s --help: exit %d\n%s%s", c, code, out.String(), errOut.String())
			}
		}
	})
	t.Run("Version", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		if code := run([]string{"--version"}, nil, &out, io.Discard); code != 0 || out.String() != version.Line("smartkiosk-hub")+"\n" {
			t.Errorf("--version: exit %d, %q", code, out.String())
		}
	})
	// A wrong command line prints the usage and exits 2, and does nothing:
	// no data folder, no server.
	for name, args := range map[string][]string{
		"ErrNone": nil, "ErrUnknown": {"sevre", "--data", "DATA"}, "ErrFlagFirst": {"--data", "DATA"},
		"ErrBadFlag": {"serve", "--data", "DATA", "--nonsense"}, "ErrStray": {"devices", "--data", "DATA", "extra"},
		"ErrGroup": {"roster", "--data", "DATA"}, "ErrRevokeNothing": {"revoke", "--data", "DATA"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := filepath.Join(t.TempDir(), "hub")
			for i := range args {
				if args[i] == "DATA" {
					args[i] = data
				}
			}
			var out, errOut bytes.Buffer
			code := run(args, nil, &out, &errOut)
			if code != 2 || out.Len() > 0 || !strings.Contains(errOut.String(), "usage:") {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out.String(), errOut.String())
			}
			if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a wrong command line made %s (%v)", data, err)
			}
		})
	}
}
