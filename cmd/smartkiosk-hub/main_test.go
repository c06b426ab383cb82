package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"smartkiosk/hub/sqlitestore"
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
		out, code := hubCmd(t, "", "roster", "import", "--data", data, "../../store/testdata/roster/problems.csv")
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
		out, code := hubCmd(t, "", "roster", "import", "--data", data, "../../store/testdata/roster/sims.csv")
		if code != 0 || !strings.Contains(out, "Roster version 1") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
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

func TestUserAdd(t *testing.T) {
	data := t.TempDir()
	if out, code := hubCmd(t, "short\n", "user", "add", "--data", data, "--name", "it", "--role", "admin"); code != 1 || !strings.Contains(out, "at least") {
		t.Fatalf("a short password: exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "a long enough password\n", "user", "add", "--data", data, "--name", "it", "--role", "admin"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if out, code := hubCmd(t, "", "nonsense"); code != 2 || !strings.Contains(out, "usage:") {
		t.Fatalf("unknown command: exit %d:\n%s", code, out)
	}
}
