package hubtest

import (
	"context"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

// newCode is a code expiring an hour after base.
func newCode(name string) hub.EnrolCode {
	return hub.EnrolCode{
		Hash:      proto.CodeHash(name),
		Label:     "label of " + name,
		CreatedAt: base,
		ExpiresAt: base.Add(time.Hour),
	}
}

// wantNoDevice checks that id is not registered.
func wantNoDevice(tb testing.TB, s hub.Store, id string) {
	tb.Helper()
	_, err := s.Device(context.Background(), id)
	wantErr(tb, "Device", err, hub.ErrNotFound)
}

// checkDevice compares every field of a device.
func checkDevice(tb testing.TB, got, want hub.Device) {
	tb.Helper()
	if got.ID != want.ID || got.Label != want.Label {
		tb.Errorf("device %s %q, want %s %q", got.ID, got.Label, want.ID, want.Label)
	}
	sameBytes(tb, "device "+want.ID+" PublicKey", got.PublicKey, want.PublicKey)
	sameTime(tb, "device "+want.ID+" EnrolledAt", got.EnrolledAt, want.EnrolledAt)
	sameTime(tb, "device "+want.ID+" RevokedAt", got.RevokedAt, want.RevokedAt)
}

func testEnrolCodes(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		code, dev := newCode("A"), newDevice(1)
		must(t, "CreateEnrolCode", s.CreateEnrolCode(ctx, code))
		must(t, "RedeemEnrolCode", s.RedeemEnrolCode(ctx, code.Hash, dev))
		got, err := s.Device(ctx, dev.ID)
		must(t, "Device", err)
		checkDevice(t, got, dev)
		if got.Revoked() {
			t.Error("a new device is revoked")
		}
	})
	t.Run("ErrCodeUnknown", func(t *testing.T) {
		s := open(t)
		must(t, "CreateEnrolCode", s.CreateEnrolCode(ctx, newCode("A")))
		dev := newDevice(1)
		wantErr(t, "RedeemEnrolCode", s.RedeemEnrolCode(ctx, proto.CodeHash("B"), dev), signoff.ErrCodeUnknown)
		wantNoDevice(t, s, dev.ID)
	})
	t.Run("ErrCodeUsed", func(t *testing.T) {
		s := open(t)
		code := newCode("A")
		must(t, "CreateEnrolCode", s.CreateEnrolCode(ctx, code))
		must(t, "RedeemEnrolCode", s.RedeemEnrolCode(ctx, code.Hash, newDevice(1)))
		second := newDevice(2)
		wantErr(t, "second RedeemEnrolCode", s.RedeemEnrolCode(ctx, code.Hash, second), signoff.ErrCodeUsed)
		wantNoDevice(t, s, second.ID)
	})
	t.Run("ErrCodeExpired", func(t *testing.T) {
		s := open(t)
		code := newCode("A")
		must(t, "CreateEnrolCode", s.CreateEnrolCode(ctx, code))
		late := newDevice(1)
		late.EnrolledAt = code.ExpiresAt.Add(time.Minute)
		wantErr(t, "RedeemEnrolCode", s.RedeemEnrolCode(ctx, code.Hash, late), signoff.ErrCodeExpired)
		wantErr(t, "RedeemEnrolCode again", s.RedeemEnrolCode(ctx, code.Hash, late), signoff.ErrCodeExpired)
		wantNoDevice(t, s, late.ID)
		// Nothing changed: the code is still unused, so a redemption
		// dated before the expiry succeeds.
		inTime := newDevice(1)
		inTime.EnrolledAt = code.ExpiresAt.Add(-time.Minute)
		must(t, "RedeemEnrolCode in time", s.RedeemEnrolCode(ctx, code.Hash, inTime))
	})
	t.Run("ErrDeviceExists", func(t *testing.T) {
		s := open(t)
		dev := newDevice(1)
		enrol(t, s, dev)
		code := newCode("A")
		must(t, "CreateEnrolCode", s.CreateEnrolCode(ctx, code))
		again := dev
		again.Label = "someone else's label"
		wantErr(t, "RedeemEnrolCode", s.RedeemEnrolCode(ctx, code.Hash, again), signoff.ErrDeviceExists)
		got, err := s.Device(ctx, dev.ID)
		must(t, "Device", err)
		checkDevice(t, got, dev)
		// One transaction: the failed redemption did not use the code up.
		must(t, "RedeemEnrolCode for another device", s.RedeemEnrolCode(ctx, code.Hash, newDevice(2)))
	})
}

