package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
)

// Ingest stores a batch of checked records in one transaction and says
// what happened to each, by the rules of hub.Outcome. The unique
// constraints on records decide: each record is inserted with ON CONFLICT
// DO NOTHING, and only when nothing was inserted does Ingest look at what
// holds the id or the sequence.
func (s *Store) Ingest(ctx context.Context, recs []hub.Incoming, at time.Time) ([]hub.Outcome, error) {
	out := make([]hub.Outcome, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		in, err := prepareIngest(ctx, tx, at)
		if err != nil {
			return err
		}
		defer in.close()
		for i, r := range recs {
			if out[i], err = in.one(r); err != nil {
				return fmt.Errorf("record %s: %w", r.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return out, nil
}

// ingester holds one batch's prepared statements.
type ingester struct {
	ctx   context.Context
	at    string
	stmts []*sql.Stmt

	tombstoned, insert, remove, byID, bySeq, neighbours, attach, quarantine *sql.Stmt
}

var ingestSQL = []string{
	`SELECT EXISTS (SELECT 1 FROM tombstones WHERE record_id = ?)`,
	`INSERT INTO records (record_id, device_id, seq, prev_hash, body_hash, body, signature, kind,
		supersedes, pupil_ref, form, pack_version, signed_at, received_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT DO NOTHING`,
	`DELETE FROM records WHERE record_id = ?`,
	`SELECT body_hash FROM records WHERE record_id = ?`,
	`SELECT record_id FROM records WHERE device_id = ? AND seq = ?`,
	// The records either side of ?2, and any tombstone at or beside it.
	`SELECT seq, record_id, body_hash, prev_hash, FALSE FROM records
		WHERE device_id = ?1 AND seq IN (?2 - 1, ?2 + 1)
	UNION ALL
	SELECT seq, record_id, body_hash, prev_hash, TRUE FROM tombstones
		WHERE device_id = ?1 AND seq BETWEEN ?2 - 1 AND ?2 + 1`,
	// An attachment the stored copy lacks (no row, or no data) is added;
	// one it has is left alone.
	`INSERT INTO record_attachments (record_id, position, kind, media_type, hash, salt, data)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (record_id, position) DO UPDATE SET salt = excluded.salt, data = excluded.data
		WHERE record_attachments.data IS NULL AND excluded.data IS NOT NULL
			AND record_attachments.hash = excluded.hash`,
	`INSERT INTO quarantined_records (record_id, device_id, seq, body_hash, body, signature, reason, received_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (record_id, body_hash) DO NOTHING`,
}

func prepareIngest(ctx context.Context, tx *sql.Tx, at time.Time) (*ingester, error) {
	in := &ingester{ctx: ctx, at: ts(at)}
	for _, q := range ingestSQL {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			in.close()
			return nil, err
		}
		in.stmts = append(in.stmts, st)
	}
	in.tombstoned, in.insert, in.remove, in.byID = in.stmts[0], in.stmts[1], in.stmts[2], in.stmts[3]
	in.bySeq, in.neighbours, in.attach, in.quarantine = in.stmts[4], in.stmts[5], in.stmts[6], in.stmts[7]
	return in, nil
}

func (in *ingester) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

func outcome(status, reason string, args ...any) hub.Outcome {
	return hub.Outcome{Status: status, Reason: fmt.Sprintf(reason, args...)}
}

// one applies the rules to one record.
func (in *ingester) one(r hub.Incoming) (hub.Outcome, error) {
	if r.Seq > math.MaxInt64 {
		return outcome(proto.StatusInvalid, "Its sequence number %d is out of range.", r.Seq), nil
	}
	var erased bool
	if err := in.tombstoned.QueryRowContext(in.ctx, r.ID).Scan(&erased); err != nil || erased {
		return hub.Outcome{Status: proto.StatusDuplicate}, err
	}
	res, err := in.insert.ExecContext(in.ctx, r.ID, r.DeviceID, int64(r.Seq), r.Prev, r.BodyHash, blob(r.Body),
		blob(r.Signature), r.Kind, r.Supersedes, r.PupilRef, r.Form, r.PackVersion, nullTS(r.SignedAt), in.at)
	if err != nil {
		return hub.Outcome{}, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return hub.Outcome{}, err
		}
		return in.taken(r)
	}
	o, err := in.chain(r)
	if err != nil || o.Status != proto.StatusStored {
		if err == nil {
			_, err = in.remove.ExecContext(in.ctx, r.ID)
		}
		if err == nil && o.Status == proto.StatusConflict {
			err = in.quarantined(r, o.Reason)
		}
		return o, err
	}
	return o, in.attachments(r)
}

// taken decides for a record whose id or (device, sequence) is held.
func (in *ingester) taken(r hub.Incoming) (hub.Outcome, error) {
	var hash string
	err := in.byID.QueryRowContext(in.ctx, r.ID).Scan(&hash)
	if err == nil {
		if hash == r.BodyHash {
			return hub.Outcome{Status: proto.StatusDuplicate}, in.attachments(r)
		}
		o := outcome(proto.StatusConflict, "Record %s is already kept with different contents.", r.ID)
		return o, in.quarantined(r, o.Reason)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return hub.Outcome{}, err
	}
	var holder string
	if err := in.bySeq.QueryRowContext(in.ctx, r.DeviceID, int64(r.Seq)).Scan(&holder); err != nil {
		return hub.Outcome{}, fmt.Errorf("neither its id nor its sequence is held: %w", err)
	}
	o := outcome(proto.StatusConflict, "Sequence %d of device %s is already held by record %s.", r.Seq, r.DeviceID, holder)
	return o, in.quarantined(r, o.Reason)
}

// chain checks a just-inserted record against its neighbours, kept or
// erased: an erased record holding its sequence is a conflict; a Prev that
// is not the previous record's hash, or a hash that is not the next
// record's Prev, is invalid.
func (in *ingester) chain(r hub.Incoming) (hub.Outcome, error) {
	rows, err := in.neighbours.QueryContext(in.ctx, r.DeviceID, int64(r.Seq))
	if err != nil {
		return hub.Outcome{}, err
	}
	defer rows.Close()
	var found [3]hub.Outcome // by rule: conflict, previous, next
	for rows.Next() {
		var seq int64
		var id, hash, prev string
		var erased bool
		if err := rows.Scan(&seq, &id, &hash, &prev, &erased); err != nil {
			return hub.Outcome{}, err
		}
		switch {
		case uint64(seq) == r.Seq && erased:
			found[0] = outcome(proto.StatusConflict,
				"Sequence %d of device %s belonged to record %s, since erased.", r.Seq, r.DeviceID, id)
		case uint64(seq) == r.Seq-1 && r.Prev != hash:
			found[1] = outcome(proto.StatusInvalid,
				"Its previous-record hash does not match record %s (sequence %d) before it.", id, seq)
		case uint64(seq) == r.Seq+1 && prev != r.BodyHash:
			found[2] = outcome(proto.StatusInvalid,
				"Its hash does not match the previous-record hash of record %s (sequence %d) after it.", id, seq)
		}
	}
	if err := rows.Err(); err != nil {
		return hub.Outcome{}, err
	}
	for _, o := range found {
		if o.Status != "" {
			return o, nil
		}
	}
	return hub.Outcome{Status: proto.StatusStored}, nil
}

// attachments adds those of r the stored copy lacks.
func (in *ingester) attachments(r hub.Incoming) error {
	for _, a := range r.Attachments {
		_, err := in.attach.ExecContext(in.ctx, r.ID, a.Position, a.Kind, a.MediaType, a.Hash, a.Salt, a.Data)
		if err != nil {
			return fmt.Errorf("attachment %d: %w", a.Position, err)
		}
	}
	return nil
}

// quarantined keeps a conflicting copy, once per distinct body.
func (in *ingester) quarantined(r hub.Incoming, reason string) error {
	_, err := in.quarantine.ExecContext(in.ctx, r.ID, r.DeviceID, int64(r.Seq), r.BodyHash, blob(r.Body),
		blob(r.Signature), reason, in.at)
	return err
}
