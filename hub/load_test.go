package hub_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"smartkiosk/hub/client"
	"sync"
	"testing"
	"time"
)

// TestLoad has 200 simulated kiosks sync 10 records each at once through
// a network that fails often (502s, lost acknowledgements, slow answers):
// every record must reach the hub exactly once.
func TestLoad(t *testing.T) {
	const kiosks, each = 200, 10
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	h := startHub(t)
	ks := make([]*simKiosk, kiosks)
	ss := make([]*client.Syncer, kiosks)
	for i := range ks {
		ks[i], ss[i] = h.enrolled(t, client.SyncerOptions{BatchSize: 4, Timeout: loadTimeout})
		ks[i].sign(t, each)
	}
	h.setFault(flaky(0.3))
	drainAll(t, ctx, ks, ss)
	h.setFault(nil)
	checkHubHolds(t, h.store, ks...)
}

// loadTimeout is each simulated kiosk's request time limit.
const loadTimeout = 2 * time.Second

// flaky fails a share of record batches in one of three ways.
func flaky(share float64) func(http.ResponseWriter, *http.Request, http.Handler) {
	return onBatch(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		switch x := rand.Float64(); {
		case x < share/3:
			w.WriteHeader(http.StatusBadGateway)
		case x < 2*share/3:
			api.ServeHTTP(discard{}, r)
			hijackClose(w)
		case x < share: // the answer comes after the kiosk gave up
			api.ServeHTTP(discard{}, r)
			time.Sleep(loadTimeout + 200*time.Millisecond)
		default:
			api.ServeHTTP(w, r)
		}
	})
}

// drainAll syncs every kiosk concurrently until nothing waits, retrying
// failures with a short full-jitter backoff, within ctx.
func drainAll(t testing.TB, ctx context.Context, ks []*simKiosk, ss []*client.Syncer) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range ks {
		wg.Go(func() {
			for attempt := 1; ctx.Err() == nil; attempt++ {
				if err := ss[i].Once(ctx); err == nil {
					if n, _ := ks[i].Unsynced(ctx); n == 0 {
						return
					}
				}
				time.Sleep(client.FullJitter(20*time.Millisecond, 500*time.Millisecond, attempt, rand.Int64N))
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("kiosks did not drain in time: %v", ctx.Err())
	}
}

// BenchmarkDrain200Kiosks times 200 enrolled kiosks with 10 records each
// syncing at once to a SQLite hub over loopback HTTPS, until none waits.
func BenchmarkDrain200Kiosks(b *testing.B) {
	for range b.N {
		b.StopTimer()
		h := startHub(b)
		ks := make([]*simKiosk, 200)
		ss := make([]*client.Syncer, 200)
		for i := range ks {
			ks[i], ss[i] = h.enrolled(b, client.SyncerOptions{Timeout: 30 * time.Second})
			ks[i].sign(b, 10)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		b.StartTimer()
		start := time.Now()
		drainAll(b, ctx, ks, ss)
		b.ReportMetric(time.Since(start).Seconds(), "s/drain")
		b.ReportMetric(float64(200*10)/time.Since(start).Seconds(), "records/s")
		cancel()
	}
}
