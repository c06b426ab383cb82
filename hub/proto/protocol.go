package proto

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// API paths.
const (
	PathPing   = "/v1/ping"
	PathEnrol  = "/v1/enrol"
	PathBatch  = "/v1/records:batch"
	PathRoster = "/v1/roster"
	PathPack   = "/v1/packs/current"
	PathAssets = "/v1/assets/" // + hex SHA-256
	PathDrafts = "/v1/drafts"
	// PathReception answers a signoff.Reception: the guest Wi-Fi set for
	// the asking tablet, the staff list and the visitor retention.
	PathReception = "/v1/reception"
	ServiceName   = "smartkiosk-hub"
)

// Limits on one batch request; a kiosk halves its batch on 413.
const (
	MaxBatchBytes   = 16 << 20
	MaxBatchRecords = 500
)

// Limits on one drafts report (PUT /v1/drafts). A kiosk with more drafts
// than MaxDraftNotes reports its newest.
const (
	MaxDraftsBytes = 1 << 20
	MaxDraftNotes  = 2000
	MaxUPNBytes    = 64
)

// Headers of a signed kiosk request.
const (
	HeaderDevice    = "Smartkiosk-Device"
	HeaderTime      = "Smartkiosk-Time"
	HeaderNonce     = "Smartkiosk-Nonce"
	HeaderSignature = "Smartkiosk-Signature"
)

// ClockSkew is how far a request's time may be from the hub's clock. It is
// generous: tablets are often wrong by minutes, and a nonce is what stops
// replays inside the window.
const ClockSkew = 24 * time.Hour

// Ping is the hub's answer to GET /v1/ping. A captive portal or a
// web filter answers something else, which is how the kiosk tells them apart.
type Ping struct {
	Service string    `json:"service"` // always ServiceName
	Hub     string    `json:"hub"`     // the hub's receipt-key id
	Time    time.Time `json:"time"`
}

// EnrolRequest is sent once, with a one-time code, to register the device's key.
type EnrolRequest struct {
	Code      string `json:"code"`
	Label     string `json:"label,omitempty"`
	PublicKey []byte `json:"public_key"`
	// Proof is the device's signature (RequestContext) over "enrol\n"+Code,
	// so only the key's holder can enrol it.
	Proof []byte `json:"proof"`
}

// EnrolResponse tells the kiosk who its hub is.
type EnrolResponse struct {
	DeviceID      string `json:"device_id"`
	HubPublicKey  []byte `json:"hub_public_key"` // checks receipts
	SchoolName    string `json:"school_name,omitempty"`
	CertSHA256Hex string `json:"cert_sha256,omitempty"` // the certificate the hub serves, when it made its own
}

// EnrolProof is the message a device signs to prove it holds its key.
func EnrolProof(code string) []byte { return []byte("enrol\n" + NormaliseCode(code)) }

// VerifyEnrolProof reports whether proof is pub's signature over
// EnrolProof(code).
func VerifyEnrolProof(pub ed25519.PublicKey, code string, proof []byte) bool {
	return ed25519.Verify(pub, signAsMessage(EnrolProof(code)), proof)
}

// NormaliseCode strips spaces and dashes and upper-cases a typed code.
func NormaliseCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r != ' ' && r != '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CodeHash is how a store keeps an enrolment code.
func CodeHash(code string) string {
	sum := sha256.Sum256([]byte("smartkiosk/enrol-code/v1\x00" + NormaliseCode(code)))
	return hex.EncodeToString(sum[:])
}

// BatchRequest is the body of POST /v1/records:batch.
type BatchRequest struct {
	Records []record.Signed `json:"records"`
}

// DraftsRequest is the body of PUT /v1/drafts: every sign-off in progress
// on the kiosk, replacing the list it reported before. A note carries a
// UPN and two times, never a name or the draft's contents.
type DraftsRequest struct {
	Drafts []record.DraftNote `json:"drafts"`
}

// BatchResponse answers every record of a batch, in order.
type BatchResponse struct {
	Results []Result `json:"results"`
}

// Result is the hub's answer for one record.
type Result struct {
	ID      string  `json:"id"`
	Status  string  `json:"status"` // signoff.SyncStored, signoff.SyncDuplicate, signoff.SyncConflict or signoff.SyncInvalid
	Reason  string  `json:"reason,omitempty"`
	Receipt Receipt `json:"receipt"`
}

// Acknowledged reports whether the kiosk may stop sending the record.
func (r Result) Acknowledged() bool { return signoff.Acknowledged(r.Status) }

// Receipt is the hub's signed statement of what it did with a record.
type Receipt struct {
	Body      []byte `json:"body"` // JSON of ReceiptBody, exact bytes
	Signature []byte `json:"signature"`
}

