package hub_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/policy"
)

func TestSync_Roster(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	pupils := []proto.Pupil{
		{UPN: "A999900124001", GivenName: "Ada", FamilyName: "Lovelace", Class: "Oak", Year: "7", Band: "b", Language: "cy", Active: true},
		{UPN: "A999900124002", GivenName: "Alan", FamilyName: "Turing", Class: "Oak", Year: "7", Active: true},
	}
	v, err := h.store.PutRoster(ctx, pupils, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	if len(k.roster) != 2 || k.roster[0].UPN != "A999900124001" || k.roster[0].Band != "b" || k.roster[0].Language != "cy" {
		t.Fatalf("kiosk roster = %+v", k.roster)
	}
	snap, _ := s.Snapshot(ctx)
	if snap.Link.RosterVersion != v {
		t.Fatalf("kiosk at roster version %d, hub at %d", snap.Link.RosterVersion, v)
	}
	k.roster = nil
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	if k.roster != nil {
		t.Fatalf("an unchanged roster was applied again: %+v", k.roster)
	}
}

func TestSync_Pack(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	packFS, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := hub.PublishPack(ctx, h.store, packFS, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("DamagedAssetRefused", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "packs")
		_, s := h.enrolled(t, client.SyncerOptions{PackDir: dir})
		h.setFault(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
			if r.URL.Path == proto.PathAssets+m.Files[1].Hash {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Write([]byte("not the picture"))
				return
			}
			api.ServeHTTP(w, r)
		})
		defer h.setFault(nil)
		if err := s.Once(ctx); failure(err) != client.FailServer {
			t.Fatalf("err = %v, want the damaged asset refused", err)
		}
		if got := client.CurrentPackDir(dir); got != "" {
			t.Fatalf("a damaged pack became current: %s", got)
		}
	})
	t.Run("OversizedAssetRefused", func(t *testing.T) {
		// Bigger than any pack file may be: not read whole, and not called damaged.
		dir := filepath.Join(t.TempDir(), "packs")
		_, s := h.enrolled(t, client.SyncerOptions{PackDir: dir})
		h.setFault(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
			if r.URL.Path == proto.PathAssets+m.Files[1].Hash {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Write(make([]byte, policy.MaxFileBytes+1))
				return
			}
			api.ServeHTTP(w, r)
		})
		defer h.setFault(nil)
		err := s.Once(ctx)
		if failure(err) != client.FailServer || !strings.Contains(err.Error(), "more than any pack file may be") {
			t.Fatalf("err = %v, want the oversized asset refused", err)
		}
		if got := client.CurrentPackDir(dir); got != "" {
			t.Fatalf("a pack with an oversized file became current: %s", got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "packs")
		_, s := h.enrolled(t, client.SyncerOptions{PackDir: dir})
		if err := s.Once(ctx); err != nil {
			t.Fatal(err)
		}
		cur := client.CurrentPackDir(dir)
		if cur == "" {
			t.Fatal("no pack installed")
		}
		p, err := policy.Load(os.DirFS(cur))
		if err != nil || p.Fingerprint != m.Fingerprint {
			t.Fatalf("installed pack: %v, fingerprint %q want %q", err, p.Fingerprint, m.Fingerprint)
		}
		snap, _ := s.Snapshot(ctx)
		if snap.Status.PendingPack != m.Version {
			t.Errorf("status says pack %q waiting, want %q", snap.Status.PendingPack, m.Version)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".staging-*")); len(left) > 0 {
			t.Fatalf("staging left: %v", left)
		}
	})
}
