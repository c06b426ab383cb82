// Package store keeps the kiosk's roster, staff and sign-off records in SQLite.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
)

// dsnOptions are applied by the driver to every connection it opens.
const dsnOptions = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// sqliteNotADB is SQLite's result code SQLITE_NOTADB.
const sqliteNotADB = 26

// Store is the kiosk's SQLite database.
type Store struct {
	// Now is the clock used for created_at / updated_at; tests replace it.
	Now func() time.Time
	db  *sql.DB
}

// Open opens (creating if needed) the database at path and applies any
// migrations not yet applied.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := checkHeader(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+dsnOptions)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer connection
	if err := migrate(context.Background(), db, migrationFiles); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, notADatabase(err))
	}
	return &Store{Now: time.Now, db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// checkHeader rejects an existing, non-empty file that is not SQLite, so
// the caller hears so plainly rather than a driver message.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && errors.Is(err, io.EOF) {
		return nil // an empty file is an empty database
	}
	if err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return ErrNotDatabase
	}
	return nil
}

// notADatabase maps the driver's SQLITE_NOTADB to ErrNotDatabase.
func notADatabase(err error) error {
	var coder interface{ Code() int }
	if errors.As(err, &coder) && coder.Code()&0xff == sqliteNotADB {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	return err
}

// escapePath percent-encodes the characters that would end the path part
// of a SQLite URI filename.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
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

func runTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
