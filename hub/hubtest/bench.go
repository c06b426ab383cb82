package hubtest

import (
	"context"
	"testing"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

// BenchBatch is how many records one benchmarked Ingest call carries.
const BenchBatch = 100

// BenchIngest measures Ingest of fresh records, BenchBatch per call, each
// record about 1 KB of body with one 200-byte attachment, spread over four
// devices' chains, and reports records/s. open returns an empty store;
// BenchIngest closes it.
func BenchIngest(b *testing.B, open func(b *testing.B) hub.Store) {
	s := open(b)
	b.Cleanup(func() {
		if err := s.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	})
	devs := enrolled(b, s, 4)
	chains := make([]*chain, len(devs))
	for i, d := range devs {
		chains[i] = newChain(d.ID, "bench")
	}
	ctx := context.Background()
	records := 0
	for b.Loop() {
		b.StopTimer()
		recs := make([]hub.Incoming, BenchBatch)
		for i := range recs {
			recs[i] = withAttachments(chains[i%len(chains)].next(), 1)
		}
		b.StartTimer()
		out, err := s.Ingest(ctx, recs, base)
		if err != nil {
			b.Fatalf("Ingest: %v", err)
		}
		for i, o := range out {
			if o.Status != signoff.SyncStored {
				b.Fatalf("record %d: %s %s", i, o.Status, o.Reason)
			}
		}
		records += len(recs)
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
