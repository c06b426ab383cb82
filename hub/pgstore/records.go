package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
)

const recordColumns = `record_id, device_id, seq, prev, body_hash, body, signature, kind,
	supersedes, pupil_ref, form, pack_version, signed_at, received_at`

func scanRecord(row pgx.Row) (hub.Stored, error) {
	var r hub.Stored
	var seq int64
	err := row.Scan(&r.ID, &r.DeviceID, &seq, &r.Prev, &r.BodyHash, &r.Body, &r.Signature, &r.Kind,
		&r.Supersedes, &r.PupilRef, &r.Form, &r.PackVersion, &r.SignedAt, &r.ReceivedAt)
	r.Seq = uint64(seq)
	r.SignedAt, r.ReceivedAt = r.SignedAt.UTC(), r.ReceivedAt.UTC()
	return r, err
}

// Record returns one stored record with its attachments, or hub.ErrNotFound
// (also once erased).
func (s *Store) Record(ctx context.Context, id string) (hub.Stored, error) {
	var r hub.Stored
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		var err error
		r, err = scanRecord(tx.QueryRow(ctx, `SELECT `+recordColumns+` FROM records WHERE record_id = $1`, id))
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `
			SELECT position, kind, media_type, hash, salt, data FROM attachments
			 WHERE record_id = $1 ORDER BY position`, id)
		r.Attachments, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.Attachment, error) {
			var a hub.Attachment
			err := row.Scan(&a.Position, &a.Kind, &a.MediaType, &a.Hash, &a.Salt, &a.Data)
			return a, err
		})
		if len(r.Attachments) == 0 {
			r.Attachments = nil
		}
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("record %s: %w", id, hub.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("record %s: %w", id, err)
	}
	return r, nil
}

// DeviceRecords returns a device's stored records in sequence order, with
// their attachments' descriptions but not their salt or data.
func (s *Store) DeviceRecords(ctx context.Context, deviceID string) ([]hub.Stored, error) {
	var recs []hub.Stored
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx,
			`SELECT `+recordColumns+` FROM records WHERE device_id = $1 ORDER BY seq`, deviceID)
		var err error
		recs, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.Stored, error) { return scanRecord(row) })
		if err != nil || len(recs) == 0 {
			return err
		}
		return addAttachmentRefs(ctx, tx, deviceID, recs)
	})
	if err != nil {
		return nil, fmt.Errorf("device %s records: %w", deviceID, err)
	}
	return recs, nil
}

func addAttachmentRefs(ctx context.Context, tx pgx.Tx, deviceID string, recs []hub.Stored) error {
	index := make(map[string]int, len(recs))
	for i, r := range recs {
		index[r.ID] = i
	}
	rows, _ := tx.Query(ctx, `
		SELECT a.record_id, a.position, a.kind, a.media_type, a.hash
		  FROM attachments a JOIN records r ON r.record_id = a.record_id
		 WHERE r.device_id = $1 ORDER BY a.record_id, a.position`, deviceID)
	var id string
	var a hub.Attachment
	_, err := pgx.ForEachRow(rows, []any{&id, &a.Position, &a.Kind, &a.MediaType, &a.Hash}, func() error {
		if i, ok := index[id]; ok {
			recs[i].Attachments = append(recs[i].Attachments, a)
		}
		return nil
	})
	return err
}

// CountRecords counts stored records (not quarantined, not erased).
func (s *Store) CountRecords(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM records`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count records: %w", wrapErr(err))
	}
	return n, nil
}

// Quarantined lists the conflicting copies kept apart, oldest first.
func (s *Store) Quarantined(ctx context.Context) ([]hub.Quarantined, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT record_id, device_id, seq, body_hash, body, signature, reason, received_at
		  FROM quarantined_copies ORDER BY received_at, copy_id`)
	qs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.Quarantined, error) {
		var q hub.Quarantined
		var seq int64
		err := row.Scan(&q.ID, &q.DeviceID, &seq, &q.BodyHash, &q.Body, &q.Signature, &q.Reason, &q.ReceivedAt)
		q.Seq, q.ReceivedAt = uint64(seq), q.ReceivedAt.UTC()
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("quarantined: %w", wrapErr(err))
	}
	return qs, nil
}

// Erase deletes a record with its attachments and leaves a tombstone in the
// same transaction; hub.ErrNotFound if there is no such record. It holds
// the device's lock, so an Ingest never judges against a record that is
// half erased.
func (s *Store) Erase(ctx context.Context, id, reason string, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var dev string
		err := tx.QueryRow(ctx, `SELECT device_id FROM records WHERE record_id = $1`, id).Scan(&dev)
		if errors.Is(err, pgx.ErrNoRows) {
			return hub.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, deviceLockSpace, deviceLockKey(dev))
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			WITH gone AS (DELETE FROM records WHERE record_id = $1
			              RETURNING record_id, device_id, seq, body_hash)
			INSERT INTO tombstones (record_id, device_id, seq, body_hash, reason, erased_at)
			SELECT record_id, device_id, seq, body_hash, $2, $3 FROM gone`,
			id, reason, at.UTC())
		if err == nil && tag.RowsAffected() == 0 {
			return hub.ErrNotFound // erased meanwhile
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM quarantined_copies WHERE record_id = $1`, id) // copies may hold the same pupil's data
		return err
	})
	if err != nil {
		return fmt.Errorf("erase record %s: %w", id, err)
	}
	return nil
}

// EraseAttachments removes the salt and data of the attachments of the
// records with these ids.
func (s *Store) EraseAttachments(ctx context.Context, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
			WITH gone AS (UPDATE attachments SET salt = NULL, data = NULL
			               WHERE record_id = ANY($1) AND (data IS NOT NULL OR salt IS NOT NULL)
			               RETURNING record_id)
			SELECT COUNT(DISTINCT record_id) FROM gone`, ids).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("erase attachments: %w", err)
	}
	return n, nil
}
