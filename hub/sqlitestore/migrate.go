package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"

	"smartkiosk/store/sqlitex"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate applies the migrations not yet applied (see sqlitex.Migrate).
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	return sqlitex.Migrate(ctx, db, fsys)
}

func runTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	return sqlitex.RunTx(ctx, db, opts, fn)
}
