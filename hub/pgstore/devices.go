package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

// CreateEnrolCode keeps a new one-time enrolment code (only its hash).
func (s *Store) CreateEnrolCode(ctx context.Context, c hub.EnrolCode) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO enrol_codes (code_hash, label, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`,
		c.Hash, c.Label, c.CreatedAt.UTC(), c.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("create enrol code: %w", wrapErr(err))
	}
	return nil
}

// RedeemEnrolCode uses a code up and registers dev, in one transaction.
func (s *Store) RedeemEnrolCode(ctx context.Context, codeHash string, dev hub.Device) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var expires time.Time
		var used *time.Time
		err := tx.QueryRow(ctx, `
			SELECT expires_at, used_at FROM enrol_codes WHERE code_hash = $1 FOR UPDATE`,
			codeHash).Scan(&expires, &used)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return signoff.ErrCodeUnknown
		case err != nil:
			return err
		case used != nil:
			return signoff.ErrCodeUsed
		case dev.EnrolledAt.After(expires):
			return signoff.ErrCodeExpired
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO devices (device_id, public_key, label, enrolled_at, revoked_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (device_id) DO NOTHING`,
			dev.ID, []byte(dev.PublicKey), dev.Label, dev.EnrolledAt.UTC(), nullTime(dev.RevokedAt))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return signoff.ErrDeviceExists
		}
		_, err = tx.Exec(ctx, `
			UPDATE enrol_codes SET used_at = $2, device_id = $3 WHERE code_hash = $1`,
			codeHash, dev.EnrolledAt.UTC(), dev.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("redeem enrol code: %w", err)
	}
	return nil
}

const deviceColumns = `device_id, public_key, label, enrolled_at, revoked_at`

func scanDevice(row pgx.Row) (hub.Device, error) {
	var d hub.Device
	var key []byte
	var revoked *time.Time
	if err := row.Scan(&d.ID, &key, &d.Label, &d.EnrolledAt, &revoked); err != nil {
		return d, err
	}
	d.PublicKey = key
	d.EnrolledAt = d.EnrolledAt.UTC()
	d.RevokedAt = utc(revoked)
	return d, nil
}

// Device returns a registered device, or hub.ErrNotFound.
func (s *Store) Device(ctx context.Context, id string) (hub.Device, error) {
	d, err := scanDevice(s.pool.QueryRow(ctx,
		`SELECT `+deviceColumns+` FROM devices WHERE device_id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, fmt.Errorf("device %s: %w", id, hub.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("device %s: %w", id, wrapErr(err))
	}
	return d, nil
}

// Devices lists every registered device, oldest enrolment first.
func (s *Store) Devices(ctx context.Context) ([]hub.Device, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT `+deviceColumns+` FROM devices ORDER BY enrolled_at, device_id`)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", wrapErr(err))
	}
	devs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (hub.Device, error) { return scanDevice(r) })
	if err != nil {
		return nil, fmt.Errorf("devices: %w", wrapErr(err))
	}
	return devs, nil
}

// RevokeDevice marks a device revoked at at, keeping an earlier revocation.
func (s *Store) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `
		UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE device_id = $1`,
		id, at.UTC())
	if err != nil {
		return fmt.Errorf("revoke device %s: %w", id, wrapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("revoke device %s: %w", id, hub.ErrNotFound)
	}
	return nil
}

// UseNonce remembers a request's nonce for its device until expires;
// hub.ErrReplay when the device used it before. A nonce that expired before
// now counts as forgotten, and the device's expired nonces are deleted.
func (s *Store) UseNonce(ctx context.Context, deviceID, nonce string, now, expires time.Time) error {
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (device_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
		WHERE nonces.expires_at < $4`,
		deviceID, nonce, expires.UTC(), now.UTC())
	if err != nil {
		return fmt.Errorf("use nonce: %w", wrapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return hub.ErrReplay
	}
	// Forgetting is housekeeping: the nonce is taken whatever happens here,
	// and the next request of this device tries again.
	_, _ = s.pool.Exec(ctx,
		`DELETE FROM nonces WHERE device_id = $1 AND expires_at < $2`, deviceID, now.UTC())
	return nil
}
