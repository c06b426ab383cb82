// Package sqlitestore keeps a hub's data in one SQLite file.
//
// Writes go through one connection (SQLite has one writer; queuing in
// database/sql is cheaper than SQLITE_BUSY retries), reads through a small
// pool of read-only connections, which WAL lets run beside the writer.
package sqlitestore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"smartkiosk/hub"
)

// ErrNotHubDatabase is returned by Open for a file that is not SQLite, is
// damaged, or is some other program's SQLite database.
var ErrNotHubDatabase = errors.New("the file is not a hub database")

// applicationID marks a hub database ('HUB1'); 0001_init.sql sets it.
const applicationID = 0x48554231

// writeDSN is applied by the driver to every writer connection.
// secure_delete overwrites what Erase deletes, so an erased body does not
// linger in free pages of the file.
const writeDSN = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)&_txlock=immediate"

// readDSN is for the read pool: the file is WAL already (the writer opened
// it first), and query_only stops a read connection ever writing.
const readDSN = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=query_only(1)"

// readers is the size of the read pool.
const readers = 4

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// SQLite result codes that mean the file is not a database we can read.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// Store is a hub's SQLite database. It implements hub.Store.
type Store struct {
	// Now stamps what the contract gives no time for (an asset's
	// created_at); tests may replace it.
	Now  func() time.Time
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only connections
	name string  // the database as a DSN names it ("file:…")
}

var _ hub.Store = (*Store)(nil)

// Open opens the hub database at path, creating it if there is no file,
// and applies any migrations not yet applied. A file that is not a hub
// database gives an error wrapping ErrNotHubDatabase, and is not written to.
func Open(path string) (*Store, error) {
	s, err := open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("open hub database %s: %w", path, err)
	}
	return s, nil
}

func open(ctx context.Context, path string) (*Store, error) {
	name := "file:" + escapePath(path)
	found, err := checkHeader(path)
	if err != nil {
		return nil, err
	}
	if found {
		if err := checkApplication(ctx, name); err != nil {
			return nil, notHub(err)
		}
	}
	w, err := sql.Open("sqlite", name+writeDSN)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	if err := migrate(ctx, w, migrationFiles); err != nil {
		w.Close()
		return nil, notHub(err)
	}
	r, err := sql.Open("sqlite", name+readDSN)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readers)
	return &Store{Now: time.Now, w: w, r: r, name: name}, nil
}

// Ping checks the reading and the writing connection both answer a query
// of the database file (free disk space is the caller's to check).
func (s *Store) Ping(ctx context.Context) error {
	for _, db := range []*sql.DB{s.r, s.w} {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
			return fmt.Errorf("the database does not answer: %w", err)
		}
	}
	return nil
}

// BackupTo writes a consistent copy of the database to dst (VACUUM INTO
// on a reading connection: the hub keeps taking records meanwhile) and
// checks the copy opens and passes SQLite's quick_check. dst must not
// exist.
func (s *Store) BackupTo(ctx context.Context, dst string) error {
	src, err := sql.Open("sqlite", s.name+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	_, err = src.ExecContext(ctx, `VACUUM INTO ?`, dst)
	if err = errors.Join(err, src.Close()); err != nil {
		return fmt.Errorf("copy the database: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(dst)+readDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("the copy of the database failed its check (%s): %v", ok, err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// checkHeader refuses a non-empty file that does not start like SQLite,
// before the driver opens (and might write beside) it. found says whether
// there is a database to check further.
func checkHeader(path string) (found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && err == io.EOF {
		return false, nil // an empty file is an empty database
	}
	if !bytes.Equal(head[:n], []byte(sqliteHeader)) {
		return false, fmt.Errorf("%w (it does not start like a SQLite file)", ErrNotHubDatabase)
	}
	return true, nil
}

// checkApplication refuses, through a read-only connection that cannot
// change the file, a SQLite database made by something else: one with
// tables but without the hub's application id.
func checkApplication(ctx context.Context, name string) error {
	db, err := sql.Open("sqlite", name+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var id, objects int
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return err
	}
	if id == applicationID {
		return nil
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`).Scan(&objects); err != nil {
		return err
	}
	if id != 0 || objects > 0 {
		return fmt.Errorf("%w (it is another program's SQLite database, application id %#x, %d schema objects)",
			ErrNotHubDatabase, id, objects)
	}
	return nil
}

// notHub says a damaged or non-SQLite file is not a hub database.
func notHub(err error) error {
	var coder interface{ Code() int }
	if errors.As(err, &coder) {
		if c := coder.Code() & 0xff; c == sqliteNotADB || c == sqliteCorrupt {
			return fmt.Errorf("%w (%v)", ErrNotHubDatabase, err)
		}
	}
	return err
}

// escapePath percent-encodes the characters that would end the path part
// of a SQLite URI filename.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// write runs fn in one BEGIN IMMEDIATE transaction on the writer,
// committing if fn returns nil.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, s.w, nil, fn)
}

// read runs fn in a read transaction: one snapshot of the database.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, s.r, &sql.TxOptions{ReadOnly: true}, fn)
}

// timeFormat is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// ts is t as stored.
func ts(t time.Time) string { return t.UTC().Format(timeFormat) }

// nullTS is t as stored, NULL for the zero time.
func nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

// timeCol scans a time column (NULL is the zero time) into *t, in UTC.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	var text string
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("a time column holds %T", v)
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return err
	}
	*c.t = t.UTC()
	return nil
}

// blob is b for a NOT NULL BLOB column: the driver binds a nil slice as NULL.
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// notFound maps sql.ErrNoRows to hub.ErrNotFound, naming what was missing.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, hub.ErrNotFound)
	}
	return err
}
