package sqlitex_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	_ "modernc.org/sqlite"

	"smartkiosk/store/sqlitex"
)

const initSQL = `CREATE TABLE parent (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')));
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
INSERT INTO parent VALUES (1, 'a'), (2, 'b');
INSERT INTO child VALUES (10, 1), (11, 2), (12, 2);`

// rebuildSQL drops parent's CHECK the only way SQLite allows: a new table.
const rebuildSQL = sqlitex.ForeignKeysOff + `
CREATE TABLE parent_new (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);
INSERT INTO parent_new SELECT id, kind FROM parent;
DROP TABLE parent;
ALTER TABLE parent_new RENAME TO parent;`

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "t.db")+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrate_RebuildKeepsReferences: a ForeignKeysOff migration rebuilds
// a referenced table, keeps every child row pointing at its parent, and
// leaves foreign keys enforced afterwards.
func TestMigrate_RebuildKeepsReferences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := open(t)
	fsys := fstest.MapFS{
		"migrations/0001_init.sql":    {Data: []byte(initSQL)},
		"migrations/0002_rebuild.sql": {Data: []byte(rebuildSQL)},
	}
	if err := sqlitex.Migrate(ctx, db, fsys); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO parent VALUES (3, 'early')`); err != nil {
		t.Errorf("the rebuilt table still has the old CHECK: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM child JOIN parent ON parent.id = child.parent_id`); n != 3 {
		t.Errorf("%d children find their parent after the rebuild, want 3", n)
	}
	if n := count(t, db, `PRAGMA foreign_keys`); n != 1 {
		t.Errorf("foreign_keys = %d after the migration, want 1", n)
	}
	if _, err := db.Exec(`INSERT INTO child VALUES (13, 99)`); err == nil {
		t.Error("a child with no parent was accepted after the migration: foreign keys are not enforced")
	}
	if _, err := db.Exec(`DELETE FROM parent WHERE id = 1`); err == nil {
		t.Error("deleting a parent with children was accepted: the reference was lost in the rebuild")
	}
	// Applied once: a second Migrate changes nothing.
	if err := sqlitex.Migrate(ctx, db, fsys); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != 2 {
		t.Errorf("schema_migrations has %d rows, want 2", n)
	}
}

// TestMigrate_RebuildThatBreaksReferencesIsRolledBack: a rebuild that
// loses a parent row is refused before COMMIT, with nothing changed.
func TestMigrate_RebuildThatBreaksReferencesIsRolledBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := open(t)
	lossy := strings.Replace(rebuildSQL, "SELECT id, kind FROM parent", "SELECT id, kind FROM parent WHERE id = 1", 1)
	err := sqlitex.Migrate(ctx, db, fstest.MapFS{
		"migrations/0001_init.sql":    {Data: []byte(initSQL)},
		"migrations/0002_rebuild.sql": {Data: []byte(lossy)},
	})
	if err == nil || !strings.Contains(err.Error(), "2 rows pointing at nothing") {
		t.Fatalf("Migrate = %v, want the broken references refused", err)
	}
	if n := count(t, db, `SELECT count(*) FROM parent`); n != 2 {
		t.Errorf("parent has %d rows after the refused migration, want the 2 it had", n)
	}
	if n := count(t, db, `SELECT count(*) FROM schema_migrations WHERE name = '0002_rebuild.sql'`); n != 0 {
		t.Error("the refused migration is recorded as applied")
	}
	if _, err := db.Exec(`INSERT INTO parent VALUES (3, 'early')`); err == nil {
		t.Error("the old CHECK is gone after a refused migration")
	}
	if n := count(t, db, `PRAGMA foreign_keys`); n != 1 {
		t.Errorf("foreign_keys = %d after a refused migration, want 1", n)
	}
}
