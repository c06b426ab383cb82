package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/signoff"
)

func errorsIsUnavailable(err error) bool { return errors.Is(err, pgstore.ErrUnavailable) }

// pgTest runs scripts/pg-test.sh cmd on the test cluster, within two
// minutes.
func pgTest(t *testing.T, cmd string) {
	t.Helper()
	script, err := filepath.Abs("../../scripts/pg-test.sh")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, script, cmd, pgDir).CombinedOutput(); err != nil {
		t.Fatalf("pg-test.sh %s %s: %v\n%s", cmd, pgDir, err, out)
	}
}

// TestIngest_ServerCrash ingests from several devices at once while the
// server is killed (pg_ctl -m immediate) and started again. Each sender
// retries a failed batch until it is answered; in the end every record is
// stored exactly once and every device's chain is whole.
func TestIngest_ServerCrash(t *testing.T) {
	if pgDir == "" {
		t.Fatal("SMARTKIOSK_PG_DIR is not set: run the tests with `make test`, which starts PostgreSQL with scripts/pg-test.sh")
	}
	const devices, batches, batchSize = 4, 40, 25
	s := mustOpen(t)
	defer s.Close()

	var sent atomic.Int64            // batches answered
	stopped := make(chan struct{})   // closed once the server is down
	restarted := make(chan struct{}) // closed once it is up again
	var failures, otherErrors atomic.Int64
	go func() {
		defer close(restarted)
		deadline := time.Now().Add(time.Minute)
		for sent.Load() < devices*batches/4 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		pgTest(t, "stop-immediate")
		close(stopped)
		time.Sleep(time.Second) // senders meet a dead server for a while
		pgTest(t, "start")
	}()

	deadline := time.Now().Add(3 * time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, devices)
	for d := range devices {
		wg.Go(func() {
			c := &chain{device: fmt.Sprintf("crash-dev-%d", d), tag: "c"}
			for b := range batches {
				if b == batches/2 { // make sure every sender meets the outage
					select {
					case <-stopped:
					case <-time.After(time.Minute):
					}
				}
				recs := make([]hub.Incoming, batchSize)
				for i := range recs {
					recs[i] = c.next()
				}
				if err := sendUntilAnswered(s, recs, deadline, &failures, &otherErrors); err != nil {
					errs <- fmt.Errorf("device %d batch %d: %w", d, b, err)
					return
				}
				sent.Add(1)
			}
		})
	}
	wg.Wait()
	select {
	case <-restarted:
	case <-time.After(3 * time.Minute):
		t.Fatal("the server restart did not finish within 3 minutes")
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	t.Logf("%d failed Ingest calls retried", failures.Load())
	if failures.Load() == 0 {
		t.Error("no Ingest failed: the crash missed the senders")
	}
	if n := otherErrors.Load(); n > 0 {
		t.Errorf("%d errors during the outage were not marked ErrUnavailable", n)
	}
	checkStoredOnce(t, s, devices, batches*batchSize)
}

// sendUntilAnswered retries Ingest until the batch is answered, each
// record Stored or Duplicate (a batch whose commit was cut off may have
// been stored).
func sendUntilAnswered(s hub.Store, recs []hub.Incoming, deadline time.Time, failures, otherErrors *atomic.Int64) error {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err := s.Ingest(ctx, recs, testTime)
		cancel()
		if err == nil {
			for i, o := range out {
				if o.Status != signoff.SyncStored && o.Status != signoff.SyncDuplicate {
					return fmt.Errorf("record %s: %s (%s)", recs[i].ID, o.Status, o.Reason)
				}
			}
			return nil
		}
		failures.Add(1)
		if !errorsIsUnavailable(err) {
			otherErrors.Add(1)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still failing at the deadline: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkStoredOnce checks that each device's records 1..perDevice are
// stored once, in order.
func checkStoredOnce(t *testing.T, s hub.Store, devices, perDevice int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := s.CountRecords(ctx)
	if err != nil || n != devices*perDevice {
		t.Errorf("CountRecords = %d, %v; want %d", n, err, devices*perDevice)
	}
	for d := range devices {
		recs, err := s.DeviceRecords(ctx, fmt.Sprintf("crash-dev-%d", d))
		if err != nil {
			t.Fatalf("DeviceRecords: %v", err)
		}
		if len(recs) != perDevice {
			t.Errorf("device %d: %d records, want %d", d, len(recs), perDevice)
		}
		for i, r := range recs {
			if r.Seq != uint64(i+1) {
				t.Errorf("device %d: record %d has sequence number %d, want %d", d, i, r.Seq, i+1)
				break
			}
		}
	}
}