func testDevices(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("ErrNotFound", func(t *testing.T) {
		wantNoDevice(t, open(t), newDevice(1).ID)
	})
	t.Run("ListOldestFirst", func(t *testing.T) {
		s := open(t)
		list, err := s.Devices(ctx)
		must(t, "Devices", err)
		if len(list) != 0 {
			t.Fatalf("empty hub lists %d devices", len(list))
		}
		a, b, c := newDevice(1), newDevice(2), newDevice(3)
		a.EnrolledAt, b.EnrolledAt, c.EnrolledAt = base.Add(2*time.Hour), base, base.Add(time.Hour)
		for _, d := range []hub.Device{a, b, c} {
			enrol(t, s, d)
		}
		list, err = s.Devices(ctx)
		must(t, "Devices", err)
		want := []hub.Device{b, c, a}
		if len(list) != len(want) {
			t.Fatalf("Devices lists %d, want %d", len(list), len(want))
		}
		for i := range want {
			checkDevice(t, list[i], want[i])
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 2)
		first, second := base.Add(time.Hour), base.Add(2*time.Hour)
		must(t, "RevokeDevice", s.RevokeDevice(ctx, devs[0].ID, first))
		must(t, "RevokeDevice again", s.RevokeDevice(ctx, devs[0].ID, second))
		devs[0].RevokedAt = first // revoking twice keeps the first time
		got, err := s.Device(ctx, devs[0].ID)
		must(t, "Device", err)
		checkDevice(t, got, devs[0])
		if !got.Revoked() {
			t.Error("revoked device is not Revoked()")
		}
		list, err := s.Devices(ctx)
		must(t, "Devices", err)
		if len(list) != 2 {
			t.Fatalf("Devices lists %d, want 2 (revoked ones too)", len(list))
		}
		checkDevice(t, list[0], devs[0])
		checkDevice(t, list[1], devs[1])
	})
	t.Run("RevokeErrNotFound", func(t *testing.T) {
		s := open(t)
		wantErr(t, "RevokeDevice", s.RevokeDevice(ctx, newDevice(9).ID, base), hub.ErrNotFound)
	})
}

func testNonces(t *testing.T, open opener) {
	ctx := context.Background()
	expires := base.Add(10 * time.Minute)
	t.Run("ErrReplay", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 1)
		must(t, "UseNonce", s.UseNonce(ctx, devs[0].ID, "nonce-0123456789abcdef", base, expires))
		wantErr(t, "UseNonce again", s.UseNonce(ctx, devs[0].ID, "nonce-0123456789abcdef", base, expires), hub.ErrReplay)
		wantErr(t, "UseNonce a minute later",
			s.UseNonce(ctx, devs[0].ID, "nonce-0123456789abcdef", base.Add(time.Minute), expires), hub.ErrReplay)
		must(t, "UseNonce of another nonce", s.UseNonce(ctx, devs[0].ID, "nonce-fedcba9876543210", base, expires))
	})
	t.Run("PerDevice", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 2)
		must(t, "UseNonce", s.UseNonce(ctx, devs[0].ID, "nonce-0123456789abcdef", base, expires))
		must(t, "UseNonce by another device", s.UseNonce(ctx, devs[1].ID, "nonce-0123456789abcdef", base, expires))
		wantErr(t, "UseNonce again", s.UseNonce(ctx, devs[1].ID, "nonce-0123456789abcdef", base, expires), hub.ErrReplay)
	})
}
