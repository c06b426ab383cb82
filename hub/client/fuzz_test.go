package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// answer is a RoundTripper that answers every request with the same
// status and body, as whatever sits at the hub's address might.
type answer struct {
	status int
	body   []byte
}

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(a.body)), Request: req}, nil
}

type fuzzSigner struct{}

func (fuzzSigner) DeviceID() string          { return "0123456789abcdef0123456789abcdef" }
func (fuzzSigner) SignRequest([]byte) []byte { return make([]byte, 64) }

// FuzzHubAnswers feeds the kiosk's client every answer a hub (or a portal,
// a filter, a stranger at its address) might give to a batch, the roster
// and the pack: it never panics, a batch is answered for exactly the
// records sent or is an error the sync page explains, and a roster or
// pack that is not the hub's is an error, never a half-read page.
func FuzzHubAnswers(f *testing.F) {
	id := "01a252ea-f034-7474-aa04-c9f8bdf43f59"
	f.Add(200, []byte(`{"results":[{"id":"`+id+`","status":"stored","receipt":{"body":"e30=","signature":"AA=="}}]}`))
	f.Add(200, []byte(`{"results":[]}`))
	f.Add(200, []byte(`{"version":3,"pupils":[{"upn":"A123456789012","given_name":"Ada","family_name":"L","class":"Oak","year":"7","band":"a"}]}`))
	f.Add(200, []byte(`{"id":"example","version":"2026.1","fingerprint":"sha256:00","files":[{"path":"pack.toml","hash":"00","size":1}]}`))
	f.Add(403, []byte(`{"error":"revoked","message":"this tablet was revoked"}`))
	f.Add(200, []byte(`null`))
	f.Add(200, []byte(`{"results":null}`))
	f.Add(511, []byte(`<html>sign in to the wifi</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		c := &Client{base: &url.URL{Scheme: "https", Host: "hub.school.local:8700"}, signer: fuzzSigner{},
			http: &http.Client{Transport: answer{status, body}}, now: time.Now}
		ctx := context.Background()
		results, err := c.SendBatch(ctx, []record.Signed{{ID: id}})
		if err == nil && (len(results) != 1 || results[0].ID != id) {
			t.Fatalf("a batch of 1 answered with %d results", len(results))
		}
		var fe *FailureError
		if err != nil && !errors.As(err, &fe) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("SendBatch: %v is not an error the sync page explains", err)
		}
		if page, err := c.Roster(ctx, 0); err == nil && status != http.StatusOK {
			t.Fatalf("HTTP %d read as a roster page %+v", status, page)
		}
		if m, err := c.CurrentPack(ctx); err == nil && status != http.StatusOK {
			t.Fatalf("HTTP %d read as a pack manifest %+v", status, m)
		}
	})
}
