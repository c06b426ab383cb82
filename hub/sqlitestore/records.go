package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"smartkiosk/hub"
)

const recordColumns = `record_id, device_id, seq, prev_hash, body_hash, body, signature, kind,
	supersedes, pupil_ref, form, pack_version, signed_at, received_at`

func scanRecord(row interface{ Scan(...any) error }) (hub.Stored, error) {
	var r hub.Stored
	var seq int64
	err := row.Scan(&r.ID, &r.DeviceID, &seq, &r.Prev, &r.BodyHash, &r.Body, &r.Signature, &r.Kind,
		&r.Supersedes, &r.PupilRef, &r.Form, &r.PackVersion, timeCol{&r.SignedAt}, timeCol{&r.ReceivedAt})
	r.Seq = uint64(seq)
	return r, err
}

// Record returns one stored record with its attachments, or ErrNotFound.
func (s *Store) Record(ctx context.Context, id string) (hub.Stored, error) {
	var r hub.Stored
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRecord(tx.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM records WHERE record_id = ?`, id))
		if err != nil {
			return notFound(err, "record "+id)
		}
		rows, err := tx.QueryContext(ctx, `SELECT position, kind, media_type, hash, salt, data
			FROM record_attachments WHERE record_id = ? ORDER BY position`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a hub.Attachment
			if err := rows.Scan(&a.Position, &a.Kind, &a.MediaType, &a.Hash, &a.Salt, &a.Data); err != nil {
				return err
			}
			r.Attachments = append(r.Attachments, a)
		}
		return rows.Err()
	})
	return r, err
}

// DeviceRecords returns a device's stored records in sequence order, with
// their attachments' references but not their data.
func (s *Store) DeviceRecords(ctx context.Context, deviceID string) ([]hub.Stored, error) {
	var list []hub.Stored
	err := s.read(ctx, func(tx *sql.Tx) error {
		var index map[string]int
		var err error
		list, index, err = queryRecords(ctx, tx,
			`SELECT `+recordColumns+` FROM records WHERE device_id = ? ORDER BY seq`, deviceID)
		if err != nil {
			return err
		}
		return deviceAttachments(ctx, tx, deviceID, list, index)
	})
	return list, err
}

// deviceAttachments fills in the references of a device's attachments.
func deviceAttachments(ctx context.Context, tx *sql.Tx, deviceID string, list []hub.Stored, index map[string]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.record_id, a.position, a.kind, a.media_type, a.hash
		FROM record_attachments AS a JOIN records AS r USING (record_id)
		WHERE r.device_id = ? ORDER BY r.seq, a.position`, deviceID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a hub.Attachment
		if err := rows.Scan(&id, &a.Position, &a.Kind, &a.MediaType, &a.Hash); err != nil {
			return err
		}
		r := &list[index[id]]
		r.Attachments = append(r.Attachments, a)
	}
	return rows.Err()
}

// CountRecords counts stored records (not quarantined, not erased).
func (s *Store) CountRecords(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records`).Scan(&n)
	})
	return n, err
}

// Quarantined lists the conflicting copies kept apart, oldest first.
func (s *Store) Quarantined(ctx context.Context) ([]hub.Quarantined, error) {
	var list []hub.Quarantined
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT record_id, device_id, seq, body_hash, body, signature,
			reason, received_at FROM quarantined_records ORDER BY received_at, quarantine_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q hub.Quarantined
			var seq int64
			err := rows.Scan(&q.ID, &q.DeviceID, &seq, &q.BodyHash, &q.Body, &q.Signature, &q.Reason,
				timeCol{&q.ReceivedAt})
			if err != nil {
				return err
			}
			q.Seq = uint64(seq)
			list = append(list, q)
		}
		return rows.Err()
	})
	return list, err
}

// Erase deletes a record and its attachments (secure_delete overwrites
// them in the file) and leaves a tombstone.
func (s *Store) Erase(ctx context.Context, id, reason string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var device, hash, prev string
		var seq int64
		err := tx.QueryRowContext(ctx, `SELECT device_id, seq, body_hash, prev_hash FROM records WHERE record_id = ?`,
			id).Scan(&device, &seq, &hash, &prev)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("erase record %s: %w", id, hub.ErrNotFound)
		}
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM record_attachments WHERE record_id = ?`,
			`DELETE FROM records WHERE record_id = ?`,
			`DELETE FROM quarantined_records WHERE record_id = ?`, // copies may hold the same pupil's data
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("erase record %s: %w", id, err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO tombstones (record_id, device_id, seq, body_hash, prev_hash,
			reason, erased_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, device, seq, hash, prev, reason, ts(at))
		return err
	})
}

// queryRecords runs a query for recordColumns and returns the records in
// order, with each record id's position.
func queryRecords(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]hub.Stored, map[string]int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var list []hub.Stored
	index := map[string]int{}
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, nil, err
		}
		index[r.ID] = len(list)
		list = append(list, r)
	}
	return list, index, rows.Err()
}

// EraseAttachments removes the salt and data of the attachments of the
// records with these ids (secure_delete overwrites them in the file). The
// ids go in as one JSON array, like PupilRecords' UPNs.
func (s *Store) EraseAttachments(ctx context.Context, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return 0, fmt.Errorf("erase attachments: %w", err)
	}
	var n int
	err = s.write(ctx, func(tx *sql.Tx) error {
		const held = `FROM record_attachments WHERE record_id IN (SELECT value FROM json_each(?))
			AND (data IS NOT NULL OR salt IS NOT NULL)`
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT record_id) `+held, string(list)).Scan(&n); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE record_attachments SET salt = NULL, data = NULL
			WHERE record_id IN (SELECT value FROM json_each(?)) AND (data IS NOT NULL OR salt IS NOT NULL)`, string(list))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("erase attachments: %w", err)
	}
	return n, nil
}
