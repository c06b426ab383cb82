package proto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"smartkiosk/store/record"
)

// An offline bundle carries a kiosk's waiting records to the hub on a USB
// stick or through a shared folder. It is one JSON file: the manifest's
// exact bytes and the device's signature over them. The hub imports it
// through the same checks and store as a sync (hub's Server.ImportBundle),
// so importing it twice changes nothing.

// BundleExt ends every bundle's file name.
const BundleExt = ".skbundle"

// MaxBundleBytes bounds a bundle the hub will read.
const MaxBundleBytes = 512 << 20

// Bundle is a bundle's signed envelope.
type Bundle struct {
	Manifest  []byte `json:"manifest"` // JSON of BundleManifest, exact bytes
	Signature []byte `json:"signature"`
}

// BundleManifest is what a bundle holds.
type BundleManifest struct {
	Format    int             `json:"format"` // 1
	Device    string          `json:"device"`
	CreatedAt time.Time       `json:"created_at"`
	Records   []record.Signed `json:"records"`
}

// bundleMessage is what the device signs for a bundle (behind
// record.RequestContext, like a request, which never starts "bundle").
func bundleMessage(manifest []byte) []byte {
	sum := sha256.Sum256(manifest)
	return []byte("bundle\n" + hex.EncodeToString(sum[:]))
}

// MakeBundle signs recs into a bundle's bytes.
func MakeBundle(s RequestSigner, recs []record.Signed, now time.Time) ([]byte, error) {
	if recs == nil {
		recs = []record.Signed{}
	}
	m, err := json.Marshal(BundleManifest{Format: 1, Device: s.DeviceID(), CreatedAt: now.UTC(), Records: recs})
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return json.Marshal(Bundle{Manifest: m, Signature: s.SignRequest(bundleMessage(m))})
}

// ReadBundle parses a bundle (at most MaxBundleBytes) without checking
// its signature, which needs the device's key (OpenBundle).
func ReadBundle(r io.Reader) (Bundle, BundleManifest, error) {
	var b Bundle
	var m BundleManifest
	data, err := io.ReadAll(io.LimitReader(r, MaxBundleBytes+1))
	if err != nil {
		return b, m, fmt.Errorf("read bundle: %w", err)
	}
	if len(data) > MaxBundleBytes {
		return b, m, fmt.Errorf("the bundle is larger than %d MiB", MaxBundleBytes>>20)
	}
	if err := Unmarshal(data, &b); err != nil {
		return b, m, fmt.Errorf("this is not a SMART Kiosk bundle: %w", err)
	}
	if err := Unmarshal(b.Manifest, &m); err != nil {
		return b, m, fmt.Errorf("the bundle's contents cannot be read: %w", err)
	}
	if m.Format != 1 {
		return b, m, fmt.Errorf("the bundle has format %d; this hub reads format 1", m.Format)
	}
	if m.Device == "" {
		return b, m, errors.New("the bundle does not say which tablet made it")
	}
	return b, m, nil
}

// OpenBundle checks a bundle's signature with its device's key.
func OpenBundle(b Bundle, pub ed25519.PublicKey) error {
	if !ed25519.Verify(pub, signAsMessage(bundleMessage(b.Manifest)), b.Signature) {
		return errors.New("the bundle's signature does not match its tablet's key: it was changed or damaged")
	}
	return nil
}

// Unmarshal decodes exactly one JSON value with no unknown fields, the way
// the hub reads whatever a kiosk sends.
func Unmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
