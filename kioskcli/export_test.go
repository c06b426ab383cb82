package kioskcli

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/store"
	"smartkiosk/store/record"
)

// signedFolder is a data folder with the demo school and one signed
// agreement for the first pupil of each class named; it returns the
// record ids by class.
func signedFolder(t *testing.T, classes ...string) (string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	staff, err := st.StaffList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, class := range classes {
		pupils, err := st.PupilsInClass(ctx, class)
		if err != nil {
			t.Fatal(err)
		}
		p := pupils[0]
		b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, PupilRef: p.UPN,
			Form: "pupil-" + p.Band, Band: p.Band, BandAlias: "P7–L1", Language: "en-GB",
			Pack:      record.PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
			Answers:   []record.Answer{{Statement: "s.1", Answer: record.AnswerAgree, Mode: record.ModeTouch}},
			Adult:     record.AdultRef{StaffID: staff[0].ID, Role: staff[0].Role, Prompting: "verbal", Understanding: "fully"},
			StartedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), SignedAt: time.Date(2026, 11, 2, 9, 4, 0, 0, time.UTC)}
		if err := st.SaveRecord(ctx, b); err != nil {
			t.Fatal(err)
		}
		ids[class] = b.ID
	}
	return dir, ids
}

func runExport(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = kiosk.Run(append([]string{"export"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// recordIDs reads a CSV export's record_id column.
func recordIDs(t *testing.T, data string) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, data)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "record_id" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no record_id column in %q", rows[0])
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[col])
	}
	return ids
}

func TestCmdExport(t *testing.T) {
	dir, ids := signedFolder(t, "Oak", "Rowan")
	t.Run("OK", func(t *testing.T) {
		out, errOut, code := runExport(t, "--data", dir)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if got := recordIDs(t, out); len(got) != 2 {
			t.Errorf("every class: ids %q", got)
		}
	})
	t.Run("Class", func(t *testing.T) {
		out, errOut, code := runExport(t, "--data", dir, "--class", "Rowan")
		if got := recordIDs(t, out); code != 0 || len(got) != 1 || got[0] != ids["Rowan"] {
			t.Errorf("exit %d, ids %q, want only %s: %s", code, got, ids["Rowan"], errOut)
		}
	})
	t.Run("Out", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "oak.csv")
		out, errOut, code := runExport(t, "--data", dir, "--class", "Oak", "--bom", "--out", name)
		if code != 0 || out != "" || !strings.Contains(errOut, "Saved 1 record to") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Error("--bom wrote no byte-order mark")
		}
		if got := recordIDs(t, string(data)); len(got) != 1 || got[0] != ids["Oak"] {
			t.Errorf("ids %q", got)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "rowan.pdf")
		_, errOut, code := runExport(t, "--data", dir, "--format", "pdf", "--class", "Rowan", "--out", name)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		data, err := os.ReadFile(name)
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Fatalf("not a PDF (%v): %.20q", err, data)
		}
		text, err := exec.Command("pdftotext", name, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		for _, want := range []string{"Ruby Marsh", "Rowan class"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
		if strings.Contains(string(text), "Amelia Hughes") {
			t.Error("the Rowan PDF shows an Oak pupil")
		}
	})
	t.Run("ErrPDFToStdout", func(t *testing.T) {
		if out, errOut, code := runExport(t, "--data", dir, "--format", "pdf"); code != 2 || out != "" || !strings.Contains(errOut, "--out") {
			t.Errorf("exit %d, %d bytes out: %s", code, len(out), errOut)
		}
	})
	t.Run("ErrOutFolder", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "gone", "oak.csv")
		_, errOut, code := runExport(t, "--data", dir, "--out", name)
		if code != 1 || !strings.Contains(errOut, "cannot write "+name) {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		if _, errOut, code := runExport(t, "--data", dir, "--format", "xlsx"); code != 2 || !strings.Contains(errOut, "xlsx") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("ErrNoKiosk", func(t *testing.T) {
		if _, errOut, code := runExport(t, "--data", t.TempDir()); code != 1 || !strings.Contains(errOut, "no kiosk database") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}
