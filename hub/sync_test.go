package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

func TestEnrol(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	t.Run("OK", func(t *testing.T) {
		k, s := h.enrolled(t, client.SyncerOptions{})
		snap, err := s.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Link == nil || snap.Link.DeviceID != k.DeviceID() || snap.Link.CertSHA256Hex != h.pin {
			t.Fatalf("link = %+v", snap.Link)
		}
		dev, err := h.store.Device(ctx, k.DeviceID())
		if err != nil || !bytes.Equal(dev.PublicKey, k.pub) || dev.Label != "" && dev.Label != "test tablet" {
			t.Fatalf("device on the hub = %+v, %v", dev, err)
		}
	})
	t.Run("ErrCodeUsed", func(t *testing.T) {
		code := h.code(t)
		for i, want := range []error{nil, signoff.ErrCodeUsed} {
			k := newSimKiosk(t)
			err := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub}).Enrol(ctx, h.ts.URL, code, h.pin)
			if !errors.Is(err, want) {
				t.Fatalf("enrolment %d: %v, want %v", i+1, err, want)
			}
		}
	})
	t.Run("ErrCodeUnknown", func(t *testing.T) {
		k := newSimKiosk(t)
		err := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub}).Enrol(ctx, h.ts.URL, "AAAAA-BBBBB", h.pin)
		if !errors.Is(err, signoff.ErrCodeUnknown) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrCodeExpired", func(t *testing.T) {
		code := h.code(t)
		h.clock.Store(int64(hub.EnrolCodeTTL + time.Minute))
		defer h.clock.Store(0)
		k := newSimKiosk(t)
		err := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub}).Enrol(ctx, h.ts.URL, code, h.pin)
		if !errors.Is(err, signoff.ErrCodeExpired) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrCertificate", func(t *testing.T) {
		k := newSimKiosk(t)
		wrong := strings.Repeat("ab", 32)
		err := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub}).Enrol(ctx, h.ts.URL, h.code(t), wrong)
		if failure(err) != client.FailCertificate {
			t.Fatalf("err = %v, want a certificate failure", err)
		}
	})
	t.Run("FingerprintAsPrinted", func(t *testing.T) {
		for typed, want := range map[string]string{
			hub.FormatFingerprint(h.pin):     "",                     // as printed, in groups
			strings.ToUpper(h.pin):           "",                     // any case
			hub.FormatFingerprint(h.pin)[:9]: client.FailCertificate, // the first 8 alone: a forger could match 32 bits
			h.pin[:len(h.pin)-1]:             client.FailCertificate, // one short
			"0000 0000":                      client.FailCertificate, // not this hub's
		} {
			k := newSimKiosk(t)
			s := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub})
			err := s.Enrol(ctx, h.ts.URL, h.code(t), typed)
			if failure(err) != want || (want == "" && err != nil) {
				t.Errorf("fingerprint %q: %v, want %q", typed, err, want)
				continue
			}
			if snap, _ := s.Snapshot(ctx); want == "" && snap.Link.CertSHA256Hex != h.pin {
				t.Errorf("fingerprint %q: pinned %q, want the whole %q", typed, snap.Link.CertSHA256Hex, h.pin)
			}
		}
	})
	t.Run("TrustOnFirstUse", func(t *testing.T) {
		k := newSimKiosk(t)
		s := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub})
		if err := s.Enrol(ctx, h.ts.URL, h.code(t), ""); err != nil {
			t.Fatal(err)
		}
		snap, _ := s.Snapshot(ctx)
		if snap.Link.CertSHA256Hex != h.pin {
			t.Fatalf("pinned %q, want the certificate presented %q", snap.Link.CertSHA256Hex, h.pin)
		}
	})
}

func TestSync_OK(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{BatchSize: 10})
	sent := k.sign(t, 25)
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	checkHubHolds(t, h.store, k)
	for _, r := range sent {
		a, ok := k.ack(r.ID)
		if !ok || a.Status != signoff.SyncStored {
			t.Fatalf("record %s: ack %+v", r.ID, a)
		}
		var rc proto.Receipt
		if err := json.Unmarshal(a.Receipt, &rc); err != nil {
			t.Fatal(err)
		}
		rb, err := rc.Open(h.srv.PublicKey())
		if err != nil || rb.Record != r.ID || rb.BodyHash != record.Hash(r.Body) {
			t.Fatalf("receipt %+v, %v", rb, err)
		}
	}
	got, err := h.store.Record(ctx, sent[3].ID)
	if err != nil || len(got.Attachments) != 1 || !bytes.Equal(got.Attachments[0].Data, sent[3].Attachments[0].Data) {
		t.Fatalf("hub's copy of a record: %+v, %v", got.Attachments, err)
	}
	snap, _ := s.Snapshot(ctx)
	if snap.Waiting != 0 || snap.Status.LastSuccess.IsZero() || snap.Status.Failure != "" {
		t.Fatalf("snapshot after sync: %+v", snap)
	}
	if k.purgedAt.IsZero() || time.Since(k.purgedAt) < 13*24*time.Hour {
		t.Errorf("attachments purged up to %v, want 14 days ago", k.purgedAt)
	}
}

