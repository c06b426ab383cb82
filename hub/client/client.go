package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"smartkiosk/hub/proto"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Client makes a kiosk's requests to its hub, each signed with the device
// key, and turns every failure into a FailureError the adult area can
// explain.
type Client struct {
	base   *url.URL
	signer proto.RequestSigner
	http   *http.Client
	now    func() time.Time
}

// ErrNotFound means the hub has no such thing (no pack published, no such
// asset).
var ErrNotFound = errors.New("not found")

// ErrTooLarge means the hub refused a batch as too large (HTTP 413): send
// fewer records at once.
var ErrTooLarge = errors.New("the hub refused the batch as too large")

// New makes a client for the hub at link.URL. A pinned certificate
// (link.CertSHA256Hex) is the only one accepted; without one the system's
// CAs decide (a hub behind the school's reverse proxy).
func New(link Link, signer proto.RequestSigner, timeout time.Duration) (*Client, error) {
	u, err := parseHubURL(link.URL)
	if err != nil {
		return nil, err
	}
	return &Client{base: u, signer: signer, http: httpClient(link.CertSHA256Hex, timeout), now: time.Now}, nil
}

func parseHubURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, &FailureError{Code: FailUnreachable, Detail: s, Err: errors.New("not a hub address")}
	}
	u.Path, u.RawQuery, u.Fragment = strings.TrimRight(u.Path, "/"), "", ""
	return u, nil
}

// httpClient never follows redirects (a captive portal redirects) and,
// with a pin, accepts exactly that certificate, whatever its name.
func httpClient(pin string, timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	if pin != "" {
		want := strings.ToLower(strings.ReplaceAll(pin, ":", ""))
		tr.TLSClientConfig = &tls.Config{
			InsecureSkipVerify: true, // replaced by the pin check below
			VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
				if len(raw) == 0 {
					return errPinMismatch
				}
				sum := sha256.Sum256(raw[0])
				if hex.EncodeToString(sum[:]) != want {
					return errPinMismatch
				}
				return nil
			},
		}
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

var errPinMismatch = errors.New("the hub's certificate is not the one this tablet enrolled with")

// Host is the hub's host:port, the address school IT must allow.
func (c *Client) Host() string { return c.base.Host }

// do sends a signed request and decodes a 200 answer into out (with out
// nil, 204 No Content is an answer too). Any other answer becomes a
// FailureError (or ErrTooLarge).
func (c *Client) do(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	proto.SignHTTP(req, c.signer, body, c.now(), nonce())
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportFailure(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, proto.MaxBundleBytes))
	if err != nil {
		return &FailureError{Code: FailUnreachable, Detail: c.Host(), Err: fmt.Errorf("reading the answer: %w", err)}
	}
	if resp.StatusCode == http.StatusNoContent && out == nil {
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		return c.statusFailure(resp, data)
	}
	if out == nil {
		return nil
	}
	if !isJSON(resp) {
		return &FailureError{Code: FailFiltered, Detail: c.Host(), Err: errors.New("the answer is not the hub's")}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &FailureError{Code: FailServer, Detail: c.Host(), Err: fmt.Errorf("the answer cannot be read: %w", err)}
	}
	return nil
}

func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func isJSON(resp *http.Response) bool {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return mt == "application/json"
}

// transportFailure classifies an error before any answer arrived.
func (c *Client) transportFailure(err error) error {
	var certErr *tls.CertificateVerificationError
	if errors.Is(err, errPinMismatch) || errors.As(err, &certErr) {
		return &FailureError{Code: FailCertificate, Detail: c.Host(), Err: err}
	}
	return &FailureError{Code: FailUnreachable, Detail: c.Host(), Err: err}
}

// statusFailure classifies a non-200 answer: the hub's own refusals carry
// a JSON error code; anything else came from something in between.
func (c *Client) statusFailure(resp *http.Response, data []byte) error {
	var ae proto.Error
	hubs := isJSON(resp) && json.Unmarshal(data, &ae) == nil && ae.Code != ""
	switch {
	case resp.StatusCode == http.StatusRequestEntityTooLarge:
		return ErrTooLarge
	case resp.StatusCode == http.StatusNetworkAuthenticationRequired,
		resp.StatusCode == http.StatusProxyAuthRequired,
		resp.StatusCode >= 300 && resp.StatusCode < 400:
		return &FailureError{Code: FailPortal, Detail: c.Host(), Err: fmt.Errorf("HTTP %d", resp.StatusCode)}
	case !hubs && resp.StatusCode < 500:
		return &FailureError{Code: FailFiltered, Detail: c.Host(), Err: fmt.Errorf("HTTP %d from something that is not the hub", resp.StatusCode)}
	case !hubs:
		return &FailureError{Code: FailServer, Detail: c.Host(), Err: fmt.Errorf("HTTP %d", resp.StatusCode)}
	}
	if ae.Code == signoff.ErrCodeNotFound {
		return ErrNotFound
	}
	code := map[string]string{signoff.ErrCodeRevoked: FailRevoked, signoff.ErrCodeUnknownDev: FailRevoked, signoff.ErrCodeClock: FailClock}[ae.Code]
	if code == "" {
		code = FailServer
	}
	return &FailureError{Code: code, Detail: ae.Message, Err: fmt.Errorf("HTTP %d %s", resp.StatusCode, ae.Code)}
}

