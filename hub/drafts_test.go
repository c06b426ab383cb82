package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

func draftNote(upn string, minute int) record.DraftNote {
	at := time.Date(2026, 11, 2, 9, minute, 0, 0, time.UTC)
	return record.DraftNote{ID: record.NewID(), PupilRef: upn, StartedAt: at, UpdatedAt: at.Add(time.Minute)}
}

func draftsOf(t *testing.T, notes ...record.DraftNote) []byte {
	t.Helper()
	if notes == nil {
		notes = []record.DraftNote{}
	}
	data, err := json.Marshal(proto.DraftsRequest{Drafts: notes})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// wantHubDrafts checks the hub's Drafts lists exactly these ids, in order.
func wantHubDrafts(t *testing.T, st hub.Store, ids ...string) []hub.DraftReport {
	t.Helper()
	got, err := st.Drafts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs []string
	for _, d := range got {
		gotIDs = append(gotIDs, d.ID)
	}
	if fmt.Sprint(gotIDs) != fmt.Sprint(ids) {
		t.Fatalf("hub's drafts = %v, want %v", gotIDs, ids)
	}
	return got
}

func TestServer_Drafts(t *testing.T) {
	h := startHub(t)
	k, _ := h.enrolled(t, client.SyncerOptions{})
	c := newRawClient(h)
	put := func(t *testing.T, s proto.RequestSigner, body []byte) (int, string) {
		t.Helper()
		return c.send(t, http.MethodPut, s, proto.PathDrafts, body, nonce(), time.Now())
	}
	ben, amy := draftNote("B100000000002", 5), draftNote("A100000000001", 3)
	t.Run("OK", func(t *testing.T) {
		if status, code := put(t, k, draftsOf(t, ben, amy)); status != http.StatusNoContent {
			t.Fatalf("PUT drafts: %d %q, want 204", status, code)
		}
		got := wantHubDrafts(t, h.store, amy.ID, ben.ID)
		if got[0].DeviceID != k.DeviceID() || !got[0].StartedAt.Equal(amy.StartedAt) || !got[0].UpdatedAt.Equal(amy.UpdatedAt) ||
			got[0].ReportedAt.IsZero() {
			t.Errorf("hub's draft = %+v, want %+v from %s", got[0], amy, k.DeviceID())
		}
	})
	t.Run("Replaces", func(t *testing.T) {
		cat := draftNote("C100000000003", 1)
		if status, code := put(t, k, draftsOf(t, cat)); status != http.StatusNoContent {
			t.Fatalf("PUT drafts: %d %q", status, code)
		}
		wantHubDrafts(t, h.store, cat.ID)
		if status, code := put(t, k, draftsOf(t)); status != http.StatusNoContent {
			t.Fatalf("PUT no drafts: %d %q", status, code)
		}
		wantHubDrafts(t, h.store)
	})
	if status, code := put(t, k, draftsOf(t, amy)); status != http.StatusNoContent {
		t.Fatalf("PUT drafts: %d %q", status, code)
	}
	tooMany := make([]record.DraftNote, proto.MaxDraftNotes+1)
	for i := range tooMany {
		tooMany[i] = draftNote("A100000000001", 0)
	}
	noUPN, badID, upperID, longUPN := ben, ben, ben, ben
	noUPN.PupilRef, badID.ID, upperID.ID = " ", "draft-1", strings.ToUpper(ben.ID)
	longUPN.PupilRef = strings.Repeat("A", proto.MaxUPNBytes+1)
	for _, tc := range []struct {
		name   string
		signer proto.RequestSigner
		body   []byte
		status int
		code   string
	}{
		{"Unsigned", nil, draftsOf(t, ben), http.StatusUnauthorized, signoff.ErrCodeUnsigned},
		{"Oversized", k, append(draftsOf(t, ben), bytes.Repeat([]byte(" "), proto.MaxDraftsBytes)...),
			http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge},
		{"TooMany", k, draftsOf(t, tooMany...), http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge},
		{"NotJSON", k, []byte(`drafts`), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"UnknownField", k, []byte(`{"drafts": [], "names": ["Ben"]}`), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"NoList", k, []byte(`{}`), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"NullList", k, []byte(`{"drafts": null}`), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"TwoValues", k, append(draftsOf(t, ben), draftsOf(t)...), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"EmptyUPN", k, draftsOf(t, noUPN), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"LongUPN", k, draftsOf(t, longUPN), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"NotUUID", k, draftsOf(t, badID), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"UpperCaseUUID", k, draftsOf(t, upperID), http.StatusBadRequest, signoff.ErrCodeMalformed},
		{"Twice", k, draftsOf(t, ben, ben), http.StatusBadRequest, signoff.ErrCodeMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, code := put(t, tc.signer, tc.body); status != tc.status || code != tc.code {
				t.Fatalf("answer %d %q, want %d %q", status, code, tc.status, tc.code)
			}
			wantHubDrafts(t, h.store, amy.ID) // the last good report stands
		})
	}
	t.Run("RefusalsNameNoPupil", func(t *testing.T) {
		body := draftsOf(t, amy, noUPN)
		req, _ := http.NewRequest(http.MethodPut, h.ts.URL+proto.PathDrafts, bytes.NewReader(body))
		proto.SignHTTP(req, k, body, time.Now(), nonce())
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(buf.String(), amy.PupilRef) ||
			!strings.Contains(buf.String(), "draft 2") {
			t.Fatalf("answer %d %s, want 400 naming draft 2 by position only", resp.StatusCode, buf.String())
		}
	})
}

func TestSync_Drafts(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	amy, ben := draftNote("A100000000001", 1), draftNote("B100000000002", 2)
	k.setDrafts(ben, amy)
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	wantHubDrafts(t, h.store, amy.ID, ben.ID)

	// Amy's sign-off is saved as a record with the draft's id. Even if the
	// kiosk still reported the draft, the hub no longer lists it.
	k.signID(t, amy.ID)
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	wantHubDrafts(t, h.store, ben.ID)
	if a, ok := k.ack(amy.ID); !ok || a.Status != signoff.SyncStored {
		t.Fatalf("Amy's record: ack %+v", a)
	}
	k.setDrafts()
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	wantHubDrafts(t, h.store)
}

func TestSync_DraftsFailureIsNotASyncFailure(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(h *testHub, k *simKiosk)
	}{
		{"KioskCannotRead", func(_ *testHub, k *simKiosk) { k.draftsErr = errors.New("disk I/O error") }},
		{"HubRefuses", func(h *testHub, _ *simKiosk) {
			h.setFault(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
				if r.URL.Path == proto.PathDrafts {
					http.NotFound(w, r) // an older hub
					return
				}
				api.ServeHTTP(w, r)
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startHub(t)
			var logged bytes.Buffer
			k, s := h.enrolled(t, client.SyncerOptions{Log: slog.New(slog.NewTextHandler(&logged, nil))})
			k.sign(t, 3)
			k.setDrafts(draftNote("A100000000001", 1))
			tc.setup(h, k)
			if err := s.Once(ctx); err != nil {
				t.Fatalf("sync: %v, want the records' success", err)
			}
			checkHubHolds(t, h.store, k)
			snap, _ := s.Snapshot(ctx)
			if snap.Waiting != 0 || snap.Status.Failure != "" || snap.Status.LastSuccess.IsZero() {
				t.Fatalf("snapshot %+v, want a success", snap)
			}
			wantHubDrafts(t, h.store)
			if !strings.Contains(logged.String(), "drafts not reported") || strings.Contains(logged.String(), "A100000000001") {
				t.Errorf("log %q, want the failure without the UPN", logged.String())
			}
		})
	}
}