// An adult's own sign-off (a visitor at a self-service reception tablet)
// is stored like a pupil's, and belongs to no pupil.
func TestSync_AdultSignatory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{BatchSize: 10})
	pupil := k.sign(t, 1)[0]
	visitor := k.signWith(t, record.NewID(), func(b *record.Body) {
		b.PupilRef, b.Form, b.Band, b.BandAlias = "", "visitor", "", ""
		b.Signatory = &record.SignatoryRef{Kind: record.SignatoryVisitor, Ref: "v-7"}
		b.Adult = record.AdultRef{}
		b.Answers = []record.Answer{{Statement: "visitor.conduct", Answer: record.AnswerAgree}}
		b.Attachments[0].Kind = record.AttachSignatoryName
	})
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	checkHubHolds(t, h.store, k)
	for _, r := range []record.Signed{pupil, visitor} {
		if a, ok := k.ack(r.ID); !ok || a.Status != signoff.SyncStored {
			t.Fatalf("record %s: ack %+v", r.ID, a)
		}
	}
	got, err := h.store.Record(ctx, visitor.ID)
	if err != nil || got.PupilRef != "" || got.Form != "visitor" {
		t.Fatalf("hub's copy of the visitor's record: pupil %q form %q, %v", got.PupilRef, got.Form, err)
	}
}

func TestSync_Faults(t *testing.T) {
	ctx := context.Background()
	portal := func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		http.Redirect(w, r, "http://portal.example/login", http.StatusFound)
	}
	loginNeeded := func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.WriteHeader(http.StatusNetworkAuthenticationRequired)
	}
	blockPage := func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>This site is blocked by the school's web filter.</body></html>")
	}
	badGateway := func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<h1>502 Bad Gateway</h1>")
	}
	// ackLost lets the hub commit a batch, then drops the connection
	// before the kiosk hears the answer.
	ackLost := onBatch(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		api.ServeHTTP(discard{}, r)
		hijackClose(w)
	})
	truncated := onBatch(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		rec := &captured{header: http.Header{}}
		api.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(http.StatusOK)
		w.Write(rec.body.Bytes()[:rec.body.Len()/2])
		hijackClose(w)
	})
	slow := onBatch(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		api.ServeHTTP(discard{}, r)
		time.Sleep(1500 * time.Millisecond)
	})
	for _, tc := range []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request, http.Handler)
		want  string
	}{
		{"Portal", portal, client.FailPortal},
		{"LoginNeeded", loginNeeded, client.FailPortal},
		{"Filtered", blockPage, client.FailFiltered},
		{"BadGateway", badGateway, client.FailServer},
		{"AckLost", ackLost, client.FailUnreachable},
		{"Truncated", truncated, client.FailUnreachable},
		{"Slow", slow, client.FailUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startHub(t)
			k, s := h.enrolled(t, client.SyncerOptions{BatchSize: 4, Timeout: time.Second})
			k.sign(t, 10)
			h.setFault(tc.fault)
			err := s.Once(ctx)
			if failure(err) != tc.want {
				t.Fatalf("sync through the fault: %v, want %s", err, tc.want)
			}
			snap, _ := s.Snapshot(ctx)
			if snap.Status.Failure != tc.want || snap.Waiting == 0 {
				t.Fatalf("status %+v, waiting %d", snap.Status, snap.Waiting)
			}
			h.setFault(nil)
			if err := s.Once(ctx); err != nil {
				t.Fatalf("sync after the fault: %v", err)
			}
			checkHubHolds(t, h.store, k)
		})
	}
	t.Run("Refused", func(t *testing.T) {
		h := startHub(t)
		k, s := h.enrolled(t, client.SyncerOptions{})
		k.sign(t, 3)
		h.ts.Close()
		err := s.Once(ctx)
		if failure(err) != client.FailUnreachable {
			t.Fatalf("err = %v", err)
		}
		if n, _ := k.Unsynced(ctx); n != 3 {
			t.Fatalf("%d waiting, want 3", n)
		}
	})
	t.Run("TooLargeHalves", func(t *testing.T) {
		h := startHub(t)
		k, s := h.enrolled(t, client.SyncerOptions{BatchSize: 16})
		k.sign(t, 20)
		var sizes []int
		h.setFault(onBatch(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
			body, _ := io.ReadAll(r.Body)
			var req proto.BatchRequest
			json.Unmarshal(body, &req)
			sizes = append(sizes, len(req.Records))
			if len(req.Records) > 3 {
				w.WriteHeader(http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			api.ServeHTTP(w, r)
		}))
		if err := s.Once(ctx); err != nil {
			t.Fatal(err)
		}
		checkHubHolds(t, h.store, k)
		if sizes[0] != 16 || sizes[1] != 8 || sizes[2] != 4 || sizes[3] != 2 {
			t.Errorf("batch sizes %v, want 16, 8, 4, 2, …", sizes)
		}
	})
}