// Ping checks that the hub, not a portal or a filter, answers at the
// address.
func (c *Client) Ping(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base.String()+proto.PathPing, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportFailure(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return c.statusFailure(resp, data)
	}
	var p proto.Ping
	if !isJSON(resp) || json.Unmarshal(data, &p) != nil || p.Service != proto.ServiceName {
		return &FailureError{Code: FailFiltered, Detail: c.Host(), Err: errors.New("something other than the hub answered")}
	}
	return nil
}

// SendBatch sends records and returns the hub's answer for each, in order.
func (c *Client) SendBatch(ctx context.Context, recs []record.Signed) ([]proto.Result, error) {
	body, err := json.Marshal(proto.BatchRequest{Records: recs})
	if err != nil {
		return nil, err
	}
	var resp proto.BatchResponse
	if err := c.do(ctx, http.MethodPost, proto.PathBatch, body, &resp); err != nil {
		return nil, err
	}
	if len(resp.Results) != len(recs) {
		return nil, &FailureError{Code: FailServer, Detail: c.Host(),
			Err: fmt.Errorf("the hub answered %d of %d records", len(resp.Results), len(recs))}
	}
	for i, r := range resp.Results {
		if r.ID != recs[i].ID {
			return nil, &FailureError{Code: FailServer, Detail: c.Host(), Err: fmt.Errorf("answer %d is for %s, not %s", i, r.ID, recs[i].ID)}
		}
	}
	return resp.Results, nil
}

// PutDrafts reports the kiosk's sign-offs in progress, replacing what it
// reported before; at most MaxDraftNotes of them.
func (c *Client) PutDrafts(ctx context.Context, notes []record.DraftNote) error {
	if notes == nil {
		notes = []record.DraftNote{}
	}
	body, err := json.Marshal(proto.DraftsRequest{Drafts: notes})
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPut, proto.PathDrafts, body, nil)
}

// Roster fetches the roster if it changed after version since.
func (c *Client) Roster(ctx context.Context, since int64) (proto.RosterPage, error) {
	var page proto.RosterPage
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("%s?since=%d", proto.PathRoster, since), nil, &page)
	return page, err
}

// CurrentPack fetches the published pack's manifest; ErrNotFound when
// the hub has none.
func (c *Client) CurrentPack(ctx context.Context) (proto.PackManifest, error) {
	var m proto.PackManifest
	err := c.do(ctx, http.MethodGet, proto.PathPack, nil, &m)
	return m, err
}

// Reception fetches what the hub tells this tablet's reception screens.
func (c *Client) Reception(ctx context.Context) (signoff.Reception, error) {
	var r signoff.Reception
	err := c.do(ctx, http.MethodGet, proto.PathReception, nil, &r)
	return r, err
}

// Asset fetches one pack file by hash and checks it.
func (c *Client) Asset(ctx context.Context, hash string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base.String()+proto.PathAssets+hash, nil)
	if err != nil {
		return nil, err
	}
	proto.SignHTTP(req, c.signer, nil, c.now(), nonce())
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportFailure(err)
	}
	defer resp.Body.Close()
	// No pack file is bigger than policy.MaxFileBytes (Load refuses the
	// pack on the hub): a bigger answer is not one, and is not read whole.
	data, err := io.ReadAll(io.LimitReader(resp.Body, policy.MaxFileBytes+1))
	if err != nil {
		return nil, &FailureError{Code: FailUnreachable, Detail: c.Host(), Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.statusFailure(resp, data)
	}
	if len(data) > policy.MaxFileBytes {
		return nil, &FailureError{Code: FailServer, Detail: c.Host(), Err: fmt.Errorf("asset %s is over %d MB, more than any pack file may be", hash, policy.MaxFileBytes>>20)}
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
		return nil, &FailureError{Code: FailServer, Detail: c.Host(), Err: fmt.Errorf("asset %s arrived damaged", hash)}
	}
	return data, nil
}

