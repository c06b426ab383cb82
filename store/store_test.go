package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// mustOpen opens a fresh store in a temporary directory, closed at cleanup.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "kiosk.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	s.Now = func() time.Time { return time.Date(2025, 9, 8, 9, 30, 0, 0, time.UTC) }
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// count returns SELECT COUNT(*) of the table.
func count(tb testing.TB, s *Store, table string) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

func migrationNames(t *testing.T) []string {
	t.Helper()
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil || len(entries) == 0 {
		t.Fatalf("embedded migrations: %v (%d files)", err, len(entries))
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "sub", "dir", "kiosk.db")
		s, err := Open(path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		info, err := os.Stat(filepath.Dir(path))
		if err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("parent dir: %v, mode %v; want 0700", err, info.Mode().Perm())
		}
		if got, want := count(t, s, "schema_migrations"), len(migrationNames(t)); got != want {
			t.Errorf("schema_migrations rows = %d, want %d", got, want)
		}
		for _, table := range []string{"pupils", "staff", "records", "record_answers", "record_attachments", "outbox", "drafts", "devices"} {
			count(t, s, table) // fails if the table is missing
		}
	})
	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kiosk.db")
		first := appliedMigrations(t, path)
		second := appliedMigrations(t, path) // re-running 0001 would fail: CREATE TABLE
		if len(second) != len(first) {
			t.Fatalf("rows after reopen = %d, want %d", len(second), len(first))
		}
		for name, at := range first {
			if second[name] != at {
				t.Errorf("%s applied_at changed from %s to %s", name, at, second[name])
			}
		}
	})
	t.Run("ErrNotDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "kiosk.db")
		garbage := []byte(strings.Repeat("this is not a database\n", 200))
		if err := os.WriteFile(path, garbage, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path)
		if err == nil {
			s.Close()
			t.Fatal("Open of a garbage file succeeded")
		}
		if !errors.Is(err, ErrNotDatabase) || !strings.Contains(err.Error(), "not a SQLite database") {
			t.Errorf("err = %v, want ErrNotDatabase saying so", err)
		}
	})
}

// appliedMigrations opens and closes the store at path and returns
// schema_migrations as name → applied_at.
func appliedMigrations(t *testing.T, path string) map[string]string {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	rows, err := s.db.Query(`SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, at string
		if err := rows.Scan(&name, &at); err != nil {
			t.Fatal(err)
		}
		out[name] = at
	}
	return out
}

func TestOpen_Pragmas(t *testing.T) {
	s := mustOpen(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": "5000",
	} {
		var got string
		if err := s.db.QueryRow(`PRAGMA ` + pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", pragma, err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
	// SQLite's compiled-in default is also synchronous=FULL, so the value
	// alone cannot show the DSN asks for it: check the DSN too.
	for _, opt := range []string{"synchronous(FULL)", "journal_mode(WAL)", "foreign_keys(1)", "_txlock=immediate"} {
		if !strings.Contains(dsnOptions, opt) {
			t.Errorf("DSN options lack %s", opt)
		}
	}
	if got := s.db.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1", got)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte(`CREATE TABLE a (a_id INTEGER PRIMARY KEY);`)},
		"migrations/0002_b.sql": {Data: []byte(`CREATE TABLE b (b_id INTEGER PRIMARY KEY);
			INSERT INTO b (b_id) VALUES (1);`)},
	}
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		before := count(t, s, "schema_migrations")
		for range 2 { // the second run must skip both (CREATE TABLE would fail)
			if err := migrate(ctx, s.db, fsys); err != nil {
				t.Fatalf("migrate: %v", err)
			}
		}
		if got := count(t, s, "schema_migrations"); got != before+2 {
			t.Errorf("schema_migrations rows = %d, want %d", got, before+2)
		}
		if got := count(t, s, "b"); got != 1 {
			t.Errorf("rows in b = %d, want 1", got)
		}
	})
	t.Run("ErrRollsBackFile", func(t *testing.T) {
		s := mustOpen(t)
		bad := fstest.MapFS{"migrations/0001_bad.sql": {Data: []byte(
			`CREATE TABLE c (c_id INTEGER PRIMARY KEY); NOT SQL AT ALL;`)}}
		before := count(t, s, "schema_migrations")
		err := migrate(ctx, s.db, bad)
		if err == nil || !strings.Contains(err.Error(), "0001_bad.sql") {
			t.Fatalf("migrate err = %v, want one naming the file", err)
		}
		if got := count(t, s, "schema_migrations"); got != before {
			t.Errorf("schema_migrations rows = %d, want %d", got, before)
		}
		var n int
		s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'c'`).Scan(&n)
		if n != 0 {
			t.Error("table c exists after its migration failed")
		}
	})
}
