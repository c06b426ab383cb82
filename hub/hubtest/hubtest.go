// Package hubtest is the conformance suite every hub.Store passes: the SQLite
// store and the PostgreSQL store run the same subtests and the same ingest
// benchmark, so the doc comments of hub.Store are checked once, here.
//
// Times: every time the suite gives a store is whole seconds in a zone that
// is not UTC (UTC+1); a store must give it back Equal and in UTC
// (Location() == time.UTC). Zero times must come back zero.
//
// Where the contract leaves room, the suite reads it so: an Invalid
// outcome's Reason names the neighbouring record by its id; a failed
// RedeemEnrolCode (any error) changes nothing, so the code stays usable;
// PublishPack's at is the PublishedAt CurrentPack returns (the suite
// passes m.PublishedAt == at); nonce expiry, session expiry at exactly
// ExpiresAt, and case in user names are not tested.
//
// Records are fabricated (any bytes, record.Hash for BodyHash): a store does
// not check signatures. Devices are enrolled before their records or nonces
// are used, so a store may keep foreign keys to its devices.
package hubtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// base is the suite's clock: whole seconds, not UTC.
var base = time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("UTC+1", 3600))

// Run runs every subtest against fresh stores from open, which must return
// an empty store for t (on a fresh file or schema). Run closes each store
// when its subtest ends.
func Run(t *testing.T, open func(t *testing.T) hub.Store) {
	fresh := func(t *testing.T) hub.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
	t.Run("EnrolCodes", func(t *testing.T) { testEnrolCodes(t, fresh) })
	t.Run("Devices", func(t *testing.T) { testDevices(t, fresh) })
	t.Run("Nonces", func(t *testing.T) { testNonces(t, fresh) })
	t.Run("Ingest", func(t *testing.T) { testIngest(t, fresh) })
	t.Run("IngestConcurrent", func(t *testing.T) { testIngestConcurrent(t, fresh(t)) })
	t.Run("Records", func(t *testing.T) { testRecords(t, fresh) })
	t.Run("Erase", func(t *testing.T) { testErase(t, fresh) })
	t.Run("EraseAttachments", func(t *testing.T) { testEraseAttachments(t, fresh) })
	t.Run("Roster", func(t *testing.T) { testRoster(t, fresh) })
	t.Run("Assets", func(t *testing.T) { testAssets(t, fresh) })
	t.Run("Packs", func(t *testing.T) { testPacks(t, fresh) })
	t.Run("PupilRecords", func(t *testing.T) { testPupilRecords(t, fresh) })
	t.Run("PackHistory", func(t *testing.T) { testPackHistory(t, fresh) })
	t.Run("Drafts", func(t *testing.T) { testDrafts(t, fresh) })
	t.Run("Users", func(t *testing.T) { testUsers(t, fresh) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, fresh) })
	t.Run("Settings", func(t *testing.T) { testSettings(t, fresh) })
	t.Run("Ping", func(t *testing.T) { testPing(t, open) })
}

// testPing: an open store answers Ping; a closed one says it does not.
func testPing(t *testing.T, open opener) {
	s := open(t)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping of an open store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err == nil {
		t.Error("Ping of a closed store answered nil")
	}
}

type opener = func(t *testing.T) hub.Store

// secs is n seconds.
func secs(n int) time.Duration { return time.Duration(n) * time.Second }

// newDevice makes the suite's device n, with a key derived from n.
func newDevice(n int) hub.Device {
	seed := sha256.Sum256(fmt.Appendf(nil, "hubtest device %d", n))
	pub := ed25519.NewKeyFromSeed(seed[:]).Public().(ed25519.PublicKey)
	return hub.Device{
		ID:         record.DeviceID(pub),
		PublicKey:  pub,
		Label:      fmt.Sprintf("Oak class tablet %d", n),
		EnrolledAt: base.Add(time.Duration(n) * time.Minute),
	}
}

// enrol registers dev through a fresh enrolment code.
func enrol(tb testing.TB, s hub.Store, dev hub.Device) {
	tb.Helper()
	code := hub.EnrolCode{
		Hash:      proto.CodeHash("code for " + dev.ID),
		Label:     dev.Label,
		CreatedAt: dev.EnrolledAt.Add(-time.Hour),
		ExpiresAt: dev.EnrolledAt.Add(time.Hour),
	}
	ctx := context.Background()
	if err := s.CreateEnrolCode(ctx, code); err != nil {
		tb.Fatalf("CreateEnrolCode: %v", err)
	}
	if err := s.RedeemEnrolCode(ctx, code.Hash, dev); err != nil {
		tb.Fatalf("RedeemEnrolCode: %v", err)
	}
}

// enrolled enrols the suite's devices 1..n and returns them.
func enrolled(tb testing.TB, s hub.Store, n int) []hub.Device {
	tb.Helper()
	devs := make([]hub.Device, n)
	for i := range devs {
		devs[i] = newDevice(i + 1)
		enrol(tb, s, devs[i])
	}
	return devs
}

// wantErr fails unless errors.Is(err, target).
func wantErr(tb testing.TB, what string, err, target error) {
	tb.Helper()
	if !errors.Is(err, target) {
		tb.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// must fails the test now on err.
func must(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// sameTime checks that got is want, in UTC (or both zero).
func sameTime(tb testing.TB, what string, got, want time.Time) {
	tb.Helper()
	switch {
	case want.IsZero() && !got.IsZero():
		tb.Errorf("%s = %v, want the zero time", what, got)
	case !got.Equal(want):
		tb.Errorf("%s = %v, want %v", what, got, want.UTC())
	case !got.IsZero() && got.Location() != time.UTC:
		tb.Errorf("%s = %v is in %v, want UTC", what, got, got.Location())
	}
}

// sameBytes checks two byte slices, nil and empty being the same.
func sameBytes(tb testing.TB, what string, got, want []byte) {
	tb.Helper()
	if !bytes.Equal(got, want) {
		tb.Errorf("%s = %q, want %q", what, clip(got), clip(want))
	}
}

func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:40:40], "…"...)
	}
	return b
}

// sameStrings checks two string lists, nil and empty being the same.
func sameStrings(tb testing.TB, what string, got, want []string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("%s = %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			tb.Errorf("%s = %q, want %q", what, got, want)
			return
		}
	}
}
