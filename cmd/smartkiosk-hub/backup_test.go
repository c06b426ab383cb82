package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smartkiosk/hub/sqlitestore"
)

// TestBackupRestore is the restore drill: a hub with a roster, staff and
// its keys is backed up while it runs, restored into an empty folder, and
// opens there with the same roster, accounts and keys. A backup with a
// changed file, or a folder that already holds a hub, restores nothing.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	data, stick := t.TempDir(), t.TempDir()
	if out, code := hubCmd(t, "", "roster", "import", "--data", data, "../../roster/testdata/sims.csv"); code != 0 {
		t.Fatalf("roster: %d\n%s", code, out)
	}
	if out, code := hubCmd(t, "a long enough password\n", "user", "add", "--data", data, "--name", "dsl", "--role", "dsl"); code != 0 {
		t.Fatalf("user: %d\n%s", code, out)
	}
	if out, code := hubCmd(t, "", "enrol-code", "--data", data); code != 0 { // makes the keys and certificate
		t.Fatalf("enrol-code: %d\n%s", code, out)
	}
	out, code := hubCmd(t, "", "backup", "--data", data, stick)
	if code != 0 || !strings.Contains(out, "Backup written to") || !strings.Contains(out, "(4 files, each checked)") {
		t.Fatalf("backup: %d\n%s", code, out)
	}
	dirs, _ := filepath.Glob(filepath.Join(stick, "smartkiosk-hub-backup-*"))
	if len(dirs) != 1 {
		t.Fatalf("backup folders %v", dirs)
	}
	backup := dirs[0]

	restored := filepath.Join(t.TempDir(), "hub")
	out, code = hubCmd(t, "", "restore", "--data", restored, backup)
	if code != 0 || !strings.Contains(out, "The hub opens: roster version 1 (3 pupils), 0 tablet(s) enrolled.") {
		t.Fatalf("restore: %d\n%s", code, out)
	}
	for _, name := range []string{"hub.key", "tls.crt", "tls.key"} {
		a, _ := os.ReadFile(filepath.Join(data, name))
		b, err := os.ReadFile(filepath.Join(restored, name))
		if err != nil || len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s was not restored as it was", name)
		}
	}
	st, err := sqlitestore.Open(filepath.Join(restored, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := st.User(context.Background(), "dsl"); err != nil || u.Role != "dsl" {
		t.Errorf("the DSL's account after restoring: %+v, %v", u, err)
	}
	st.Close()

	if out, code := hubCmd(t, "", "restore", "--data", restored, backup); code != 1 || !strings.Contains(out, "already holds a hub") {
		t.Errorf("restore over a hub: %d\n%s", code, out)
	}
	if err := os.WriteFile(filepath.Join(backup, "hub.key"), []byte("not the key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(t.TempDir(), "hub")
	if out, code := hubCmd(t, "", "restore", "--data", empty, backup); code != 1 || !strings.Contains(out, "hub.key in the backup is missing or not the file that was backed up") {
		t.Errorf("restore of a changed backup: %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(empty, "hub.db")); !os.IsNotExist(err) {
		t.Errorf("a refused restore left files behind: %v", err)
	}
}
