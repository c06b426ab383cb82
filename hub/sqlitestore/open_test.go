package sqlitestore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
)

// mustClose closes s at the end of tb.
func mustClose(tb testing.TB, s *Store) {
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
}

// wantNotHub checks that Open refuses the file at path, saying so, and
// leaves it as it was.
func wantNotHub(t *testing.T, path string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err == nil {
		s.Close()
		t.Fatal("Open: no error")
	}
	if !errors.Is(err, ErrNotHubDatabase) || !strings.Contains(err.Error(), "not a hub database") {
		t.Errorf("Open: %v, want ErrNotHubDatabase", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("Open changed the file it refused")
	}
}

func TestOpen(t *testing.T) {
	t.Run("NotSQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hub.db")
		os.WriteFile(path, []byte("upn,given_name\nA123,Amy\n"), 0o600)
		wantNotHub(t, path)
	})
	t.Run("Corrupt", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hub.db")
		junk := append([]byte(sqliteHeader), bytes.Repeat([]byte{0xa5}, 8192)...)
		os.WriteFile(path, junk, 0o600)
		wantNotHub(t, path)
	})
	t.Run("OtherSQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kiosk.db")
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
		if err == nil {
			_, err = db.Exec(`INSERT INTO schema_migrations VALUES ('0001_init.sql', '2025-09-08T09:30:00Z')`)
		}
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		wantNotHub(t, path)
	})
	t.Run("EmptyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hub.db")
		os.WriteFile(path, nil, 0o600)
		s, err := Open(path)
		if err != nil {
			t.Fatalf("Open of an empty file: %v", err)
		}
		s.Close()
	})
	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "hub.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		err = s.CreateUser(ctx, hub.User{Name: "adam", Role: hub.RoleAdmin, CreatedAt: time.Now()})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		s, err = Open(path)
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		mustClose(t, s)
		if _, err := s.User(ctx, "adam"); err != nil {
			t.Errorf("User after reopening: %v", err)
		}
		var n int
		s.r.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
		if want := len(mustGlob(t)); n != want {
			t.Errorf("schema_migrations has %d rows, want %d", n, want)
		}
	})
}

func mustGlob(t *testing.T) []string {
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil || len(names) == 0 {
		t.Fatalf("embedded migrations: %v", err)
	}
	var list []string
	for _, e := range names {
		list = append(list, e.Name())
	}
	return list
}
