package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

var testTime = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// chain fabricates a device's records (the store does not check
// signatures): seq 1, 2, … each naming the previous body's hash.
type chain struct {
	device, tag string
	seq         uint64
	prev        string
}

func (c *chain) next() hub.Incoming {
	c.seq++
	id := fmt.Sprintf("%s-%s-%06d", c.device, c.tag, c.seq)
	return c.record(id, "")
}

// record makes the chain's record at its current sequence number; variant
// changes its bytes.
func (c *chain) record(id, variant string) hub.Incoming {
	body := fmt.Appendf(nil, `{"id":%q,"device":%q,"seq":%d,"prev":%q,"v":%q,"pad":%q}`,
		id, c.device, c.seq, c.prev, variant, strings.Repeat("x", 300))
	in := hub.Incoming{
		ID: id, DeviceID: c.device, Seq: c.seq, Prev: c.prev,
		BodyHash: record.Hash(body), Body: body, Signature: []byte("sig:" + id),
		Kind: "agreement", PupilRef: "pupil-1", Form: "ks2", PackVersion: "1",
		SignedAt: testTime,
	}
	if variant == "" {
		c.prev = in.BodyHash
	}
	return in
}

// holdRow inserts rec's row in an open transaction on its own connection,
// so Ingest can be caught between its snapshot and its INSERT; commit ends
// it.
func holdRow(t *testing.T, dbURL string, rec hub.Incoming) (commit func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO records (record_id, device_id, seq, prev, body_hash, body, signature,
		                     kind, supersedes, pupil_ref, form, pack_version, signed_at, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', '', '', '', $8, $8)`,
		rec.ID, rec.DeviceID, int64(rec.Seq), rec.Prev, rec.BodyHash, rec.Body, rec.Signature, testTime)
	if err != nil {
		t.Fatalf("insert held row: %v", err)
	}
	return func() {
		if err := tx.Commit(ctx); err != nil {
			t.Fatalf("commit held row: %v", err)
		}
	}
}

// waitForLockWait waits until a backend of the database waits on a lock.
func waitForLockWait(t *testing.T, dbURL string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	for {
		var waiting bool
		err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock')`).Scan(&waiting)
		if err != nil {
			t.Fatalf("waiting for Ingest to block (20 s): %v", err)
		}
		if waiting {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestIngest_LostRace catches Ingest after it judged a record new and
// before its INSERT, while another transaction holds the same id: the
// unique constraint has the last word, and the batch is judged again once
// that transaction commits.
func TestIngest_LostRace(t *testing.T) {
	mine := &chain{device: "dev-a", tag: "r"}
	rec := mine.next()
	for _, tc := range []struct {
		name   string
		other  hub.Incoming
		status string
	}{
		{"Duplicate", rec, signoff.SyncDuplicate},
		// Another device claims the id (a broken or hostile kiosk).
		{"Conflict", (&chain{device: "dev-b", tag: "r", seq: 1}).record(rec.ID, "theirs"), signoff.SyncConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, dbURL := mustOpenURL(t)
			defer s.Close()
			commit := holdRow(t, dbURL, tc.other)
			type result struct {
				out []hub.Outcome
				err error
			}
			done := make(chan result, 1)
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				out, err := s.Ingest(ctx, []hub.Incoming{rec}, testTime)
				done <- result{out, err}
			}()
			waitForLockWait(t, dbURL)
			commit()
			var r result
			select {
			case r = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Ingest did not return within 30 s of the commit")
			}
			if r.err != nil {
				t.Fatalf("Ingest: %v", r.err)
			}
			if r.out[0].Status != tc.status {
				t.Errorf("Ingest = %+v, want %s", r.out[0], tc.status)
			}
			if n, err := s.CountRecords(context.Background()); err != nil || n != 1 {
				t.Errorf("CountRecords = %d, %v; want 1", n, err)
			}
		})
	}
}

// TestIngest_ConcurrentDevicesOneID sends one id from several devices at
// once (no device lock orders them): exactly one is stored, the rest are
// quarantined, and none is an error.
func TestIngest_ConcurrentDevicesOneID(t *testing.T) {
	s := mustOpen(t)
	defer s.Close()
	const devices = 8
	var wg sync.WaitGroup
	outs := make([]hub.Outcome, devices)
	errs := make([]error, devices)
	for i := range devices {
		wg.Go(func() {
			c := &chain{device: fmt.Sprintf("dev-%d", i), tag: "x", seq: 1}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := s.Ingest(ctx, []hub.Incoming{c.record("shared-id", "")}, testTime)
			if err == nil {
				outs[i] = out[0]
			}
			errs[i] = err
		})
	}
	wg.Wait()
	stored := 0
	for i := range devices {
		if errs[i] != nil {
			t.Fatalf("Ingest from device %d: %v", i, errs[i])
		}
		switch outs[i].Status {
		case signoff.SyncStored:
			stored++
		case signoff.SyncConflict:
		default:
			t.Errorf("device %d: %+v, want stored or conflict", i, outs[i])
		}
	}
	if stored != 1 {
		t.Errorf("%d devices stored the id, want 1", stored)
	}
	q, err := s.Quarantined(context.Background())
	if err != nil || len(q) != devices-1 {
		t.Errorf("Quarantined = %d copies, %v; want %d", len(q), err, devices-1)
	}
}

// TestOpen_Concurrent opens one fresh database from several hubs at once:
// the migration lock lets exactly one apply each file.
func TestOpen_Concurrent(t *testing.T) {
	dbURL := freshURL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := pgstore.Open(ctx, dbURL)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Open: %v", err)
	}
}

// TestOpen_Unreachable: no server is an error marked ErrUnavailable, within
// the connect timeout.
func TestOpen_Unreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := pgstore.Open(ctx, "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if !errorsIsUnavailable(err) {
		t.Errorf("Open on a closed port: %v, want ErrUnavailable", err)
	}
}

// TestErase_ConcurrentResend erases a device's records while an old tablet
// keeps resending them: every resend is Duplicate, none comes back.
func TestErase_ConcurrentResend(t *testing.T) {
	s := mustOpen(t)
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := &chain{device: "dev-e", tag: "e"}
	recs := make([]hub.Incoming, 20)
	for i := range recs {
		recs[i] = c.next()
	}
	if _, err := s.Ingest(ctx, recs, testTime); err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, r := range recs {
			if err := s.Erase(ctx, r.ID, "parent asked", testTime); err != nil {
				t.Errorf("Erase %s: %v", r.ID, err)
			}
		}
	})
	for range 20 {
		out, err := s.Ingest(ctx, recs, testTime)
		if err != nil {
			t.Fatalf("resend: %v", err)
		}
		for i, o := range out {
			if o.Status != signoff.SyncDuplicate {
				t.Fatalf("resent record %d: %+v, want duplicate", i, o)
			}
		}
	}
	wg.Wait()
	if n, err := s.CountRecords(ctx); err != nil || n != 0 {
		t.Errorf("CountRecords = %d, %v; want 0", n, err)
	}
}
