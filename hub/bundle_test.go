package hub_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

func TestBundle(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	k.sign(t, 12)
	dir := t.TempDir()
	res, err := s.ExportBundle(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 12 || !strings.HasSuffix(res.Path, proto.BundleExt) {
		t.Fatalf("bundle %+v", res)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".partial-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	data, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Import", func(t *testing.T) {
		rep, err := h.srv.ImportBundle(ctx, bytes.NewReader(data))
		if err != nil || rep.Counts[signoff.SyncStored] != 12 {
			t.Fatalf("import: %+v, %v", rep.Counts, err)
		}
		if n, _ := h.store.CountRecords(ctx); n != 12 {
			t.Fatalf("%d stored", n)
		}
	})
	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		rep, err := h.srv.ImportBundle(ctx, bytes.NewReader(data))
		if err != nil || rep.Counts[signoff.SyncDuplicate] != 12 {
			t.Fatalf("second import: %+v, %v", rep.Counts, err)
		}
		if n, _ := h.store.CountRecords(ctx); n != 12 {
			t.Fatalf("%d stored", n)
		}
	})
	t.Run("SyncAfterwardsAcknowledges", func(t *testing.T) {
		if err := s.Once(ctx); err != nil {
			t.Fatal(err)
		}
		checkHubHolds(t, h.store, k)
	})
	t.Run("Tampered", func(t *testing.T) {
		h2 := startHub(t)
		k2, s2 := h2.enrolled(t, client.SyncerOptions{})
		k2.sign(t, 3)
		res, err := s2.ExportBundle(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := os.ReadFile(res.Path)
		// Change every 97th byte in turn: each copy must be refused whole.
		for i := 0; i < len(orig); i += 97 {
			bad := append([]byte(nil), orig...)
			bad[i] ^= 0x01
			if rep, err := h2.srv.ImportBundle(ctx, bytes.NewReader(bad)); err == nil {
				t.Fatalf("byte %d changed: bundle accepted, %+v", i, rep.Counts)
			}
		}
		if n, _ := h2.store.CountRecords(ctx); n != 0 {
			t.Fatalf("%d records stored from damaged bundles", n)
		}
	})
	t.Run("NothingWaitingWritesNothing", func(t *testing.T) {
		empty := t.TempDir()
		res, err := s.ExportBundle(ctx, empty)
		if err != nil || res.Records != 0 || res.Path != "" {
			t.Fatalf("bundle of nothing: %+v, %v", res, err)
		}
		if files, _ := os.ReadDir(empty); len(files) != 0 {
			t.Fatalf("files written: %v", files)
		}
	})
	t.Run("UnknownTablet", func(t *testing.T) {
		stranger := newSimKiosk(t)
		stranger.sign(t, 1)
		raw, err := proto.MakeBundle(stranger, stranger.records, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.srv.ImportBundle(ctx, bytes.NewReader(raw)); err == nil || !strings.Contains(err.Error(), "not enrolled") {
			t.Fatalf("err = %v", err)
		}
	})
}
