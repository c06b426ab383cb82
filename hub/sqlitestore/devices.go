package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

// CreateEnrolCode keeps a new one-time enrolment code (only its hash).
func (s *Store) CreateEnrolCode(ctx context.Context, c hub.EnrolCode) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO enrol_codes (code_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			c.Hash, c.Label, ts(c.CreatedAt), ts(c.ExpiresAt))
		if err != nil {
			return fmt.Errorf("create enrolment code: %w", err)
		}
		return nil
	})
}

// RedeemEnrolCode uses a code up and registers dev, in one transaction.
func (s *Store) RedeemEnrolCode(ctx context.Context, codeHash string, dev hub.Device) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := usableCode(ctx, tx, codeHash, dev.EnrolledAt); err != nil {
			return err
		}
		var exists bool
		err := tx.QueryRowContext(ctx,
			`SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?)`, dev.ID).Scan(&exists)
		if err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("enrol %s: %w", dev.ID, signoff.ErrDeviceExists)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO devices (device_id, public_key, label, enrolled_at, revoked_at)
			VALUES (?, ?, ?, ?, ?)`, dev.ID, blob(dev.PublicKey), dev.Label, ts(dev.EnrolledAt), nullTS(dev.RevokedAt))
		if err != nil {
			return fmt.Errorf("enrol %s: %w", dev.ID, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE enrol_codes SET used_at = ?, device_id = ? WHERE code_hash = ?`,
			ts(dev.EnrolledAt), dev.ID, codeHash)
		return err
	})
}

// usableCode checks that a code exists, is unused and has not expired at.
func usableCode(ctx context.Context, tx *sql.Tx, codeHash string, at time.Time) error {
	var expires time.Time
	var used sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT expires_at, used_at FROM enrol_codes WHERE code_hash = ?`,
		codeHash).Scan(timeCol{&expires}, &used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return signoff.ErrCodeUnknown
	case err != nil:
		return err
	case used.Valid:
		return signoff.ErrCodeUsed
	case at.After(expires):
		return signoff.ErrCodeExpired
	}
	return nil
}

const deviceColumns = `device_id, public_key, label, enrolled_at, revoked_at`

func scanDevice(row interface{ Scan(...any) error }) (hub.Device, error) {
	var d hub.Device
	err := row.Scan(&d.ID, &d.PublicKey, &d.Label, timeCol{&d.EnrolledAt}, timeCol{&d.RevokedAt})
	return d, err
}

// Device returns a registered device (revoked ones too), or ErrNotFound.
func (s *Store) Device(ctx context.Context, id string) (hub.Device, error) {
	var d hub.Device
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = scanDevice(tx.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices WHERE device_id = ?`, id))
		return notFound(err, "device "+id)
	})
	return d, err
}

// Devices lists every registered device, oldest enrolment first.
func (s *Store) Devices(ctx context.Context) ([]hub.Device, error) {
	var list []hub.Device
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+deviceColumns+` FROM devices ORDER BY enrolled_at, rowid`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDevice(rows)
			if err != nil {
				return err
			}
			list = append(list, d)
		}
		return rows.Err()
	})
	return list, err
}

// RevokeDevice marks a device revoked at at, keeping an earlier revocation.
func (s *Store) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE device_id = ?`, ts(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, fmt.Errorf("revoke device %s: %w", id, hub.ErrNotFound))
		}
		return nil
	})
}

// UseNonce remembers a nonce for its device until expires, forgetting
// those expired before now; ErrReplay when the device used it before.
func (s *Store) UseNonce(ctx context.Context, deviceID, nonce string, now, expires time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM nonces WHERE expires_at < ?`, ts(now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO nonces (device_id, nonce, expires_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, deviceID, nonce, ts(expires))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, hub.ErrReplay)
		}
		return nil
	})
}

// cmpErr is err if there is one, else otherwise.
func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
