package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       TEXT PRIMARY KEY,
	applied_at TEXT NOT NULL
)`

// migrate applies, in name order, each migrations/*.sql file of fsys not yet
// recorded in schema_migrations: one transaction per file.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	if _, err := db.ExecContext(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql") // sorted
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		if err := applyMigration(ctx, db, fsys, name); err != nil {
			return fmt.Errorf("migrate %s: %w", path.Base(name), err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, fsys fs.FS, name string) error {
	script, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	base := path.Base(name)
	return runTx(ctx, db, nil, func(tx *sql.Tx) error {
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
