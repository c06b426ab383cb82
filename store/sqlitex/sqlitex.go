// Package sqlitex holds what the kiosk's and the hub's SQLite stores do
// alike: embedded migrations applied one transaction per file, and running
// a function in a transaction. It knows no tables of either.
package sqlitex

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"time"
)

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       TEXT PRIMARY KEY,
	applied_at TEXT NOT NULL
)`

// Migrate applies, in name order, each migrations/*.sql file of fsys not
// yet recorded in schema_migrations: one transaction per file.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	if _, err := db.ExecContext(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql") // sorted
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		if err := apply(ctx, db, fsys, name); err != nil {
			return fmt.Errorf("migrate %s: %w", path.Base(name), err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, fsys fs.FS, name string) error {
	script, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	base := path.Base(name)
	return RunTx(ctx, db, nil, func(tx *sql.Tx) error {
		var applied bool
		err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?)`, base).Scan(&applied)
		if err != nil || applied {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(script)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
			base, time.Now().UTC().Format(time.RFC3339))
		return err
	})
}

// RunTx runs fn in a transaction on db, committing if fn returns nil and
// rolling back otherwise.
func RunTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
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
