package hub_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// rawClient sends hand-made requests to a test hub.
type rawClient struct {
	h    *testHub
	http *http.Client
}

func newRawClient(h *testHub) *rawClient { return &rawClient{h: h, http: h.ts.Client()} }

// post sends body to path, signed by s (unsigned when s is nil), with the
// given nonce and time, and returns the status and error code.
func (c *rawClient) post(t *testing.T, s proto.RequestSigner, path string, body []byte, nonce string, at time.Time) (int, string) {
	t.Helper()
	return c.send(t, http.MethodPost, s, path, body, nonce, at)
}

// send is post with another method.
func (c *rawClient) send(t *testing.T, method string, s proto.RequestSigner, path string, body []byte, nonce string, at time.Time) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, c.h.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if s != nil {
		proto.SignHTTP(req, s, body, at, nonce)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error
}

func batchOf(t *testing.T, recs []record.Signed) []byte {
	t.Helper()
	data, err := json.Marshal(proto.BatchRequest{Records: recs})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestServer_Refuses(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, _ := h.enrolled(t, client.SyncerOptions{})
	recs := k.sign(t, 2)
	good := batchOf(t, recs)
	_, strangerKey, _ := ed25519.GenerateKey(rand.Reader)
	stranger := proto.KeySigner{Key: strangerKey}
	impostor := impostorSigner{id: k.DeviceID(), KeySigner: stranger}
	revoked, _ := h.enrolled(t, client.SyncerOptions{})
	revoked.sign(t, 1)
	if err := h.store.RevokeDevice(ctx, revoked.DeviceID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	c := newRawClient(h)
	now := time.Now()
	tooMany := make([]record.Signed, proto.MaxBatchRecords+1)
	for i := range tooMany {
		tooMany[i] = recs[0]
	}
	for _, tc := range []struct {
		name   string
		signer proto.RequestSigner
		body   []byte
		at     time.Time
		status int
		code   string
	}{
		{"Unsigned", nil, good, now, http.StatusUnauthorized, signoff.ErrCodeUnsigned},
		{"UnknownDevice", stranger, good, now, http.StatusUnauthorized, signoff.ErrCodeUnknownDev},
		{"BadSignature", impostor, good, now, http.StatusUnauthorized, signoff.ErrCodeBadSignature},
		{"Revoked", revoked, batchOf(t, revoked.records), now, http.StatusForbidden, signoff.ErrCodeRevoked},
		{"Clock", k, good, now.Add(-proto.ClockSkew - time.Hour), http.StatusUnauthorized, signoff.ErrCodeClock},
		{"Malformed", k, []byte(`{"records": [{"id": 7}]}`), now, http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"UnknownField", k, []byte(`{"records": [], "extra": true}`), now, http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"Oversized", k, bytes.Repeat([]byte(" "), proto.MaxBatchBytes+1), now, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge},
		{"TooManyRecords", k, batchOf(t, tooMany), now, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, code := c.post(t, tc.signer, proto.PathBatch, tc.body, nonce(), tc.at)
			if status != tc.status || code != tc.code {
				t.Fatalf("answer %d %q, want %d %q", status, code, tc.status, tc.code)
			}
			if n, _ := h.store.CountRecords(ctx); n != 0 {
				t.Fatalf("%d records stored", n)
			}
		})
	}
	t.Run("Replayed", func(t *testing.T) {
		n := nonce()
		if status, code := c.post(t, k, proto.PathBatch, good, n, now); status != http.StatusOK {
			t.Fatalf("first request: %d %s", status, code)
		}
		if status, code := c.post(t, k, proto.PathBatch, good, n, now); status != http.StatusConflict || code != signoff.ErrCodeReplay {
			t.Fatalf("replay: %d %q, want 409 replay", status, code)
		}
		if n, _ := h.store.CountRecords(ctx); n != 2 {
			t.Fatalf("%d records stored, want the first request's 2", n)
		}
	})
}

// impostorSigner claims a device id but signs with another key.
type impostorSigner struct {
	proto.KeySigner
	id string
}

func (s impostorSigner) DeviceID() string { return s.id }

func nonce() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func TestServer_OneBadRecordDoesNotBlock(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, _ := h.enrolled(t, client.SyncerOptions{})
	recs := k.sign(t, 4)
	other := newSimKiosk(t)
	foreign := other.sign(t, 1)[0] // signed by a tablet that is not the sender
	tampered := recs[1]
	tampered.Body = bytes.Replace(append([]byte(nil), tampered.Body...), []byte("pupil-a"), []byte("pupil-b"), 1)
	badAttachment := recs[2]
	badAttachment.Attachments = []record.Enclosure{{Position: 0, Salt: recs[2].Attachments[0].Salt, Data: []byte("Someone else")}}
	batch := []record.Signed{recs[0], tampered, badAttachment, foreign, recs[3]}
	res, err := sendRaw(t, h, k, batch)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{signoff.SyncStored, signoff.SyncInvalid, signoff.SyncInvalid, signoff.SyncInvalid, signoff.SyncStored}
	for i, r := range res {
		if r.Status != want[i] {
			t.Errorf("record %d: %s (%s), want %s", i, r.Status, r.Reason, want[i])
		}
		if _, err := r.Receipt.Open(h.srv.PublicKey()); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
	}
	if n, _ := h.store.CountRecords(ctx); n != 2 {
		t.Fatalf("%d stored, want 2", n)
	}
}

func sendRaw(t *testing.T, h *testHub, k *simKiosk, recs []record.Signed) ([]proto.Result, error) {
	t.Helper()
	c, err := client.New(client.Link{URL: h.ts.URL, CertSHA256Hex: h.pin}, k, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return c.SendBatch(context.Background(), recs)
}

func TestPing(t *testing.T) {
	h := startHub(t)
	resp, err := h.ts.Client().Get(h.ts.URL + proto.PathPing)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p proto.Ping
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Service != proto.ServiceName || p.Hub != proto.KeyID(h.srv.PublicKey()) {
		t.Fatalf("ping = %+v, %v", p, err)
	}
}
