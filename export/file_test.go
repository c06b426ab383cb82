package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSaveFile(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "a.csv")
		if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := SaveFile(name, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(name); string(got) != "new" {
			t.Errorf("file holds %q", got)
		}
		onlyFiles(t, dir, "a.csv")
	})
	t.Run("ErrWrite", func(t *testing.T) {
		dir := t.TempDir()
		name := filepath.Join(dir, "a.csv")
		if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("stick pulled out")
		err := SaveFile(name, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if got, _ := os.ReadFile(name); string(got) != "old" {
			t.Errorf("a failed save changed the file: %q", got)
		}
		onlyFiles(t, dir, "a.csv")
	})
	t.Run("ErrNoFolder", func(t *testing.T) {
		err := SaveFile(filepath.Join(t.TempDir(), "gone", "a.csv"), func(io.Writer) error { return nil })
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want not exist", err)
		}
	})
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(want) || (len(got) > 0 && got[0] != want[0]) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
}

func TestFileName(t *testing.T) {
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for class, want := range map[string]string{
		"Oak":          "smartkiosk-Oak-2026-11-02.csv",
		"Year 7/Oak":   "smartkiosk-Year-7-Oak-2026-11-02.csv",
		"":             "smartkiosk-all-classes-2026-11-02.csv",
		"../..":        "smartkiosk-class-2026-11-02.csv",
		"Zoë's: 7*?":   "smartkiosk-Zoë-s-7-2026-11-02.csv",
		"  Birch  ":    "smartkiosk-Birch-2026-11-02.csv",
		"con\x00trol!": "smartkiosk-con-trol-2026-11-02.csv",
	} {
		if got := FileName(class, day, ".csv"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", class, got, want)
		}
	}
}
