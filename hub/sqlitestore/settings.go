package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Setting returns a hub setting's value, or hub.ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var value []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE setting_key = ?`, key).Scan(&value)
		return notFound(err, "setting "+key)
	})
	return value, err
}

// PutSetting replaces a setting's value.
func (s *Store) PutSetting(ctx context.Context, key string, value []byte, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (setting_key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (setting_key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			key, blob(value), ts(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("put setting %s: %w", key, err)
	}
	return nil
}
