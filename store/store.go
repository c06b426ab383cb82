// Package store keeps the kiosk's roster, staff and sign-off records in SQLite.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"smartkiosk/signoff"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Errors a caller can act on (compare with errors.Is).
var (
	ErrNotFound     = errors.New("not found")
	ErrWrongPIN     = errors.New("wrong PIN")
	ErrAlreadySaved = errors.New("record already saved")
	ErrBadPIN       = errors.New("PIN must be digits only")
	ErrPINInUse     = errors.New("PIN already belongs to another adult")
	ErrNotDatabase  = errors.New("file is not a SQLite database")
	ErrCorrupt      = errors.New("the database is damaged")
	ErrDiskFull     = errors.New("the tablet's storage is full")
	ErrNotAdmin     = errors.New("only an admin adult can do this")
	ErrLastAdmin    = errors.New("the kiosk's last admin cannot be deactivated")
	ErrNameRequired = errors.New("a name is required")
	ErrSuperseded   = errors.New("the record has already been corrected or voided")
)

// dsnOptions are applied by the driver to every connection it opens.
const dsnOptions = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// SQLite result codes the store tells apart.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteCantOpen = 14
	sqliteFull     = 13
	sqliteNotADB   = 26
	// sqliteIOErrSHMSize (extended) is a failure to grow the -shm file a
	// WAL database needs even to be read: on a full disk, no space.
	sqliteIOErrSHMSize = 10 | 19<<8
)

// Store is the kiosk's SQLite database and the keys beside it.
type Store struct {
	// Now is the clock used for created_at / updated_at and the backup
	// day; tests replace it.
	Now      func() time.Time
	db       *sql.DB
	path     string
	keys     *keyring
	recovery *Recovery
	backups  backupState
	onCommit atomic.Pointer[func()]
	bands    atomic.Pointer[signoff.Bands]
}

// legacyBands are the bands a store uses until SetBands names the pack's:
// the three every pack had before bands were the school's own.
var legacyBands = signoff.Bands{"a", "b", "c"}

// SetBands sets the band ids of the tablet's pack, in its order: a roster
// may name only these, and a new pupil the roster gives no band starts in
// the first. Pupils already in a band the pack no longer has keep it (an
// adult chooses again on their page); nothing is rewritten.
func (s *Store) SetBands(ids signoff.Bands) {
	ids = slices.Clone(ids)
	s.bands.Store(&ids)
}

// Bands returns the bands set by SetBands (the three legacy ones before).
func (s *Store) Bands() signoff.Bands {
	if b := s.bands.Load(); b != nil {
		return *b
	}
	return legacyBands
}

// SetOnCommit sets f to be called after each record's transaction commits
// (the hub sync starts a few seconds later). f runs on the saving
// goroutine, outside the transaction and without any store lock held, so
// it must only hand off (a timer, a channel); nil stops the calls.
func (s *Store) SetOnCommit(f func()) {
	if f == nil {
		s.onCommit.Store(nil)
		return
	}
	s.onCommit.Store(&f)
}

// committed tells the OnCommit function a record was saved.
func (s *Store) committed() {
	if f := s.onCommit.Load(); f != nil {
		(*f)()
	}
}

// Open opens (creating if needed) the database at path, with its key files
// in the same folder. It first checks the file read-only (PRAGMA
// quick_check); a damaged database is never written to: it is moved aside
// and the newest good backup restored (see Recovery). Then it applies any
// migrations not yet applied, loads or makes the keys, and makes the day's
// backup if there is none yet.
func Open(path string) (*Store, error) {
	ctx := context.Background()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := checkWritable(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := checkNotNewer(ctx, path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	rec, err := checkOrRecover(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, diskFull(err))
	}
	s, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.recovery = rec
	if err := s.backupIfDue(ctx, s.Now()); err != nil {
		log.Printf("store: %v", err) // the kiosk carries on; tomorrow's start tries again
	}
	return s, nil
}

func open(ctx context.Context, path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+dsnOptions)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer connection
	s := &Store{Now: time.Now, db: db, path: path}
	err = migrate(ctx, db, migrationFiles)
	if err == nil {
		err = s.bindKeys(ctx, filepath.Dir(path))
	}
	if err == nil {
		err = s.sealLegacyNames(ctx)
	}
	if err != nil {
		db.Close()
		return nil, diskFull(notADatabase(err))
	}
	return s, nil
}

// Close waits for a backup in progress, then closes the database.
func (s *Store) Close() error {
	s.backups.wg.Wait()
	return s.db.Close()
}

// Recovery reports what Open did about a damaged database, or nil if the
// database was sound.
func (s *Store) Recovery() *Recovery { return s.recovery }

// hasSQLiteHeader reports whether the file at path starts like a database.
func hasSQLiteHeader(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil
	}
	return bytes.Equal(head, []byte(sqliteHeader)), nil
}

// sqliteCode is the primary result code of a driver error, or 0.
func sqliteCode(err error) int { return sqliteExtendedCode(err) & 0xff }

// sqliteExtendedCode is the extended result code of a driver error, or 0.
func sqliteExtendedCode(err error) int {
	var coder interface{ Code() int }
	if errors.As(err, &coder) {
		return coder.Code()
	}
	return 0
}

// notADatabase maps the driver's SQLITE_NOTADB to ErrNotDatabase.
func notADatabase(err error) error {
	if sqliteCode(err) == sqliteNotADB {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	return err
}

// diskFull maps SQLITE_FULL, a -shm file that cannot grow, and ENOSPC to
// ErrDiskFull.
func diskFull(err error) error {
	if sqliteCode(err) == sqliteFull || sqliteExtendedCode(err) == sqliteIOErrSHMSize || errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}

// escapePath percent-encodes the characters that would end the path part
// of a SQLite URI filename.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// readOnlyDSN opens a database without ever writing to it (a WAL file is
// read, never checkpointed into the database).
func readOnlyDSN(path string) string {
	return "file:" + escapePath(path) + "?mode=ro&_pragma=busy_timeout(5000)"
}

// now is the store's clock as UTC RFC 3339.
func (s *Store) now() string { return s.Now().UTC().Format(time.RFC3339) }

// write runs fn in one BEGIN IMMEDIATE transaction, committing if fn
// returns nil.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, s.db, nil, fn)
}

// read runs fn in a deferred (read) transaction.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, s.db, &sql.TxOptions{ReadOnly: true}, fn)
}
