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

// Ingest stores a batch of checked records in one transaction and says
// what happened to each, by hub.Judge: for each record in turn it loads
// what holds the record's id, its (device, sequence) and the sequences
// either side, records and tombstones alike, judges, and writes. The
// store's one writer connection makes each load and its write one step;
// the unique constraints still have the last word (a record judged Stored
// that does not go in is an error, and nothing is stored).
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

	around, insert, attach, quarantine *sql.Stmt
}

var ingestSQL = []string{
	// What holds the id ?1, and what holds sequences ?3 - 1 to ?3 + 1 of
	// device ?2: records and tombstones.
	`SELECT record_id, device_id, seq, body_hash, prev_hash, FALSE FROM records
		WHERE record_id = ?1 OR (device_id = ?2 AND seq BETWEEN ?3 - 1 AND ?3 + 1)
	UNION ALL
	SELECT record_id, device_id, seq, body_hash, prev_hash, TRUE FROM tombstones
		WHERE record_id = ?1 OR (device_id = ?2 AND seq BETWEEN ?3 - 1 AND ?3 + 1)`,
	`INSERT INTO records (record_id, device_id, seq, prev_hash, body_hash, body, signature, kind,
		supersedes, pupil_ref, form, pack_version, signed_at, received_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT DO NOTHING`,
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
	in.around, in.insert, in.attach, in.quarantine = in.stmts[0], in.stmts[1], in.stmts[2], in.stmts[3]
	return in, nil
}

func (in *ingester) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

// one loads what is around r, judges it and writes what the outcome says.
func (in *ingester) one(r hub.Incoming) (hub.Outcome, error) {
	var n hub.Neighbours
	if hub.SeqInRange(r.Seq) {
		var err error
		if n, err = in.neighbours(r); err != nil {
			return hub.Outcome{}, err
		}
	}
	o := hub.Judge(r, n)
	switch o.Status {
	case signoff.SyncStored:
		res, err := in.insert.ExecContext(in.ctx, r.ID, r.DeviceID, int64(r.Seq), r.Prev, r.BodyHash, blob(r.Body),
			blob(r.Signature), r.Kind, r.Supersedes, r.PupilRef, r.Form, r.PackVersion, nullTS(r.SignedAt), in.at)
		if err != nil {
			return hub.Outcome{}, err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			if err == nil {
				err = errors.New("judged new, but the unique constraints refused it")
			}
			return hub.Outcome{}, err
		}
		return o, in.attachments(r)
	case signoff.SyncDuplicate:
		if n.SameID.Erased { // an erased record stays without its attachments
			return o, nil
		}
		return o, in.attachments(r)
	case signoff.SyncConflict:
		return o, in.quarantined(r, o.Reason)
	}
	return o, nil
}

// neighbours loads what holds r's id and the places at and either side of
// r's (device, sequence).
func (in *ingester) neighbours(r hub.Incoming) (hub.Neighbours, error) {
	var n hub.Neighbours
	rows, err := in.around.QueryContext(in.ctx, r.ID, r.DeviceID, int64(r.Seq))
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		var h hub.Held
		var dev string
		var seq int64
		if err := rows.Scan(&h.ID, &dev, &seq, &h.BodyHash, &h.Prev, &h.Erased); err != nil {
			return n, err
		}
		h.Seq = uint64(seq)
		if h.ID == r.ID && (n.SameID == nil || h.Erased) {
			n.SameID = &h
		}
		if dev != r.DeviceID {
			continue
		}
		switch h.Seq {
		case r.Seq:
			n.SamePlace = &h
		case r.Seq - 1:
			n.Previous = &h
		case r.Seq + 1:
			n.Next = &h
		}
	}
	return n, rows.Err()
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
