package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const insertRecords = `
	INSERT INTO records (record_id, device_id, seq, prev, body_hash, body, signature,
	                     kind, supersedes, pupil_ref, form, pack_version, signed_at, received_at)
	SELECT u.*, $14 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[],
	                            $6::bytea[], $7::bytea[], $8::text[], $9::text[], $10::text[],
	                            $11::text[], $12::text[], $13::timestamptz[]) AS u
	ON CONFLICT DO NOTHING`

// upsertAttachments adds the attachments a stored record lacks: new rows,
// and data for rows kept without it.
const upsertAttachments = `
	INSERT INTO attachments (record_id, position, kind, media_type, hash, salt, data)
	SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[],
	                     $6::bytea[], $7::bytea[])
	ON CONFLICT (record_id, position) DO UPDATE SET salt = EXCLUDED.salt, data = EXCLUDED.data
	 WHERE attachments.data IS NULL AND EXCLUDED.data IS NOT NULL`

const insertQuarantined = `
	INSERT INTO quarantined_copies (record_id, device_id, seq, body_hash, body, signature,
	                                reason, received_at)
	SELECT u.*, $8 FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[],
	                           $5::bytea[], $6::bytea[], $7::text[]) AS u
	ON CONFLICT (record_id, body_hash) DO NOTHING`

// send writes the judged batch in one round trip. If a row judged Stored
// did not go in, the unique constraints saw a record the view did not:
// errLostRace, and the caller rolls back and judges again.
func (w *writes) send(ctx context.Context, tx pgx.Tx, at time.Time) error {
	var b pgx.Batch
	if n := len(w.stored); n > 0 {
		b.Queue(insertRecords, w.recordColumns(at)...).Exec(func(tag pgconn.CommandTag) error {
			if tag.RowsAffected() != int64(n) {
				return errLostRace
			}
			return nil
		})
	}
	if len(w.attOrder) > 0 {
		b.Queue(upsertAttachments, w.attachmentColumns()...)
	}
	if len(w.quarantined) > 0 {
		b.Queue(insertQuarantined, w.quarantineColumns(at)...)
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &b).Close()
}

func (w *writes) recordColumns(at time.Time) []any {
	n := len(w.stored)
	var (
		ids, devs, prevs, hashes        = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		kinds, supersedes, pupils, form = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		packs                           = make([]string, n)
		seqs                            = make([]int64, n)
		bodies, sigs                    = make([][]byte, n), make([][]byte, n)
		signedAt                        = make([]time.Time, n)
	)
	for i, r := range w.stored {
		ids[i], devs[i], seqs[i], prevs[i], hashes[i] = r.ID, r.DeviceID, int64(r.Seq), r.Prev, r.BodyHash
		bodies[i], sigs[i] = nonNil(r.Body), nonNil(r.Signature)
		kinds[i], supersedes[i], pupils[i], form[i], packs[i] = r.Kind, r.Supersedes, r.PupilRef, r.Form, r.PackVersion
		signedAt[i] = r.SignedAt.UTC()
	}
	return []any{ids, devs, seqs, prevs, hashes, bodies, sigs, kinds, supersedes, pupils, form, packs, signedAt, at}
}

func (w *writes) attachmentColumns() []any {
	n := len(w.attOrder)
	var (
		ids                  = make([]string, n)
		positions            = make([]int32, n)
		kinds, types, hashes = make([]string, n), make([]string, n), make([]string, n)
		salts, data          = make([][]byte, n), make([][]byte, n)
	)
	for i, k := range w.attOrder {
		a := w.attachments[k]
		ids[i], positions[i] = k.id, int32(a.Position)
		kinds[i], types[i], hashes[i] = a.Kind, a.MediaType, a.Hash
		salts[i], data[i] = a.Salt, a.Data
	}
	return []any{ids, positions, kinds, types, hashes, salts, data}
}

func (w *writes) quarantineColumns(at time.Time) []any {
	n := len(w.quarantined)
	var (
		ids, devs, hashes = make([]string, n), make([]string, n), make([]string, n)
		seqs              = make([]int64, n)
		bodies, sigs      = make([][]byte, n), make([][]byte, n)
	)
	for i, r := range w.quarantined {
		ids[i], devs[i], seqs[i], hashes[i] = r.ID, r.DeviceID, int64(r.Seq), r.BodyHash
		bodies[i], sigs[i] = nonNil(r.Body), nonNil(r.Signature)
	}
	return []any{ids, devs, seqs, hashes, bodies, sigs, w.reasons, at}
}

// nonNil keeps a NOT NULL column's empty bytes empty rather than NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
