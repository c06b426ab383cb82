package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Outbox states: a record waits as pending until the hub answers; stored
// and duplicate answers make it acked; conflict and invalid are kept for an
// adult to look at. The hub sync moves records between them.
const (
	OutboxPending  = "pending"
	OutboxAcked    = "acked"
	OutboxConflict = "conflict"
	OutboxInvalid  = "invalid"
)

// insertOutbox queues a record for the hub, in the record's transaction.
func insertOutbox(ctx context.Context, tx *sql.Tx, recordID, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (record_id, state, created_at, updated_at)
		VALUES (?, ?, ?, ?)`, recordID, OutboxPending, now, now)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Unsynced counts the records the hub has not yet accepted.
func (s *Store) Unsynced(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE state = ?`, OutboxPending).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("unsynced records: %w", err)
	}
	return n, nil
}
