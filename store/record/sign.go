package record

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// SignContext is prepended to a body before signing, so a record signature
// can never be mistaken for (or replayed as) a signature over anything else
// the device key signs, such as sync requests.
const SignContext = "smartkiosk/record/v1\x00"

// deviceIDBytes is how much of the public key's SHA-256 the device id keeps.
const deviceIDBytes = 16

// ErrBadSignature means the signature does not match the body and key.
var ErrBadSignature = errors.New("signature does not match the body")

// DeviceID names the device that holds key: the first 16 bytes of the
// SHA-256 of the Ed25519 public key, in lower-case hex. Anyone holding the
// public key can check that a body's Device names it.
func DeviceID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:deviceIDBytes])
}

// Sign signs the exact body bytes with the device key, over SignContext + body.
func Sign(key ed25519.PrivateKey, body []byte) []byte {
	return ed25519.Sign(key, signedMessage(body))
}

// Verify checks sig over the exact body bytes. It returns ErrBadSignature
// when they do not match.
func Verify(pub ed25519.PublicKey, body, sig []byte) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("public key is %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	if !ed25519.Verify(pub, signedMessage(body), sig) {
		return ErrBadSignature
	}
	return nil
}

// Open verifies a stored or received record (exact body bytes and
// signature) against the device's public key, parses it, and checks that
// the body names that device. It is what a hub runs on every record.
func Open(pub ed25519.PublicKey, body, sig []byte) (*Body, error) {
	if err := Verify(pub, body, sig); err != nil {
		return nil, err
	}
	b, err := Parse(body)
	if err != nil {
		return nil, err
	}
	if want := DeviceID(pub); b.Device != want {
		return nil, fmt.Errorf("record %s names device %q, but was signed by %s", b.ID, b.Device, want)
	}
	return b, nil
}

func signedMessage(body []byte) []byte {
	msg := make([]byte, 0, len(SignContext)+len(body))
	return append(append(msg, SignContext...), body...)
}

// Other things a device or hub key signs, each behind its own context so no
// signature can stand in for another kind.
const (
	RequestContext  = "smartkiosk/request/v1\x00"  // a kiosk's request to its hub (or offline bundle), signed by the device key
	ReceiptContext  = "smartkiosk/receipt/v1\x00"  // a hub's receipt for a record, signed by the hub key
	EvidenceContext = "smartkiosk/evidence/v1\x00" // an evidence pack's manifest, signed by the hub key
)

// SignAs signs msg behind context (one of the contexts above).
func SignAs(key ed25519.PrivateKey, context string, msg []byte) []byte {
	return ed25519.Sign(key, append([]byte(context), msg...))
}

// VerifyAs checks a signature made with SignAs.
func VerifyAs(pub ed25519.PublicKey, context string, msg, sig []byte) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("public key is %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	if !ed25519.Verify(pub, append([]byte(context), msg...), sig) {
		return ErrBadSignature
	}
	return nil
}

// KeyID names a hub's key in receipts and evidence packs: the first 8
// bytes of the SHA-256 of the Ed25519 public key, in lower-case hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}
