package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"smartkiosk/store/record"
)

// Device returns the tablet's signing identity: its device id and Ed25519
// public key (for the adult area, enrolment and `verify --public-key`).
func (s *Store) Device() Device { return s.keys.device }

// bindKeys loads the key files in dir and ties them to the database. A
// database that has never had keys gets them (made now if the files are
// missing); one that has must find the very same keys, or it is not opened:
// new keys would leave its names unreadable and start a second chain.
func (s *Store) bindKeys(ctx context.Context, dir string) error {
	var keys *keyring
	err := s.write(ctx, func(tx *sql.Tx) error {
		d, found, err := readDeviceRow(ctx, tx)
		if err != nil {
			return err
		}
		if keys, err = loadKeys(dir, !found); err != nil {
			return err
		}
		if found {
			return d.matches(keys, dir)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO devices (device_id, public_key, data_key_id, created_at)
			VALUES (?, ?, ?, ?)`, keys.device.ID, []byte(keys.device.PublicKey), keys.dataKeyID, s.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	s.keys = keys
	return nil
}

// deviceRow is the devices table's one row.
type deviceRow struct {
	id, dataKeyID string
	publicKey     []byte
}

func readDeviceRow(ctx context.Context, q querier) (deviceRow, bool, error) {
	var d deviceRow
	err := q.QueryRowContext(ctx, `SELECT device_id, public_key, data_key_id FROM devices
		ORDER BY created_at LIMIT 1`).Scan(&d.id, &d.publicKey, &d.dataKeyID)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	return d, err == nil, err
}

func (d deviceRow) matches(k *keyring, dir string) error {
	if d.id != k.device.ID || !bytes.Equal(d.publicKey, k.device.PublicKey) {
		return fmt.Errorf("%w: the database belongs to device %s, but %s in %s is device %s",
			ErrKeysMismatch, d.id, DeviceKeyFile, dir, k.device.ID)
	}
	if d.dataKeyID != k.dataKeyID {
		return fmt.Errorf("%w: %s in %s is not the key this database's personal data is sealed with",
			ErrKeysMismatch, DataKeyFile, dir)
	}
	return nil
}

// querier is *sql.Tx or *sql.DB.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// DeviceID is the tablet's device id, as its records and the hub name it.
func (s *Store) DeviceID() string { return s.keys.device.ID }

// SignRequest signs a request to the hub with the device key, behind
// record.RequestContext so it can never stand for a record's signature.
func (s *Store) SignRequest(msg []byte) []byte {
	return record.SignAs(s.keys.priv, record.RequestContext, msg)
}
