package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Guards Open and VerifyData run before they touch a database: a folder
// the kiosk cannot write to, and a database a newer SMART Kiosk made, get
// a sentence instead of a raw SQLite error, and neither is written to.

var (
	// ErrNewerSchema is a database with schema changes this version does
	// not have: a newer SMART Kiosk made it.
	ErrNewerSchema = errors.New("the database was made by a newer SMART Kiosk")
	// ErrReadOnlyFolder is a data folder the kiosk cannot write to.
	ErrReadOnlyFolder = errors.New("the data folder cannot be written to")
)

// NewerSchemaError names the database and the migrations it has that this
// version does not.
type NewerSchemaError struct {
	Path    string
	Unknown []string
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("%s was made by a newer SMART Kiosk than this one: it has schema changes this version does not have (%s). "+
		"Nothing was written to it. Run the newer SMART Kiosk on this folder (install it again if it was replaced), "+
		"or restore the folder from a backup this version made", e.Path, strings.Join(e.Unknown, ", "))
}

func (e *NewerSchemaError) Is(target error) bool { return target == ErrNewerSchema }

// ReadOnlyFolderError is a data folder that cannot be written to, and why.
type ReadOnlyFolderError struct {
	Dir string
	Err error
}

func (e *ReadOnlyFolderError) Error() string {
	why := "there is no permission to write to it"
	if errors.Is(e.Err, syscall.EROFS) {
		why = "it is on a read-only file system (a write-protected stick or a read-only mount)"
	}
	return fmt.Sprintf("the data folder %s cannot be written to: %s. The kiosk keeps its records there, so it must be "+
		"writable by the user the kiosk runs as; or give --data a writable folder. To check the records on a "+
		"write-protected copy, use smartkiosk verify, which only reads", e.Dir, why)
}

func (e *ReadOnlyFolderError) Is(target error) bool { return target == ErrReadOnlyFolder }
func (e *ReadOnlyFolderError) Unwrap() error        { return e.Err }

// checkWritable makes and removes a file in dir: the only way to know a
// folder takes writes (root ignores permission bits, not a read-only mount).
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".smartkiosk-write-check-*")
	if err != nil {
		if errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission) {
			return &ReadOnlyFolderError{Dir: dir, Err: err}
		}
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// checkNotNewer refuses the database at path if it has applied migrations
// this version does not have. It reads only; a database it cannot read
// (missing, empty, damaged) is left to the health check.
func checkNotNewer(ctx context.Context, path string) error {
	if info, err := os.Stat(path); err != nil || info.Size() == 0 {
		return nil
	}
	db, cleanup, err := openReadOnly(ctx, path)
	if err != nil {
		return nil
	}
	defer cleanup()
	unknown, err := unknownMigrations(ctx, db)
	if err != nil || len(unknown) == 0 {
		return nil
	}
	return &NewerSchemaError{Path: path, Unknown: unknown}
}

// unknownMigrations lists the migrations db has applied that this version
// does not embed; a database without the migrations table has none.
func unknownMigrations(ctx context.Context, db *sql.DB) ([]string, error) {
	known, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&exists); err != nil || !exists {
		return nil, err
	}
	applied, err := queryStrings(ctx, db, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, name := range applied {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	return unknown, nil
}

// openReadOnly opens the database at path without writing to it. SQLite
// reads a database in WAL mode through a shared-memory file beside it,
// which it cannot make in a write-protected folder; there it reads a
// private copy of the database and its WAL instead, removed by cleanup.
func openReadOnly(ctx context.Context, path string) (db *sql.DB, cleanup func(), err error) {
	db, err = sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return nil, nil, err
	}
	if _, err = db.ExecContext(ctx, `SELECT count(*) FROM sqlite_schema`); err == nil {
		return db, func() { db.Close() }, nil
	}
	db.Close()
	if c := sqliteCode(err); c != sqliteCantOpen && c != sqliteIOErr && c != sqliteReadOnly {
		return nil, nil, err
	}
	dir, terr := os.MkdirTemp("", "smartkiosk-read-*")
	if terr != nil {
		return nil, nil, fmt.Errorf("%w (and no private copy could be made: %w)", err, terr)
	}
	remove := func() { os.RemoveAll(dir) }
	copyPath := filepath.Join(dir, filepath.Base(path))
	for _, suffix := range []string{"", "-wal"} {
		if cerr := copyFileDurably(path+suffix, copyPath+suffix); cerr != nil && !(suffix != "" && errors.Is(cerr, fs.ErrNotExist)) {
			remove()
			return nil, nil, fmt.Errorf("%w (and no private copy could be made: %w)", err, cerr)
		}
	}
	db, err = sql.Open("sqlite", readOnlyDSN(copyPath))
	if err != nil {
		remove()
		return nil, nil, err
	}
	return db, func() { db.Close(); remove() }, nil
}
