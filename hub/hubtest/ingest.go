package hubtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

const (
	stored    = signoff.SyncStored
	duplicate = signoff.SyncDuplicate
	conflict  = signoff.SyncConflict
	invalid   = signoff.SyncInvalid
)

// wantQuarantined checks Quarantined against the copies expected, oldest
// first, with ats their receipt times.
func wantQuarantined(tb testing.TB, s hub.Store, want []hub.Incoming, ats ...int) {
	tb.Helper()
	got, err := s.Quarantined(context.Background())
	must(tb, "Quarantined", err)
	if len(got) != len(want) {
		tb.Errorf("Quarantined holds %d copies, want %d", len(got), len(want))
		return
	}
	for i, q := range got {
		w := want[i]
		p := fmt.Sprintf("quarantined %d: ", i)
		if q.ID != w.ID || q.DeviceID != w.DeviceID || q.Seq != w.Seq || q.BodyHash != w.BodyHash {
			tb.Errorf("%s%s %s %d %s, want %s %s %d %s", p, q.ID, q.DeviceID, q.Seq, q.BodyHash,
				w.ID, w.DeviceID, w.Seq, w.BodyHash)
		}
		sameBytes(tb, p+"Body", q.Body, w.Body)
		sameBytes(tb, p+"Signature", q.Signature, w.Signature)
		sameTime(tb, p+"ReceivedAt", q.ReceivedAt, base.Add(secs(ats[i])))
		if q.Reason == "" {
			tb.Errorf("%sno reason", p)
		}
	}
}

// wantReasonNames checks that an Invalid outcome names the neighbour.
func wantReasonNames(tb testing.TB, o hub.Outcome, neighbour string) {
	tb.Helper()
	if !strings.Contains(o.Reason, neighbour) {
		tb.Errorf("reason %q does not name the neighbour %s", o.Reason, neighbour)
	}
}

func testIngest(t *testing.T, open opener) {
	t.Run("Stored", func(t *testing.T) { testIngestStored(t, open(t)) })
	t.Run("EmptyBatch", func(t *testing.T) {
		out, err := open(t).Ingest(context.Background(), nil, base)
		if err != nil || len(out) != 0 {
			t.Errorf("Ingest(nil) = %v, %v; want no outcomes", out, err)
		}
	})
	t.Run("DuplicateResend", func(t *testing.T) { testIngestDuplicate(t, open(t)) })
	t.Run("DuplicateInOneBatch", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		r := newChain(d.ID, "a").next()
		ingest(t, s, 1, one(r, r), stored, duplicate)
		wantCount(t, s, 1)
	})
	t.Run("DuplicateAddsMissingAttachments", func(t *testing.T) { testIngestAddsAttachments(t, open(t)) })
	t.Run("ConflictSameIDOtherBytes", func(t *testing.T) { testIngestConflictID(t, open(t)) })
	t.Run("ConflictSequenceTaken", func(t *testing.T) { testIngestConflictSeq(t, open(t)) })
	t.Run("InvalidPrev", func(t *testing.T) { testIngestInvalidPrev(t, open(t)) })
	t.Run("InvalidNext", func(t *testing.T) { testIngestInvalidNext(t, open(t)) })
	t.Run("GapAllowed", func(t *testing.T) { testIngestGap(t, open(t)) })
	t.Run("RulesInOrder", func(t *testing.T) { testIngestOrder(t, open(t)) })
	t.Run("BadRecordDoesNotBlockBatch", func(t *testing.T) { testIngestMixed(t, open(t)) })
}

func testIngestStored(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	c := newChain(d.ID, "a")
	r1, r2 := withAttachments(c.next(), 3), c.next()
	r2.Kind, r2.Supersedes = "correction", r1.ID
	ingest(t, s, 5, one(r1, r2), stored, stored)
	wantRecord(t, s, r1, 5)
	wantRecord(t, s, r2, 5)
	wantCount(t, s, 2)
	wantQuarantined(t, s, nil)
	wantNoRecord(t, s, "no-such-record")
}

