package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
)

// Setting returns a hub setting's value, or hub.ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var value []byte
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE setting_key = $1`, key).Scan(&value)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("setting %s: %w", key, hub.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", key, wrapErr(err))
	}
	return value, nil
}

// PutSetting replaces a setting's value.
func (s *Store) PutSetting(ctx context.Context, key string, value []byte, at time.Time) error {
	if value == nil {
		value = []byte{}
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO settings (setting_key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (setting_key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
		key, value, at.UTC())
	if err != nil {
		return fmt.Errorf("put setting %s: %w", key, wrapErr(err))
	}
	return nil
}