// onBatch applies fault to record batches only (ping and roster pass).
func onBatch(fault func(http.ResponseWriter, *http.Request, http.Handler)) func(http.ResponseWriter, *http.Request, http.Handler) {
	return func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		if r.URL.Path == proto.PathBatch {
			fault(w, r, api)
			return
		}
		api.ServeHTTP(w, r)
	}
}

func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
		}
	}
}

// discard is a ResponseWriter that throws the answer away.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// captured keeps an answer.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header         { return c.header }
func (c *captured) Write(p []byte) (int, error) { return c.body.Write(p) }
func (c *captured) WriteHeader(s int)           { c.status = s }

func TestSync_Revoked(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	k.sign(t, 2)
	if err := h.store.RevokeDevice(ctx, k.DeviceID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Once(ctx); failure(err) != client.FailRevoked {
		t.Fatalf("err = %v, want revoked", err)
	}
	if n, _ := h.store.CountRecords(ctx); n != 0 {
		t.Fatalf("a revoked tablet stored %d records", n)
	}
	if n, _ := k.Unsynced(ctx); n != 2 {
		t.Fatalf("%d waiting, want 2 kept on the tablet", n)
	}
}

func TestSync_Conflict(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	k.sign(t, 2)
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	// A tablet restored from an old backup signs a different record with
	// a sequence number the hub already holds.
	k.mu.Lock()
	k.records, k.head = k.records[:1], record.Hash(k.records[0].Body)
	k.mu.Unlock()
	again := k.sign(t, 1)[0]
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	a, _ := k.ack(again.ID)
	if a.Status != signoff.SyncConflict || a.Reason == "" {
		t.Fatalf("ack = %+v, want a conflict with a reason", a)
	}
	snap, _ := s.Snapshot(ctx)
	if snap.Status.Failure != client.FailRejected || snap.Status.Rejected != 1 || snap.Waiting != 0 {
		t.Fatalf("status %+v, waiting %d", snap.Status, snap.Waiting)
	}
	q, err := h.store.Quarantined(ctx)
	if err != nil || len(q) != 1 || q[0].ID != again.ID {
		t.Fatalf("quarantine = %+v, %v", q, err)
	}
	if n, _ := h.store.CountRecords(ctx); n != 2 {
		t.Fatalf("hub holds %d records, want the 2 first ones untouched", n)
	}
}

func TestSyncer_Run(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{AfterCommit: 50 * time.Millisecond, Every: time.Hour})
	var changes atomic.Int32
	s.OnChange(func() { changes.Add(1) })
	go s.Run(ctx)
	waitFor(t, ctx, func() bool { snap, _ := s.Snapshot(ctx); return !snap.Status.LastSuccess.IsZero() })
	k.sign(t, 3)
	s.Committed()
	waitFor(t, ctx, func() bool { n, _ := k.Unsynced(ctx); return n == 0 })
	checkHubHolds(t, h.store, k)
	if changes.Load() == 0 {
		t.Error("OnChange was never called")
	}
}

func waitFor(t *testing.T, ctx context.Context, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("timed out waiting")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestFullJitter(t *testing.T) {
	base, cap := 5*time.Second, 10*time.Minute
	top := func(n int64) int64 { return n - 1 }
	for attempt, want := range map[int]time.Duration{1: 5 * time.Second, 2: 10 * time.Second, 4: 40 * time.Second, 9: cap, 40: cap} {
		if got := client.FullJitter(base, cap, attempt, top); got != want {
			t.Errorf("attempt %d: longest wait %v, want %v", attempt, got, want)
		}
	}
	if got := client.FullJitter(base, cap, 3, func(int64) int64 { return 0 }); got != base/10 {
		t.Errorf("shortest wait %v, want %v", got, base/10)
	}
}
