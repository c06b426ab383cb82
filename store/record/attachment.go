package record

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Kinds of attachment. A body lists its attachments; the bytes (names,
// images) are kept, and can be erased, apart from the body.
const (
	AttachDisplayName    = "display_name"     // the pupil's name as shown at the time, text/plain
	AttachAdultName      = "adult_name"       // the countersigning adult's name, text/plain
	AttachPupilMark      = "pupil_mark"       // the mark the pupil made, image/png
	AttachAdultSignature = "adult_signature"  // the adult's signature, image/png
	AttachAttestation    = "attestation"      // the attestation sentence as the adult read it, text/plain
	AttachAdultNote      = "adult_note"       // the adult's optional note, text/plain
	AttachParentName     = "parent_name"      // the parent's or carer's name, text/plain
	AttachParentSig      = "parent_signature" // the parent's or carer's signature, image/png
	// An adult signing for themselves (Body.Signatory):
	AttachSignatoryName = "signatory_name"      // their name as they gave it, text/plain
	AttachSignatorySig  = "signatory_signature" // their signature, image/png
	AttachVisit         = "visit"               // organisation and who they visit, application/json (VisitDetails)
)

// AttachmentKinds lists every kind a body may reference.
var AttachmentKinds = []string{AttachDisplayName, AttachAdultName, AttachPupilMark, AttachAdultSignature,
	AttachAttestation, AttachAdultNote, AttachParentName, AttachParentSig,
	AttachSignatoryName, AttachSignatorySig, AttachVisit}

// VisitDetails is the visit attachment: what a visitor or volunteer says
// about their visit, erased with their name.
type VisitDetails struct {
	Organisation string `json:"organisation,omitempty"`
	Visiting     string `json:"visiting,omitempty"` // the member of staff or the reason for the visit
}

// SaltSize is the length of an attachment's salt.
const SaltSize = 16

// attachContext separates attachment hashes from every other SHA-256 use.
const attachContext = "smartkiosk/attachment/v1\x00"

// AttachmentRef is how a body refers to one attachment.
type AttachmentRef struct {
	Kind string `json:"kind"` // one of AttachmentKinds
	Type string `json:"type"` // media type, e.g. "text/plain; charset=utf-8" or "image/png"
	Hash string `json:"hash"` // AttachmentHash(salt, data)
}

// AttachmentHash is the hex SHA-256 of a domain prefix, the salt and the
// data. The salt is random and kept (and erased) with the data: without it
// a short attachment such as a name could be guessed from the hash, which
// stays in the signed body for ever.
func AttachmentHash(salt, data []byte) string {
	h := sha256.New()
	h.Write([]byte(attachContext))
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(salt)))
	h.Write(n[:])
	h.Write(salt)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// CheckAttachment reports whether salt and data are the attachment ref names.
func CheckAttachment(ref AttachmentRef, salt, data []byte) error {
	if len(salt) != SaltSize {
		return fmt.Errorf("%s attachment: salt is %d bytes, want %d", ref.Kind, len(salt), SaltSize)
	}
	if AttachmentHash(salt, data) != ref.Hash {
		return fmt.Errorf("%s attachment: content does not match its hash", ref.Kind)
	}
	return nil
}

// Validate reports what makes a reference unfit to sign.
func (a AttachmentRef) Validate() error {
	var errs []error
	if !oneOf(a.Kind, AttachmentKinds) {
		errs = append(errs, fmt.Errorf("unknown attachment kind %q", a.Kind))
	}
	if a.Type == "" {
		errs = append(errs, errors.New("a media type is required"))
	}
	if !isHex(a.Hash, sha256.Size) {
		errs = append(errs, fmt.Errorf("hash %q is not a SHA-256", a.Hash))
	}
	return errors.Join(errs...)
}
