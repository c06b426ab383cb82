package store

import (
	"context"
	"crypto/rand"
	"sort"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// BenchmarkStore_SaveRecord is one sign-off commit as the countersign
// screen makes it: the body completed (device, sequence, previous hash),
// signed with Ed25519; the pupil's and adult's names and an 8 KB mark
// sealed as attachments; answers, outbox row and draft deletion — one
// immediate transaction, synchronous=FULL, on a real file. The draft is
// written before the timer starts, as the screens write it while the
// pupil answers. It reports the p95 latency as well as the mean.
func BenchmarkStore_SaveRecord(b *testing.B) {
	s := mustOpen(b)
	ctx := context.Background()
	if _, err := s.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	classes, _ := s.Classes(ctx)
	pupils, _ := s.PupilsInClass(ctx, classes[0])
	adult, err := s.CheckPIN(ctx, DemoTAPIN)
	if err != nil {
		b.Fatal(err)
	}
	answers := make([]record.Answer, 14)
	for i := range answers {
		answers[i] = record.Answer{Statement: "c.s.1", Answer: record.AnswerAgree, OffsetMS: int64(i) * 9000}
	}
	mark := make([]byte, 8<<10)
	rand.Read(mark)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id := record.NewID()
		draft := Draft{ID: id, PupilID: pupils[i%len(pupils)].ID, State: []byte(`{"answers":[]}`)}
		if err := s.SaveDraft(ctx, draft); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		body := &record.Body{
			ID: id, Kind: record.KindAgreement, PupilRef: pupils[i%len(pupils)].UPN,
			Form: "pupil-c", Band: "c", BandAlias: "L2–L4", Language: "en-GB",
			Pack:    record.PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
			Answers: answers, Adult: record.AdultRef{StaffID: adult.ID, Role: adult.Role},
			StartedAt: time.Now().UTC(), SignedAt: time.Now().UTC(),
		}
		start := time.Now()
		err := s.SaveRecord(ctx, body, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}
