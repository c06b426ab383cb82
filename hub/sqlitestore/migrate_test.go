package sqlitestore

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartkiosk/hub"
)

// A hub made before the office role keeps its accounts and sessions when
// 0005 rebuilds users, and then takes an office account.
func TestMigrate_OfficeRole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	old := fstest.MapFS{}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if strings.Compare(filepath.Base(name), "0005") < 0 {
			data, _ := migrationFiles.ReadFile(name)
			old[name] = &fstest.MapFile{Data: data}
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+writeDSN)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, old); err != nil {
		t.Fatalf("migrate to 0004: %v", err)
	}
	now := ts(time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC))
	for _, q := range []string{
		`INSERT INTO users (name, password_hash, role, classes, created_at) VALUES ('dsl', 'h', 'dsl', '[]', '` + now + `')`,
		`INSERT INTO sessions VALUES ('tok', 'dsl', 'c', '` + now + `', '2999-01-01T00:00:00.000000000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Exec(`INSERT INTO users (name, password_hash, role, created_at) VALUES ('o', 'h', 'office', '` + now + `')`); err == nil {
		t.Fatal("before 0005 the office role is refused by the CHECK; the test's old schema is wrong")
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open runs 0005: %v", err)
	}
	mustClose(t, s)
	if u, err := s.User(ctx, "dsl"); err != nil || u.Role != hub.RoleDSL {
		t.Errorf("the DSL after 0005: %+v, %v", u, err)
	}
	if sess, err := s.Session(ctx, "tok", time.Now()); err != nil || sess.UserName != "dsl" {
		t.Errorf("the DSL's session after 0005: %+v, %v", sess, err)
	}
	office := hub.User{Name: "office", PasswordHash: "h", Role: hub.RoleOffice, CreatedAt: time.Now()}
	if err := s.CreateUser(ctx, office); err != nil {
		t.Errorf("an office account after 0005: %v", err)
	}
	bad := hub.User{Name: "x", PasswordHash: "h", Role: "caretaker", CreatedAt: time.Now()}
	if err := s.CreateUser(ctx, bad); err == nil {
		t.Error("the CHECK no longer refuses an unknown role")
	}
	var fk int
	if err := s.r.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after 0005: %d, %v", fk, err)
	}
}
