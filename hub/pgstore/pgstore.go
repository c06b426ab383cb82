// Package pgstore keeps a hub's devices, records, roster, packs and staff
// accounts in PostgreSQL (through pgx), for a trust running one hub for many
// schools. It implements hub.Store; hub/hubtest is its specification.
//
// Records are deduplicated by the database's unique constraints (record id,
// and device plus sequence number), so any number of hub processes may
// share one database. A lost connection or a restarting server comes back as
// an error wrapping ErrUnavailable; nothing panics, and the caller retries
// (a batch whose commit was cut off may have been stored, and its retry is
// then answered Duplicate).
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"smartkiosk/hub"
)

// ErrUnavailable wraps errors caused by the database being unreachable,
// restarting or shutting down: the operation may be retried later.
var ErrUnavailable = errors.New("database unavailable")

// Store is a hub.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

var _ hub.Store = (*Store)(nil)

// Open connects to the database at url (postgres://…), brings its schema up
// to date and returns the store. Two hubs opening one database at once are
// fine: migrations take an advisory lock.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("pgstore: parse url: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	// Reads and writes use UTC; TIMESTAMPTZ does not depend on it, but
	// anything printed by the server does.
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", wrapErr(err))
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: %w", wrapErr(err))
	}
	return &Store{pool: pool}, nil
}

// Ping checks PostgreSQL answers and this hub may write, in a transaction
// it rolls back.
func (s *Store) Ping(ctx context.Context) error {
	return wrapErr(s.inTx(ctx, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT has_table_privilege('records', 'INSERT')`).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return errors.New("the hub's database user may not write records")
		}
		return nil
	}))
}

// Close releases the store's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// inTx runs fn in a transaction (READ COMMITTED, the server's default) and
// commits it; any error rolls it back.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.runTx(ctx, pgx.TxOptions{}, fn)
}

// inReadTx runs fn in a read-only REPEATABLE READ transaction: one snapshot
// for reads that take more than one statement.
func (s *Store) inReadTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.runTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (s *Store) runTx(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return wrapErr(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit it is a no-op
	if err := fn(tx); err != nil {
		return wrapErr(err)
	}
	return wrapErr(tx.Commit(ctx))
}

// wrapErr marks errors that mean "the database is not there right now" with
// ErrUnavailable, keeping the original for the log.
func wrapErr(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !unavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// 08: connection exception; 57P01-57P03: admin or crash shutdown,
		// cannot connect now (starting up or recovering).
		return strings.HasPrefix(pgErr.Code, "08") ||
			pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || pgconn.SafeToRetry(err)
}

// utc turns a nullable TIMESTAMPTZ into a UTC time, zero for NULL.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
