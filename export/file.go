package export

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// SaveFile writes a file so that a pulled USB stick or a full disk never
// leaves a half-written file under its name: write fills a temporary file
// in the same folder (named ".NAME.*.part", which no one mistakes for the
// export), which is synced to the disk and only then renamed to name. On
// any failure the temporary file is removed and an existing file called
// name is left as it was.
func SaveFile(name string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	_ = f.Chmod(0o644) // the school's other users may read it; FAT sticks refuse, harmlessly
	bw := bufio.NewWriterSize(f, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), name); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it
// (Windows cannot open a folder to sync it: the rename is still done).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// FileName is an export's file name, "smartkiosk-Oak-2026-11-02.csv":
// the class (or "all-classes" for class "") made safe for any file system,
// the day, and ext (".csv", ".pdf", or "" for a folder).
func FileName(class string, day time.Time, ext string) string {
	c := SafeName(class)
	if class == "" {
		c = "all-classes"
	}
	return "smartkiosk-" + c + "-" + day.Format(time.DateOnly) + ext
}

// SafeName keeps letters and digits (any script), '-' and '_' of s; every
// other run of characters becomes one '-', so "Year 7/Oak" is
// "Year-7-Oak" on a USB stick formatted for Windows. An empty result is
// "class".
func SafeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "class"
	}
	return out
}