// ReceiptBody is what a receipt says.
type ReceiptBody struct {
	Hub      string    `json:"hub"` // KeyID of the hub's receipt key
	Record   string    `json:"record"`
	BodyHash string    `json:"body_hash"` // "" when the body could not be read
	Status   string    `json:"status"`
	At       time.Time `json:"at"`
}

// KeyID names a public key: hex of the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string { return record.KeyID(pub) }

// SignReceipt makes a receipt with the hub's key.
func SignReceipt(key ed25519.PrivateKey, rb ReceiptBody) Receipt {
	rb.Hub = KeyID(key.Public().(ed25519.PublicKey))
	body, _ := json.Marshal(rb) // plain struct: cannot fail
	return Receipt{Body: body, Signature: record.SignAs(key, record.ReceiptContext, body)}
}

// Open checks a receipt against the hub's public key and returns what it says.
func (r Receipt) Open(hubKey ed25519.PublicKey) (ReceiptBody, error) {
	var rb ReceiptBody
	if err := record.VerifyAs(hubKey, record.ReceiptContext, r.Body, r.Signature); err != nil {
		return rb, fmt.Errorf("receipt: %w", err)
	}
	if err := json.Unmarshal(r.Body, &rb); err != nil {
		return rb, fmt.Errorf("receipt: %w", err)
	}
	return rb, nil
}

// requestMessage is what a device signs for one request: method, path with
// query, time, nonce and the body's hash, one per line.
func requestMessage(method, pathQuery, at, nonce string, body []byte) []byte {
	sum := sha256.Sum256(body)
	return []byte(method + "\n" + pathQuery + "\n" + at + "\n" + nonce + "\n" + hex.EncodeToString(sum[:]))
}

// signAsMessage is what an Ed25519 signature behind record.RequestContext
// covers.
func signAsMessage(msg []byte) []byte { return append([]byte(record.RequestContext), msg...) }

// RequestSigner signs with the device key behind record.RequestContext.
type RequestSigner interface {
	DeviceID() string
	SignRequest(msg []byte) []byte
}

// SignHTTP adds the device headers to req, whose body is body.
func SignHTTP(req *http.Request, s RequestSigner, body []byte, now time.Time, nonce string) {
	at := now.UTC().Format(time.RFC3339Nano)
	msg := requestMessage(req.Method, req.URL.RequestURI(), at, nonce, body)
	req.Header.Set(HeaderDevice, s.DeviceID())
	req.Header.Set(HeaderTime, at)
	req.Header.Set(HeaderNonce, nonce)
	req.Header.Set(HeaderSignature, base64.StdEncoding.EncodeToString(s.SignRequest(msg)))
}

// SignedHeaders are a request's device headers, parsed.
type SignedHeaders struct {
	Device, Nonce string
	Time          string // as sent: the signed message holds these exact characters
	At            time.Time
	Signature     []byte
}

// ParseSignedHeaders reads a request's device headers; an error says in a
// sentence what is missing or malformed.
func ParseSignedHeaders(h http.Header) (SignedHeaders, error) {
	var s SignedHeaders
	s.Device, s.Nonce, s.Time = h.Get(HeaderDevice), h.Get(HeaderNonce), h.Get(HeaderTime)
	if s.Device == "" || s.Nonce == "" || h.Get(HeaderSignature) == "" || s.Time == "" {
		return s, fmt.Errorf("the request is not signed")
	}
	if len(s.Nonce) < 16 || len(s.Nonce) > 64 {
		return s, fmt.Errorf("the request's nonce is %d characters, want 16 to 64", len(s.Nonce))
	}
	var err error
	if s.At, err = time.Parse(time.RFC3339Nano, s.Time); err != nil {
		return s, fmt.Errorf("the request's time: %w", err)
	}
	if s.Signature, err = base64.StdEncoding.DecodeString(h.Get(HeaderSignature)); err != nil {
		return s, fmt.Errorf("the request's signature: %w", err)
	}
	return s, nil
}

// Verify reports whether the headers' signature is pub's over the request
// (method, path with query, body) they came with.
func (s SignedHeaders) Verify(pub ed25519.PublicKey, method, requestURI string, body []byte) bool {
	msg := requestMessage(method, requestURI, s.Time, s.Nonce, body)
	return ed25519.Verify(pub, signAsMessage(msg), s.Signature)
}

// KeySigner signs requests with a private key held in memory (tests, tools).
type KeySigner struct{ Key ed25519.PrivateKey }

// DeviceID is record.DeviceID of the key.
func (k KeySigner) DeviceID() string { return record.DeviceID(k.Key.Public().(ed25519.PublicKey)) }

// SignRequest signs behind record.RequestContext.
func (k KeySigner) SignRequest(msg []byte) []byte {
	return record.SignAs(k.Key, record.RequestContext, msg)
}

// ShortDeviceID is the first 8 characters of a device id: how pages,
// messages and bundle file names name a tablet to a person.
func ShortDeviceID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
