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
	"strings"
	"time"
)

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       TEXT PRIMARY KEY,
	applied_at TEXT NOT NULL
)`

// ForeignKeysOff is the first line of a migration that rebuilds a table
// other tables reference (SQLite cannot drop a CHECK any other way): it
// runs with foreign keys off, as SQLite's "making other kinds of table
// schema changes" procedure asks, and is committed only if
// PRAGMA foreign_key_check then finds nothing broken.
const ForeignKeysOff = "-- sqlitex: foreign_keys off"

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
	if strings.HasPrefix(string(script), ForeignKeysOff+"\n") {
		return applyForeignKeysOff(ctx, db, base, string(script))
	}
	return RunTx(ctx, db, nil, func(tx *sql.Tx) error {
		return applyTx(ctx, tx, base, string(script))
	})
}

func applyTx(ctx context.Context, tx *sql.Tx, base, script string) error {
	var applied bool
	err := tx.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?)`, base).Scan(&applied)
	if err != nil || applied {
		return err
	}
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		base, time.Now().UTC().Format(time.RFC3339))
	return err
}

// applyForeignKeysOff runs a ForeignKeysOff migration on one connection:
// foreign keys off (a no-op inside a transaction, so before BEGIN), the
// script and its bookkeeping in one transaction, a foreign_key_check that
// must come back empty before COMMIT, and foreign keys on again.
func applyForeignKeysOff(ctx context.Context, db *sql.DB, base, script string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	if err := rebuild(ctx, conn, base, script); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
		return err
	}
	// The connection goes back to the pool: it must enforce foreign keys again.
	_, err = conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	return err
}

func rebuild(ctx context.Context, conn *sql.Conn, base, script string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := applyTx(ctx, tx, base, script); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	broken := 0
	for rows.Next() {
		broken++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if broken > 0 {
		return fmt.Errorf("the rebuilt tables would leave %d rows pointing at nothing; nothing was changed", broken)
	}
	return tx.Commit()
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