func testIngestDuplicate(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	r := withAttachments(newChain(d.ID, "a").next(), 2)
	ingest(t, s, 1, one(r), stored)
	ingest(t, s, 2, one(r), duplicate)
	ingest(t, s, 3, one(r), duplicate)
	wantRecord(t, s, r, 1) // the first receipt time stays
	wantCount(t, s, 1)
	wantQuarantined(t, s, nil)
}

func testIngestAddsAttachments(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	full := withAttachments(newChain(d.ID, "a").next(), 3)
	// First sent with attachment 0, attachment 1 listed without its
	// data, attachment 2 left out.
	first := full
	first.Attachments = append([]hub.Attachment(nil), full.Attachments[:2]...)
	first.Attachments[1].Salt, first.Attachments[1].Data = nil, nil
	ingest(t, s, 1, one(first), stored)
	got, err := s.Record(context.Background(), full.ID)
	must(t, "Record", err)
	if len(got.Attachments) == 0 || string(got.Attachments[0].Data) != string(full.Attachments[0].Data) {
		t.Errorf("the attachment sent first was not kept: %+v", got.Attachments)
	}
	ingest(t, s, 2, one(full), duplicate)
	wantRecord(t, s, full, 1)
}

func testIngestConflictID(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	r := newChain(d.ID, "a").next()
	b, c := rebody(r, "b"), rebody(r, "c")
	ingest(t, s, 1, one(r), stored)
	ingest(t, s, 2, one(b), conflict)
	ingest(t, s, 3, one(b), conflict) // the same copy again: quarantined once
	ingest(t, s, 4, one(c, b), conflict, conflict)
	wantQuarantined(t, s, []hub.Incoming{b, c}, 2, 4)
	wantRecord(t, s, r, 1)
	wantCount(t, s, 1)
}

func testIngestConflictSeq(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	r := newChain(d.ID, "a").next()
	other := newChain(d.ID, "b").next() // another id at the same (device, sequence)
	ingest(t, s, 1, one(r), stored)
	ingest(t, s, 2, one(other), conflict)
	ingest(t, s, 3, one(other), conflict)
	wantQuarantined(t, s, []hub.Incoming{other}, 2)
	wantNoRecord(t, s, other.ID)
	wantRecord(t, s, r, 1)
	wantCount(t, s, 1)
}

func testIngestInvalidPrev(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	c := newChain(d.ID, "a")
	r1, r2 := c.next(), c.next()
	bad := makeRecord(d.ID, "a", 2, "0000000000000000000000000000000000000000000000000000000000000000", "forged")
	ingest(t, s, 1, one(r1), stored)
	out := ingest(t, s, 2, one(bad), invalid)
	wantReasonNames(t, out[0], r1.ID)
	wantNoRecord(t, s, bad.ID)
	wantQuarantined(t, s, nil)
	ingest(t, s, 3, one(r2), stored) // the invalid copy was not kept
	wantRecord(t, s, r2, 3)
}

func testIngestInvalidNext(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	c := newChain(d.ID, "a")
	r1, r2, r3 := c.next(), c.next(), c.next()
	ingest(t, s, 1, one(r1, r3), stored, stored)
	bad := rebody(r2, "forged") // Prev matches r1, but r3.Prev is not its hash
	out := ingest(t, s, 2, one(bad), invalid)
	wantReasonNames(t, out[0], r3.ID)
	wantNoRecord(t, s, bad.ID)
	ingest(t, s, 3, one(r2), stored)
	wantCount(t, s, 3)
}

func testIngestGap(t *testing.T, s hub.Store) {
	d := enrolled(t, s, 1)[0]
	recs := newChain(d.ID, "a").take(5)
	ingest(t, s, 1, one(recs[4], recs[2]), stored, stored)
	ingest(t, s, 2, one(recs[0]), stored)
	list, err := s.DeviceRecords(context.Background(), d.ID)
	must(t, "DeviceRecords", err)
	var seqs []string
	for _, r := range list {
		seqs = append(seqs, fmt.Sprint(r.Seq))
	}
	sameStrings(t, "DeviceRecords sequences", seqs, []string{"1", "3", "5"})
}

