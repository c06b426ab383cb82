package store

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// benchRecords is the size of the folders below: several years of
// sign-offs for a special school, each with an 8 KB mark.
const benchRecords = 1000

// benchFolder is a closed data folder holding benchRecords records.
func benchFolder(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	s, err := Open(filepath.Join(dir, DatabaseFile))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	pupils, _ := s.PupilsInClass(ctx, "Oak")
	f := fixture{s: s, pupil: pupils[0], staffID: 1}
	mark := make([]byte, 8<<10)
	rand.Read(mark)
	for i := range benchRecords {
		body := f.body(i % 60)
		body.PupilRef = pupils[i%len(pupils)].UPN
		if err := s.SaveRecord(ctx, body, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark}); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkOpen is the kiosk's start with 1,000 records: quick_check
// (read-only), migrations, keys, and the day's backup already made.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(benchFolder(b), DatabaseFile)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	if info, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(info.Size())/1e6, "MB-db")
	}
}

// BenchmarkBackup is one daily backup (VACUUM INTO, sync, quick_check of
// the copy) of 1,000 records.
func BenchmarkBackup(b *testing.B) {
	s, err := Open(filepath.Join(benchFolder(b), DatabaseFile))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	day := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		day = day.AddDate(0, 0, 1)
		if err := s.backupIfDue(context.Background(), day); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyData is `smartkiosk verify` on 1,000 records and one backup.
func BenchmarkVerifyData(b *testing.B) {
	dir := benchFolder(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := VerifyData(context.Background(), dir, nil)
		if err != nil || !rep.OK() {
			b.Fatal(err, rep.Problems)
		}
	}
}
