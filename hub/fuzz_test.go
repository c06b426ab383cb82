package hub_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

// fuzzHub is a hub with one enrolled simulated kiosk, answering in
// process (no network) so a fuzzer can send many requests.
func fuzzHub(f *testing.F) (*hub.Server, http.Handler, *simKiosk) {
	f.Helper()
	ctx := context.Background()
	st := newStore(f)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	srv := hub.NewServer(hub.Config{Store: st, Key: key})
	k := newSimKiosk(f)
	code := "FUZZ1-FUZZ2"
	if err := st.CreateEnrolCode(ctx, hub.EnrolCode{Hash: proto.CodeHash(code), CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		f.Fatal(err)
	}
	if err := st.RedeemEnrolCode(ctx, proto.CodeHash(code), hub.Device{ID: k.DeviceID(), PublicKey: k.pub, EnrolledAt: time.Now()}); err != nil {
		f.Fatal(err)
	}
	return srv, srv.APIHandler(), k
}

// FuzzBatch sends arbitrary bodies, correctly signed, as record batches:
// the hub answers 200, 400 or 413, never fails, and stores exactly the
// records it answers "stored".
func FuzzBatch(f *testing.F) {
	srv, api, k := fuzzHub(f)
	recs := k.sign(f, 3)
	good, _ := json.Marshal(proto.BatchRequest{Records: recs})
	f.Add(good)
	f.Add([]byte(`{"records":[]}`))
	f.Add([]byte(`{"records":[{"id":"x","body":"e30=","signature":"AA=="}]}`))
	f.Add([]byte(`{"records":null}`))
	f.Add([]byte(`[`))
	f.Add(bytes.Replace(good, []byte(`"position":0`), []byte(`"position":9`), 1))
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx := context.Background()
		before, _ := srv.Store().CountRecords(ctx)
		req := httptest.NewRequest(http.MethodPost, proto.PathBatch, bytes.NewReader(body))
		proto.SignHTTP(req, k, body, time.Now(), nonce())
		w := httptest.NewRecorder()
		api.ServeHTTP(w, req)
		after, _ := srv.Store().CountRecords(ctx)
		switch w.Code {
		case http.StatusOK:
			var resp proto.BatchResponse
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with an unreadable answer: %v", err)
			}
			stored := 0
			for _, r := range resp.Results {
				switch r.Status {
				case signoff.SyncStored:
					stored++
				case signoff.SyncDuplicate, signoff.SyncConflict, signoff.SyncInvalid:
				default:
					t.Fatalf("status %q", r.Status)
				}
			}
			if after-before != stored {
				t.Fatalf("%d answered stored, %d stored", stored, after-before)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if after != before {
				t.Fatalf("refused with %d but stored %d records", w.Code, after-before)
			}
		default:
			t.Fatalf("answer %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzBundle imports arbitrary bytes as a bundle: never a panic, and a
// bundle that is not the enrolled kiosk's correctly signed one stores nothing.
func FuzzBundle(f *testing.F) {
	srv, _, k := fuzzHub(f)
	k.sign(f, 2)
	good, err := proto.MakeBundle(k, k.records, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"manifest":"e30=","signature":""}`))
	f.Add([]byte(`{}`))
	f.Add([]byte("not json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		before, _ := srv.Store().CountRecords(ctx)
		rep, err := srv.ImportBundle(ctx, bytes.NewReader(data))
		after, _ := srv.Store().CountRecords(ctx)
		if err != nil && after != before {
			t.Fatalf("refused (%v) but stored %d records", err, after-before)
		}
		if err == nil {
			b, m, _ := proto.ReadBundle(bytes.NewReader(data))
			if proto.OpenBundle(b, k.pub) != nil || m.Device != k.DeviceID() {
				t.Fatalf("a bundle not signed by the kiosk was imported: %+v", rep.Counts)
			}
			if after-before != rep.Counts[signoff.SyncStored] {
				t.Fatalf("%d answered stored, %d stored", rep.Counts[signoff.SyncStored], after-before)
			}
		}
	})
}
