package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// folderBytes is every file in dir (recursively) and its bytes.
func folderBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFolder(t *testing.T, before, after map[string][]byte) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok || !bytes.Equal(a, b) {
			t.Errorf("%s was changed or removed", filepath.Base(p))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was written", filepath.Base(p))
		}
	}
}

// A database a newer kiosk made is refused, by Open and by VerifyData,
// in a sentence naming what this version lacks, and nothing in the folder
// is written.
func TestOpen_RefusesNewerSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, DatabaseFile)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9001_from_the_future.sql', '2031-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := folderBytes(t, dir)

	_, err = Open(path)
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "9001_from_the_future.sql") ||
		!strings.Contains(err.Error(), "newer SMART Kiosk") || !strings.Contains(err.Error(), "Nothing was written") {
		t.Fatalf("Open = %v; want the newer-schema sentence", err)
	}
	if _, err := VerifyData(context.Background(), dir, nil); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("VerifyData = %v; want ErrNewerSchema", err)
	}
	after := folderBytes(t, dir)
	// Reading a WAL database leaves SQLite's empty side files; the
	// database itself, its backups and keys are as they were.
	for _, side := range []string{"-wal", "-shm"} {
		p := path + side
		if _, was := before[p]; !was && (side == "-shm" || len(after[p]) == 0) {
			delete(after, p)
		}
	}
	sameFolder(t, before, after)
}

// A data folder on a read-only mount (an inspector's write-protected
// stick) gets the sentence, not SQLite's "unable to open database file";
// VerifyData reads it, records still in the WAL too, from a private copy
// it removes (SQLite cannot make the -shm file a WAL database is read
// through there). The mount needs root (CI runs as root); elsewhere the
// test says why it cannot run.
func TestOpen_ReadOnlyFolder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.mustSave(t, f.body(1))
	f.mustSave(t, f.body(2))
	src := t.TempDir()
	for _, name := range []string{DatabaseFile, DatabaseFile + "-wal", "device.key", "data.key"} {
		if err := copyFileDurably(filepath.Join(filepath.Dir(f.s.path), name), filepath.Join(src, name)); err != nil {
			t.Fatalf("copy %s: %v", name, err)
		}
	}
	if info, err := os.Stat(filepath.Join(src, DatabaseFile+"-wal")); err != nil || info.Size() == 0 {
		t.Fatalf("the copy has no WAL to read (%v): the test would not test the fallback", err)
	}
	ro := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(ro, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		t.Skip("a read-only bind mount needs root")
	}
	if out, err := exec.Command("mount", "--bind", src, ro).CombinedOutput(); err != nil {
		t.Skipf("this machine refuses bind mounts: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", ro).CombinedOutput(); err != nil {
			t.Errorf("umount: %v %s", err, out)
		}
	})
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	_, err := Open(filepath.Join(ro, DatabaseFile))
	if !errors.Is(err, ErrReadOnlyFolder) || !strings.Contains(err.Error(), "read-only file system") || !strings.Contains(err.Error(), "smartkiosk verify") {
		t.Errorf("Open on a read-only folder = %v", err)
	}
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), "smartkiosk-read-*"))
	rep, err := VerifyData(context.Background(), ro, nil)
	if err != nil || !rep.OK() || rep.Records != 2 {
		t.Errorf("VerifyData on a read-only folder = %+v, %v; want 2 records and no problem", rep, err)
	}
	if after, _ := filepath.Glob(filepath.Join(os.TempDir(), "smartkiosk-read-*")); len(after) > len(before) {
		t.Errorf("private copies left behind: %v", after)
	}
}
