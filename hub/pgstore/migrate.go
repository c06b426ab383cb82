package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the advisory lock key every migration transaction takes
// first, so hubs starting together apply each file once, one after another.
const migrationLock int64 = 0x736b2d6875622d6d // "sk-hub-m"

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       TEXT PRIMARY KEY,
	applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`

// migrate applies, in name order, each migrations/*.sql file not yet
// recorded in schema_migrations: one transaction per file.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql") // sorted
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		if err := applyMigration(ctx, pool, name); err != nil {
			return fmt.Errorf("migrate %s: %w", path.Base(name), err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, pool *pgxpool.Pool, name string) error {
	script, err := migrationFiles.ReadFile(name)
	if err != nil {
		return err
	}
	base := path.Base(name)
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// The lock is held until this transaction ends. CREATE TABLE IF
		// NOT EXISTS alone races (two creators fail on pg_type), so the
		// table is created under the lock too.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createMigrationsTable); err != nil {
			return err
		}
		var applied bool
		err := tx.QueryRow(ctx,
			`SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1)`, base).Scan(&applied)
		if err != nil || applied {
			return err
		}
		if _, err := tx.Exec(ctx, string(script)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, base)
		return err
	})
}