// Enrol registers the signer's key with the hub at hubURL using a
// one-time code, and returns the link to keep. fingerprint is the
// certificate's fingerprint as printed under the hub's QR code, whole
// (spaces and colons allowed: a prefix would let a forger who made enough
// certificates pass); without it
// the tablet pins the certificate the hub presents now (trust on first
// use), or none when the system trusts it (a hub behind the school's proxy).
func Enrol(ctx context.Context, hubURL, code, fingerprint, label string, signer proto.RequestSigner, pub ed25519.PublicKey, timeout time.Duration) (Link, error) {
	u, err := parseHubURL(hubURL)
	if err != nil {
		return Link{}, err
	}
	pin, err := choosePin(ctx, u, normaliseFingerprint(fingerprint), timeout)
	if err != nil {
		return Link{}, err
	}
	c := &Client{base: u, signer: signer, http: httpClient(pin, timeout), now: time.Now}
	if err := c.Ping(ctx); err != nil {
		return Link{}, err
	}
	body, _ := json.Marshal(proto.EnrolRequest{Code: proto.NormaliseCode(code), Label: label, PublicKey: pub,
		Proof: signer.SignRequest(proto.EnrolProof(code))})
	var er proto.EnrolResponse
	if err := c.post(ctx, proto.PathEnrol, body, &er); err != nil {
		return Link{}, err
	}
	if er.CertSHA256Hex != "" && pin != "" && er.CertSHA256Hex != pin {
		return Link{}, &FailureError{Code: FailCertificate, Detail: c.Host(), Err: errPinMismatch}
	}
	return Link{URL: u.String(), CertSHA256Hex: pin, HubPublicKey: er.HubPublicKey, DeviceID: er.DeviceID,
		SchoolName: er.SchoolName, EnrolledAt: time.Now().UTC()}, nil
}

func normaliseFingerprint(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", ":", "", "-", "").Replace(strings.TrimSpace(s)))
}

// choosePin decides which certificate fingerprint the tablet pins.
func choosePin(ctx context.Context, u *url.URL, typed string, timeout time.Duration) (string, error) {
	if u.Scheme != "https" {
		return "", nil
	}
	presented, trusted, err := presentedCert(ctx, u, timeout)
	if err != nil {
		return "", err
	}
	switch {
	case typed == "" && trusted:
		return "", nil
	case typed == "":
		return presented, nil
	case len(typed) != len(presented):
		return "", &FailureError{Code: FailCertificate, Detail: u.Host,
			Err: fmt.Errorf("type the whole fingerprint: %d characters were typed, it has %d", len(typed), len(presented))}
	case typed != presented:
		return "", &FailureError{Code: FailCertificate, Detail: u.Host, Err: errPinMismatch}
	}
	return presented, nil
}

// post sends an unsigned request (enrolment) and maps the hub's enrolment refusals.
func (c *Client) post(ctx context.Context, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.String()+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportFailure(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var ae proto.Error
	if resp.StatusCode != http.StatusOK && isJSON(resp) && json.Unmarshal(data, &ae) == nil {
		switch ae.Code {
		case signoff.ErrCodeCodeUnknown:
			return signoff.ErrCodeUnknown
		case signoff.ErrCodeCodeUsed:
			return signoff.ErrCodeUsed
		case signoff.ErrCodeCodeExpired:
			return signoff.ErrCodeExpired
		case signoff.ErrCodeDeviceExists:
			return signoff.ErrDeviceExists
		}
	}
	if resp.StatusCode != http.StatusOK {
		return c.statusFailure(resp, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &FailureError{Code: FailServer, Detail: c.Host(), Err: err}
	}
	return nil
}

// presentedCert returns the fingerprint of the certificate the hub
// presents, and whether the system's CAs trust it for the hub's name.
func presentedCert(ctx context.Context, u *url.URL, timeout time.Duration) (string, bool, error) {
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "443")
	}
	trusted := tls.Dialer{NetDialer: &net.Dialer{Timeout: timeout}, Config: &tls.Config{ServerName: u.Hostname()}}
	conn, err := trusted.DialContext(ctx, "tcp", host)
	ok := err == nil
	if !ok {
		insecure := tls.Dialer{NetDialer: &net.Dialer{Timeout: timeout}, Config: &tls.Config{InsecureSkipVerify: true}} // fingerprint only
		if conn, err = insecure.DialContext(ctx, "tcp", host); err != nil {
			return "", false, &FailureError{Code: FailUnreachable, Detail: u.Host, Err: err}
		}
	}
	defer conn.Close()
	certs := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", false, &FailureError{Code: FailCertificate, Detail: u.Host, Err: errors.New("no certificate")}
	}
	sum := sha256.Sum256(certs[0].Raw)
	return hex.EncodeToString(sum[:]), ok, nil
}
