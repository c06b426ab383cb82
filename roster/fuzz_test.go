package roster

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseRoster: whatever the file, Parse does not panic, and what
// it returns keeps its promises.
func FuzzParseRoster(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.csv"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, tc := range badRosterFiles {
		if len(tc.data) < 1<<10 {
			f.Add(tc.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := Parse(bytes.NewReader(data), legacyBands)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || rf != nil {
				t.Fatalf("Parse = %v, %v; want nil and a *FileError", rf, err)
			}
			return
		}
		if len(rf.Rows)+len(rf.Problems) == 0 {
			t.Fatal("a file with no rows and no problems was accepted")
		}
		lines := map[string]int{}
		for _, r := range rf.Rows {
			checkFuzzedRow(t, r)
			if first, dup := lines[r.UPN]; dup && len(rf.Problems) == 0 {
				t.Fatalf("UPN %s is on lines %d and %d with no problem reported", r.UPN, first, r.Line)
			}
			lines[r.UPN] = r.Line
		}
		for _, p := range rf.Problems {
			if p.Line < 2 || p.Reason == "" {
				t.Fatalf("problem %+v: want line ≥ 2 and a reason", p)
			}
			if p.UPN != "" && !errors.Is(CheckUPN(p.UPN), ErrUPNCheckLetter) && CheckUPN(p.UPN) != nil {
				t.Fatalf("problem %+v names a malformed UPN", p)
			}
		}
	})
}

func checkFuzzedRow(t *testing.T, r Row) {
	t.Helper()
	if err := CheckUPN(r.UPN); err != nil {
		t.Fatalf("row %+v: UPN: %v", r, err)
	}
	if r.Line < 2 || r.GivenName == "" || r.FamilyName == "" || r.Class == "" || r.Year == "" {
		t.Fatalf("row %+v: want line ≥ 2 and every required field", r)
	}
	if r.Band != "" && r.Band != "a" && r.Band != "b" && r.Band != "c" {
		t.Fatalf("row %+v: band", r)
	}
	if _, ok := ParseLanguage(r.Language); r.Language != "" && !ok {
		t.Fatalf("row %+v: language", r)
	}
}
