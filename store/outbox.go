package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// insertOutbox queues a record for the hub, in the record's transaction.
func insertOutbox(ctx context.Context, tx *sql.Tx, recordID, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (record_id, state, created_at, updated_at)
		VALUES (?, ?, ?, ?)`, recordID, signoff.OutboxPending, now, now)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Unsynced counts the records the hub has not yet accepted.
func (s *Store) Unsynced(ctx context.Context) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE state = ?`, signoff.OutboxPending).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("unsynced records: %w", err)
	}
	return n, nil
}

// PendingRecords returns up to limit records the hub has not answered (all
// when limit is 0), in device sequence order, each with the attachments
// the kiosk still holds, opened and checked against the body's hashes
// (erased ones are left out; the hub keeps its own copy).
func (s *Store) PendingRecords(ctx context.Context, limit int) ([]record.Signed, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	var out []record.Signed
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = pendingBodies(ctx, tx, limit); err != nil {
			return err
		}
		for i := range out {
			if out[i].Attachments, err = s.enclosures(ctx, tx, out[i]); err != nil {
				return fmt.Errorf("record %s: %w", out[i].ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending records: %w", err)
	}
	return out, nil
}

func pendingBodies(ctx context.Context, tx *sql.Tx, limit int) ([]record.Signed, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.record_id, r.body, r.signature
		FROM outbox o JOIN records r ON r.record_id = o.record_id
		WHERE o.state = ? ORDER BY r.device_seq, r.rowid LIMIT ?`, signoff.OutboxPending, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Signed
	for rows.Next() {
		var rec record.Signed
		if err := rows.Scan(&rec.ID, &rec.Body, &rec.Signature); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// enclosures opens a record's attachments that are not erased.
func (s *Store) enclosures(ctx context.Context, tx *sql.Tx, rec record.Signed) ([]record.Enclosure, error) {
	rows, err := tx.QueryContext(ctx, `SELECT position, kind, media_type, hash, sealed
		FROM record_attachments WHERE record_id = ? AND sealed IS NOT NULL ORDER BY position`, rec.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Enclosure
	for rows.Next() {
		var pos int
		var ref record.AttachmentRef
		var sealed []byte
		if err := rows.Scan(&pos, &ref.Kind, &ref.Type, &ref.Hash, &sealed); err != nil {
			return nil, err
		}
		salt, data, err := s.keys.openAttachmentAt(rec.ID, pos, ref, sealed)
		if err == nil {
			err = record.CheckAttachment(ref, salt, data)
		}
		if err != nil {
			return nil, fmt.Errorf("attachment %d: %w", pos, err)
		}
		out = append(out, record.Enclosure{Position: pos, Salt: salt, Data: data})
	}
	return out, rows.Err()
}

// SaveAcks records the hub's answers in one transaction: a stored or
// duplicate record becomes acked, with the hub's receipt and the time at;
// a conflict or invalid one takes that state and the hub's reason, for an
// adult to look at (see Rejected). An answer for a record not in the
// outbox, or with an unknown status, is an error and nothing changes.
func (s *Store) SaveAcks(ctx context.Context, acks []record.Ack, at time.Time) error {
	if len(acks) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		counts := map[string]int{}
		for _, a := range acks {
			state, err := s.saveAck(ctx, tx, a, at)
			if err != nil {
				return err
			}
			counts[state]++
		}
		detail := fmt.Sprintf("%d acknowledged, %d conflict, %d invalid",
			counts[signoff.OutboxAcked], counts[signoff.OutboxConflict], counts[signoff.OutboxInvalid])
		return s.audit(ctx, tx, 0, AuditSynced, detail)
	})
	if err != nil {
		return fmt.Errorf("save acks: %w", diskFull(err))
	}
	return nil
}

// saveAck applies one answer and returns the record's new state.
func (s *Store) saveAck(ctx context.Context, tx *sql.Tx, a record.Ack, at time.Time) (string, error) {
	state, known := signoff.OutboxState(a.Status)
	if !known {
		return "", fmt.Errorf("record %s: the hub's answer %q is not one the kiosk knows", a.ID, a.Status)
	}
	var res sql.Result
	var err error
	if state == signoff.OutboxAcked {
		res, err = tx.ExecContext(ctx, `UPDATE outbox SET state = ?, receipt = ?, acked_at = ?, reason = NULL,
			updated_at = ? WHERE record_id = ?`, state, a.Receipt, utc(at), s.now(), a.ID)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE outbox SET state = ?, reason = ?, receipt = ?,
			updated_at = ? WHERE record_id = ?`, state, a.Reason, a.Receipt, s.now(), a.ID)
	}
	if err != nil {
		return "", fmt.Errorf("record %s: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return "", fmt.Errorf("the hub answered for record %s, which is not in the outbox: %w", a.ID, ErrNotFound)
	}
	return state, nil
}

// PurgeAttachments erases the attachments (names, marks, signature
// images) of records the hub acknowledged before ackedBefore — the hub
// keeps them — and returns how many records it erased from. A record
// still waiting for the hub, or refused by it, is never touched. The row
// of each attachment stays, with its hash, so the signed body still holds.
func (s *Store) PurgeAttachments(ctx context.Context, ackedBefore time.Time) (int, error) {
	var n int
	err := s.write(ctx, func(tx *sql.Tx) error {
		const which = `SELECT record_id FROM outbox WHERE state = 'acked' AND acked_at < ?`
		err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT record_id) FROM record_attachments
			WHERE sealed IS NOT NULL AND record_id IN (`+which+`)`, utc(ackedBefore)).Scan(&n)
		if err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE record_attachments SET sealed = NULL, erased_at = ?
			WHERE sealed IS NOT NULL AND record_id IN (`+which+`)`, s.now(), utc(ackedBefore))
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, 0, AuditAttachmentsErased, fmt.Sprintf("%d records, acknowledged by the hub", n))
	})
	if err != nil {
		return 0, fmt.Errorf("purge attachments: %w", diskFull(err))
	}
	return n, nil
}

// RejectedRecord is a record the hub refused, for an adult to look at.
type RejectedRecord struct {
	RecordID string
	PupilID  int64 // 0 for an adult's own record
	Form     string
	SignedAt time.Time
	State    string // signoff.OutboxConflict or signoff.OutboxInvalid
	Reason   string // the hub's sentence
}

// Rejected lists the records the hub refused (conflict or invalid), oldest
// signature first.
func (s *Store) Rejected(ctx context.Context) ([]RejectedRecord, error) {
	var out []RejectedRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.record_id, COALESCE(r.pupil_id, 0), r.form_id, r.signed_at,
			o.state, COALESCE(o.reason, '') FROM outbox o JOIN records r ON r.record_id = o.record_id
			WHERE o.state IN (?, ?) ORDER BY r.signed_at, r.rowid`, signoff.OutboxConflict, signoff.OutboxInvalid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rr RejectedRecord
			var signed string
			if err := rows.Scan(&rr.RecordID, &rr.PupilID, &rr.Form, &signed, &rr.State, &rr.Reason); err != nil {
				return err
			}
			rr.SignedAt, _ = time.Parse(time.RFC3339, signed)
			out = append(out, rr)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("rejected records: %w", err)
	}
	return out, nil
}
