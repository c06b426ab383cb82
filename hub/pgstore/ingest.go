package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

// How Ingest works, in one transaction per batch:
//
//  1. It takes a transaction-scoped advisory lock per device in the batch
//     (in key order, so batches never deadlock), so one device's batches
//     (and Erase of its records) run one after another and its chain
//     checks see a settled chain. Different devices still go side by side.
//  2. One statement (one snapshot, so an Erase is seen whole or not at all)
//     reads what is stored under the batch's ids, its (device, sequence)
//     pairs and their neighbours, records and tombstones alike.
//  3. The batch is judged in order against that view by hub.Judge, each
//     Stored record joining the view, so a batch that repeats a record or carries a whole
//     chain is judged like the same records sent one by one.
//  4. Stored records go in with INSERT … ON CONFLICT DO NOTHING. The unique
//     constraints have the last word: if any row did not go in, another
//     transaction took its id (or place) after the snapshot, so the whole
//     transaction is rolled back and the batch judged again against what is
//     there now — the loser of a race is answered Duplicate or Conflict.
//
// Every step sends its statements together (a pgx.Batch: one round trip)
// with arrays and unnest, so a batch of hundreds of records costs a handful
// of round trips and one commit.

// deviceLockSpace is the first key of the per-device advisory locks (the
// two-key form, so they never collide with the migration lock).
const deviceLockSpace int32 = 0x736b6476 // "skdv"

// maxIngestAttempts bounds the re-judging of a batch that lost races.
const maxIngestAttempts = 5

// errLostRace means a row judged Stored did not go in.
var errLostRace = errors.New("a record was stored by another transaction meanwhile")

// Ingest stores a batch of checked records in one transaction and says what
// happened to each, in order (see hub.Outcome). An error means nothing was
// stored.
func (s *Store) Ingest(ctx context.Context, recs []hub.Incoming, at time.Time) ([]hub.Outcome, error) {
	if len(recs) == 0 {
		return []hub.Outcome{}, nil
	}
	var err error
	for range maxIngestAttempts {
		var outs []hub.Outcome
		err = s.inTx(ctx, func(tx pgx.Tx) error {
			var err error
			outs, err = ingestTx(ctx, tx, recs, at.UTC())
			return err
		})
		if err == nil {
			return outs, nil
		}
		if !errors.Is(err, errLostRace) {
			break
		}
	}
	return nil, fmt.Errorf("ingest %d records: %w", len(recs), err)
}

func ingestTx(ctx context.Context, tx pgx.Tx, recs []hub.Incoming, at time.Time) ([]hub.Outcome, error) {
	v, err := loadView(ctx, tx, recs)
	if err != nil {
		return nil, err
	}
	outs := make([]hub.Outcome, len(recs))
	var w writes
	for i, r := range recs {
		erased := v.byID[r.ID] != nil && v.byID[r.ID].Erased
		outs[i] = v.judge(r)
		w.add(r, outs[i], erased)
	}
	return outs, w.send(ctx, tx, at)
}

// devSeq is a place in a device's chain.
type devSeq struct {
	dev string
	seq int64
}

// view is what is stored around a batch: records and tombstones (which
// keep no Prev here) by id and by place.
type view struct {
	byID    map[string]*hub.Held
	byPlace map[devSeq]*hub.Held
}

// loadView locks the batch's devices and reads the view in one round trip.
func loadView(ctx context.Context, tx pgx.Tx, recs []hub.Incoming) (*view, error) {
	var b pgx.Batch
	for _, key := range deviceLockKeys(recs) {
		b.Queue(`SELECT pg_advisory_xact_lock($1, $2)`, deviceLockSpace, key)
	}
	ids, devs, seqs := viewKeys(recs)
	v := &view{byID: map[string]*hub.Held{}, byPlace: map[devSeq]*hub.Held{}}
	b.Queue(`
		SELECT record_id, device_id, seq, body_hash, prev, false FROM records
		 WHERE record_id = ANY($1)
		UNION
		SELECT r.record_id, r.device_id, r.seq, r.body_hash, r.prev, false FROM records r
		  JOIN unnest($2::text[], $3::bigint[]) AS k (device_id, seq)
		    ON r.device_id = k.device_id AND r.seq = k.seq
		UNION
		SELECT record_id, device_id, seq, body_hash, '', true FROM tombstones
		 WHERE record_id = ANY($1)
		UNION
		SELECT t.record_id, t.device_id, t.seq, t.body_hash, '', true FROM tombstones t
		  JOIN unnest($2::text[], $3::bigint[]) AS k (device_id, seq)
		    ON t.device_id = k.device_id AND t.seq = k.seq`,
		ids, devs, seqs).Query(func(rows pgx.Rows) error {
		var h hub.Held
		var place devSeq
		_, err := pgx.ForEachRow(rows, []any{&h.ID, &place.dev, &place.seq, &h.BodyHash, &h.Prev, &h.Erased},
			func() error {
				h := h
				h.Seq = uint64(place.seq)
				if old := v.byID[h.ID]; old == nil || h.Erased {
					v.byID[h.ID] = &h
				}
				v.byPlace[place] = &h
				return nil
			})
		return err
	})
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	return v, nil
}

