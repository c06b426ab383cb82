package hub_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/store/record"
)

// testHub is a hub on loopback over HTTPS with its own certificate, in
// front of which a test can put a fault (a proxy, a portal, a filter).
type testHub struct {
	store hub.Store
	srv   *hub.Server
	ts    *httptest.Server
	pin   string // the certificate's fingerprint
	fault atomic.Pointer[func(http.ResponseWriter, *http.Request, http.Handler)]
	clock atomic.Int64 // offset of the hub's clock, ns
}

func newStore(t testing.TB) hub.Store {
	t.Helper()
	st, err := sqlitestore.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func startHub(t testing.TB) *testHub {
	t.Helper()
	return startHubOn(t, newStore(t))
}

func startHubOn(t testing.TB, st hub.Store) *testHub {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	h := &testHub{store: st}
	h.srv = hub.NewServer(hub.Config{Store: st, Key: key, SchoolName: "Example School",
		Now: func() time.Time { return time.Now().Add(time.Duration(h.clock.Load())) }})
	api := h.srv.Handler(hub.WebOptions{})
	h.ts = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := h.fault.Load(); f != nil {
			(*f)(w, r, api)
			return
		}
		api.ServeHTTP(w, r)
	}))
	h.ts.StartTLS()
	t.Cleanup(h.ts.Close)
	sum := sha256.Sum256(h.ts.Certificate().Raw)
	h.pin = hex.EncodeToString(sum[:])
	return h
}

// setFault puts f in front of the hub (nil removes it).
func (h *testHub) setFault(f func(http.ResponseWriter, *http.Request, http.Handler)) {
	if f == nil {
		h.fault.Store(nil)
		return
	}
	h.fault.Store(&f)
}

func (h *testHub) code(t testing.TB) string {
	t.Helper()
	code, _, err := hub.NewEnrolCode(context.Background(), h.store, "test tablet", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enrolled returns a simulated kiosk enrolled with h and its syncer.
func (h *testHub) enrolled(t testing.TB, o client.SyncerOptions) (*simKiosk, *client.Syncer) {
	t.Helper()
	k := newSimKiosk(t)
	o.PublicKey = k.pub
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	s := client.NewSyncer(k, o)
	if err := s.Enrol(context.Background(), h.ts.URL, h.code(t), h.pin); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	return k, s
}

// checkHubHolds fails unless the hub holds each of the kiosks' records
// exactly once, every chain is whole, and nothing is waiting.
func checkHubHolds(t testing.TB, st hub.Store, kiosks ...*simKiosk) {
	t.Helper()
	ctx := context.Background()
	want := 0
	for _, k := range kiosks {
		want += len(k.records)
		stored, err := st.DeviceRecords(ctx, k.DeviceID())
		if err != nil {
			t.Fatal(err)
		}
		bodies := make([][]byte, len(stored))
		for i, s := range stored {
			bodies[i] = s.Body
		}
		if len(stored) != len(k.records) {
			t.Errorf("device %s: hub holds %d records, kiosk signed %d", k.DeviceID()[:8], len(stored), len(k.records))
		}
		if probs := record.VerifyChain(bodies); len(probs) > 0 {
			t.Errorf("device %s: chain broken: %v", k.DeviceID()[:8], probs)
		}
		if n, _ := k.Unsynced(ctx); n != 0 {
			t.Errorf("device %s: %d records still waiting", k.DeviceID()[:8], n)
		}
	}
	if n, err := st.CountRecords(ctx); err != nil || n != want {
		t.Errorf("hub counts %d records (%v), want %d", n, err, want)
	}
}

// failure returns the Fail code of err ("" when not a FailureError).
func failure(err error) string {
	var fe *client.FailureError
	if errors.As(err, &fe) {
		return fe.Code
	}
	return ""
}
