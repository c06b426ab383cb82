package client

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"smartkiosk/signoff"
)

// TestStatusFailure: every answer that is not a 200 becomes the failure
// the adult's sync page explains — the hub's own refusals by their error
// code, anything else by who must have answered (a portal, a filter, a
// broken server) — so a school's IT manager is told what to allow.
func TestStatusFailure(t *testing.T) {
	t.Parallel()
	c := &Client{base: &url.URL{Scheme: "https", Host: "hub.school.local:8700"}}
	hubSays := func(code string) []byte { return []byte(`{"error":"` + code + `","message":"from the hub"}`) }
	for _, tc := range []struct {
		name   string
		status int
		ctype  string
		body   []byte
		want   string // a Fail code, or "" for the error below
		err    error
		detail string
	}{
		{"Revoked", 403, "application/json", hubSays(signoff.ErrCodeRevoked), FailRevoked, nil, "from the hub"},
		{"UnknownDevice", 401, "application/json", hubSays(signoff.ErrCodeUnknownDev), FailRevoked, nil, "from the hub"},
		{"Clock", 401, "application/json; charset=utf-8", hubSays(signoff.ErrCodeClock), FailClock, nil, "from the hub"},
		{"NotFound", 404, "application/json", hubSays(signoff.ErrCodeNotFound), "", ErrNotFound, ""},
		{"OtherHubError", 400, "application/json", hubSays(signoff.ErrCodeMalformed), FailServer, nil, "from the hub"},
		{"TooLarge", 413, "text/plain", []byte("too big"), "", ErrTooLarge, ""},
		{"PortalLogin", 511, "text/html", []byte("<html>sign in</html>"), FailPortal, nil, "hub.school.local:8700"},
		{"ProxyAuth", 407, "text/html", nil, FailPortal, nil, "hub.school.local:8700"},
		{"Redirect", 302, "text/html", nil, FailPortal, nil, "hub.school.local:8700"},
		{"FilterPage", 403, "text/html", []byte("<html>blocked by the web filter</html>"), FailFiltered, nil, "hub.school.local:8700"},
		{"JSONNotTheHubs", 403, "application/json", []byte(`{"blocked":true}`), FailFiltered, nil, "hub.school.local:8700"},
		{"ServerDown", 502, "text/html", []byte("bad gateway"), FailServer, nil, "hub.school.local:8700"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tc.status, Header: http.Header{"Content-Type": {tc.ctype}}}
			err := c.statusFailure(resp, tc.body)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("HTTP %d: %v, want %v", tc.status, err, tc.err)
				}
				return
			}
			var fe *FailureError
			if !errors.As(err, &fe) || fe.Code != tc.want || fe.Detail != tc.detail {
				t.Fatalf("HTTP %d: %#v, want Fail code %q with detail %q", tc.status, err, tc.want, tc.detail)
			}
		})
	}
}