// deviceLockKeys are the batch's devices' lock keys, sorted and distinct.
func deviceLockKeys(recs []hub.Incoming) []int32 {
	keys := make([]int32, 0, 1)
	for _, r := range recs {
		keys = append(keys, deviceLockKey(r.DeviceID))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// deviceLockKey is the second key of a device's advisory lock. Two devices
// may share one: they then merely wait for each other.
func deviceLockKey(deviceID string) int32 {
	h := fnv.New32a()
	h.Write([]byte(deviceID))
	return int32(h.Sum32())
}

// viewKeys lists the batch's ids and each record's place with its two
// neighbours.
func viewKeys(recs []hub.Incoming) (ids, devs []string, seqs []int64) {
	places := map[devSeq]bool{}
	for _, r := range recs {
		ids = append(ids, r.ID)
		if !hub.SeqInRange(r.Seq) {
			continue
		}
		for d := int64(-1); d <= 1; d++ {
			p := devSeq{r.DeviceID, int64(r.Seq) + d}
			if p.seq > 0 && !places[p] {
				places[p] = true
				devs = append(devs, p.dev)
				seqs = append(seqs, p.seq)
			}
		}
	}
	return ids, devs, seqs
}

// judge decides one record by hub.Judge against the view and, when it is
// Stored, adds it to the view.
func (v *view) judge(r hub.Incoming) hub.Outcome {
	var n hub.Neighbours
	place := devSeq{r.DeviceID, int64(r.Seq)}
	if hub.SeqInRange(r.Seq) {
		n = hub.Neighbours{
			SameID:    v.byID[r.ID],
			SamePlace: v.byPlace[place],
			Previous:  v.byPlace[devSeq{r.DeviceID, place.seq - 1}],
			Next:      v.byPlace[devSeq{r.DeviceID, place.seq + 1}],
		}
	}
	o := hub.Judge(r, n)
	if o.Status == signoff.SyncStored {
		h := &hub.Held{ID: r.ID, Seq: r.Seq, BodyHash: r.BodyHash, Prev: r.Prev}
		v.byID[h.ID] = h
		v.byPlace[place] = h
	}
	return o
}

// writes collects a judged batch's rows, column by column for unnest.
type writes struct {
	stored      []hub.Incoming
	quarantined []hub.Incoming
	reasons     []string
	attachments map[attKey]hub.Attachment
	attOrder    []attKey
}

type attKey struct {
	id  string
	pos int
}

func (w *writes) add(r hub.Incoming, o hub.Outcome, erased bool) {
	switch o.Status {
	case signoff.SyncStored:
		w.stored = append(w.stored, r)
		w.addAttachments(r)
	case signoff.SyncDuplicate:
		if !erased { // an erased record stays without its attachments
			w.addAttachments(r)
		}
	case signoff.SyncConflict:
		w.quarantined = append(w.quarantined, r)
		w.reasons = append(w.reasons, o.Reason)
	}
}

// addAttachments keeps one row per (record, position), preferring one
// that carries data: a statement may not upsert a row twice.
func (w *writes) addAttachments(r hub.Incoming) {
	if w.attachments == nil {
		w.attachments = map[attKey]hub.Attachment{}
	}
	for _, a := range r.Attachments {
		k := attKey{r.ID, a.Position}
		old, seen := w.attachments[k]
		if !seen {
			w.attOrder = append(w.attOrder, k)
		}
		if !seen || (old.Data == nil && a.Data != nil) {
			w.attachments[k] = a
		}
	}
}
