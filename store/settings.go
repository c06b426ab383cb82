package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting returns the value kept under key, or nil (and no error) when
// there is none. The hub sync keeps its link and status here.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var value []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("setting %s: %w", key, err)
	}
	return value, nil
}

// SetSetting replaces the value kept under key; a nil value removes it, so
// Setting then returns nil as for a key never set.
func (s *Store) SetSetting(ctx context.Context, key string, value []byte) error {
	if key == "" {
		return errors.New("set setting: no key")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if value == nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			key, value, s.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, diskFull(err))
	}
	return nil
}
