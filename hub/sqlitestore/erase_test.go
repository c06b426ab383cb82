package sqlitestore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// TestErase_LeavesNoBytes checks that an erased body and attachment are
// not left in the database file or its WAL.
func TestErase_LeavesNoBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pub := make([]byte, 32)
	dev := hub.Device{ID: record.DeviceID(pub), PublicKey: pub, Label: "tablet", EnrolledAt: time.Now()}
	code := hub.EnrolCode{Hash: "h", CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	body := []byte(`{"pupil":"SECRET-BODY-MARKER"}`)
	data := []byte("SECRET-ATTACHMENT-MARKER")
	keep := []byte(`{"pupil":"another record"}`)
	in := hub.Incoming{ID: "r1", DeviceID: dev.ID, Seq: 1, BodyHash: record.Hash(body), Body: body,
		Signature: []byte("sig"), Attachments: []hub.Attachment{{Kind: "pupil_name", MediaType: "text/plain",
			Hash: record.Hash(data), Salt: []byte("salt"), Data: data}}}
	other := hub.Incoming{ID: "r2", DeviceID: dev.ID, Seq: 2, Prev: in.BodyHash, BodyHash: record.Hash(keep),
		Body: keep, Signature: []byte("sig")}
	err = errors.Join(s.CreateEnrolCode(ctx, code), s.RedeemEnrolCode(ctx, code.Hash, dev))
	if err == nil {
		_, err = s.Ingest(ctx, []hub.Incoming{in, other}, time.Now())
	}
	if err == nil {
		err = s.Erase(ctx, in.ID, "parent asked", time.Now())
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		for _, marker := range []string{"SECRET-BODY-MARKER", "SECRET-ATTACHMENT-MARKER"} {
			if bytes.Contains(raw, []byte(marker)) {
				t.Errorf("hub.db%s still holds %s after Erase", suffix, marker)
			}
		}
		if suffix == "" && !bytes.Contains(raw, []byte("another record")) {
			t.Error("hub.db does not hold the record that was kept: the check looks in the wrong place")
		}
	}
}

// TestErase_KeepsChain checks what the tombstone is for beyond Duplicate:
// the erased sequence stays taken, and its neighbours are still checked
// against its hashes.
func TestErase_KeepsChain(t *testing.T) {
	s := mustOpen(t)
	mustClose(t, s)
	ctx := context.Background()
	pub := make([]byte, 32)
	dev := hub.Device{ID: record.DeviceID(pub), PublicKey: pub, Label: "tablet", EnrolledAt: time.Now()}
	code := hub.EnrolCode{Hash: "h", CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := errors.Join(s.CreateEnrolCode(ctx, code), s.RedeemEnrolCode(ctx, code.Hash, dev)); err != nil {
		t.Fatal(err)
	}
	rec := func(id string, seq uint64, prev, body string) hub.Incoming {
		return hub.Incoming{ID: id, DeviceID: dev.ID, Seq: seq, Prev: prev, BodyHash: record.Hash([]byte(body)),
			Body: []byte(body), Signature: []byte("sig")}
	}
	r1 := rec("r1", 1, "", "one")
	r2 := rec("r2", 2, r1.BodyHash, "two")
	r4 := rec("r4", 4, record.Hash([]byte("three")), "four")
	if _, err := s.Ingest(ctx, []hub.Incoming{r1, r2, r4}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(s.Erase(ctx, "r1", "test", time.Now()), s.Erase(ctx, "r4", "test", time.Now())); err != nil {
		t.Fatal(err)
	}
	out, err := s.Ingest(ctx, []hub.Incoming{
		rec("x1", 1, "", "another one"),           // takes erased r1's sequence
		rec("r3", 3, r2.BodyHash, "forged three"), // erased r4's Prev is not its hash
		rec("r3", 3, r2.BodyHash, "three"),
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{signoff.SyncConflict, signoff.SyncInvalid, signoff.SyncStored} {
		if out[i].Status != want {
			t.Errorf("record %d: %s (%s), want %s", i, out[i].Status, out[i].Reason, want)
		}
	}
	if !strings.Contains(out[1].Reason, "r4") {
		t.Errorf("reason %q does not name erased r4", out[1].Reason)
	}
}
