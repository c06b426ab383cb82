package sqlitestore

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smartkiosk/hub"
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