// testIngestOrder checks that the earlier rule wins where two apply.
func testIngestOrder(t *testing.T, s hub.Store) {
	ctx := context.Background()
	d := enrolled(t, s, 1)[0]
	c := newChain(d.ID, "a")
	r1, r2, r3 := c.next(), c.next(), c.next()
	ingest(t, s, 1, one(r1, r2, r3), stored, stored, stored)
	must(t, "Erase", s.Erase(ctx, r3.ID, "parent asked", base.Add(secs(2))))
	// Erased beats conflict: another body under an erased id is Duplicate.
	ingest(t, s, 3, one(rebody(r3, "other")), duplicate)
	// Conflict beats invalid: other bytes under a stored id, with a Prev
	// that is wrong too; another id at a taken sequence, Prev wrong too.
	wrongPrev := rebody(r2, "x")
	wrongPrev.Prev = r2.BodyHash
	otherID := makeRecord(d.ID, "b", 2, r2.BodyHash, "")
	ingest(t, s, 4, one(wrongPrev, otherID), conflict, conflict)
	wantQuarantined(t, s, []hub.Incoming{wrongPrev, otherID}, 4, 4)
	// Duplicate beats conflict and invalid for the very same bytes.
	ingest(t, s, 5, one(r2), duplicate)
	wantCount(t, s, 2)
}

func testIngestMixed(t *testing.T, s hub.Store) {
	devs := enrolled(t, s, 2)
	x := newChain(devs[1].ID, "x").next()
	ingest(t, s, 1, one(x), stored)
	c := newChain(devs[0].ID, "a")
	a1, a2, a3 := withAttachments(c.next(), 1), c.next(), c.next()
	badA2 := makeRecord(devs[0].ID, "a", 2, x.BodyHash, "forged")
	ingest(t, s, 2, one(a1, rebody(x, "b"), badA2, a2, a3), stored, conflict, invalid, stored, stored)
	for _, r := range []hub.Incoming{a1, a2, a3} {
		wantRecord(t, s, r, 2)
	}
	wantCount(t, s, 4)
}

// testIngestConcurrent sends the same records from several goroutines, in
// batches starting at different places: each record is stored once and
// answered Duplicate every other time.
func testIngestConcurrent(t *testing.T, s hub.Store) {
	const senders, perDevice, batch = 6, 30, 10
	devs := enrolled(t, s, 2)
	recs := append(newChain(devs[0].ID, "a").take(perDevice), newChain(devs[1].ID, "b").take(perDevice)...)
	var mu sync.Mutex
	statuses := make([]map[string]int, len(recs))
	for i := range statuses {
		statuses[i] = map[string]int{}
	}
	errs := make(chan error, senders)
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for start := 0; start < len(recs); start += batch {
				from := (start + g*7) % len(recs)
				idx := make([]int, 0, batch)
				chunk := make([]hub.Incoming, 0, batch)
				for k := range batch {
					idx = append(idx, (from+k)%len(recs))
					chunk = append(chunk, recs[idx[k]])
				}
				out, err := s.Ingest(context.Background(), chunk, base.Add(secs(g)))
				if err == nil && len(out) != len(chunk) {
					err = fmt.Errorf("%d outcomes for %d records", len(out), len(chunk))
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for k, o := range out {
					statuses[idx[k]][o.Status]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Ingest: %v", err)
	}
	for i, st := range statuses {
		if st[stored] != 1 || st[stored]+st[duplicate] != senders {
			t.Errorf("record %s answered %v, want stored once and duplicate %d times", recs[i].ID, st, senders-1)
		}
	}
	wantCount(t, s, len(recs))
	wantQuarantined(t, s, nil)
}
