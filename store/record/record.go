// Package record defines the sign-off record shared by kiosk and hub: the
// body that is serialised once and kept as exact bytes. Signatures and the
// per-device hash chain build on these bytes.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Kinds of record.
const (
	KindAgreement  = "agreement"
	KindCorrection = "correction"
	KindVoid       = "void"
)

// Answers a statement can have.
const (
	AnswerAgree    = "agree"
	AnswerNotSure  = "not_sure"
	AnswerNoClear  = "no_clear_response"
	FormatVersion1 = 1
)

// Body is what a sign-off says. Personal data (names, signature images)
// stays out of the body: PupilRef is the school's pupil reference.
type Body struct {
	Format     int       `json:"format"`
	ID         string    `json:"id"` // UUIDv7, equal to the draft id
	Kind       string    `json:"kind"`
	Supersedes string    `json:"supersedes,omitempty"`
	PupilRef   string    `json:"pupil_ref"` // the pupil's UPN
	Form       string    `json:"form"`
	Band       string    `json:"band"`
	BandAlias  string    `json:"band_alias"`
	Language   string    `json:"language"`
	Pack       PackRef   `json:"pack"`
	Answers    []Answer  `json:"answers"`
	Adult      AdultRef  `json:"adult"`
	StartedAt  time.Time `json:"started_at"`
	SignedAt   time.Time `json:"signed_at"` // the adult's countersignature, device time
}

// PackRef pins the exact pack shown.
type PackRef struct {
	ID          string `json:"id"`
	Version     string `json:"version"`
	Fingerprint string `json:"fingerprint"`
}

// Answer is the pupil's answer to one statement or section.
type Answer struct {
	Statement string `json:"statement"`
	Answer    string `json:"answer"`
	Replays   int    `json:"replays,omitempty"`
	OffsetMS  int64  `json:"offset_ms"` // time since the sign-off started
}

// AdultRef is the countersigning adult.
type AdultRef struct {
	StaffID int64  `json:"staff_id"`
	Role    string `json:"role"`
}

// NewID returns a fresh record id (UUIDv7: time-ordered).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// FollowUps lists the statements answered other than "agree".
func (b *Body) FollowUps() []string {
	var out []string
	for _, a := range b.Answers {
		if a.Answer != AnswerAgree {
			out = append(out, a.Statement)
		}
	}
	return out
}

// Validate reports what makes a body unfit to store.
func (b *Body) Validate() error {
	var errs []error
	if _, err := uuid.Parse(b.ID); err != nil {
		errs = append(errs, fmt.Errorf("id %q is not a UUID", b.ID))
	}
	switch b.Kind {
	case KindAgreement, KindCorrection, KindVoid:
	default:
		errs = append(errs, fmt.Errorf("unknown kind %q", b.Kind))
	}
	if b.PupilRef == "" || b.Form == "" {
		errs = append(errs, errors.New("pupil and form are required"))
	}
	if b.Pack.ID == "" || b.Pack.Version == "" || b.Pack.Fingerprint == "" {
		errs = append(errs, errors.New("pack id, version and fingerprint are required"))
	}
	if b.Adult.StaffID == 0 {
		errs = append(errs, errors.New("a countersigning adult is required"))
	}
	for _, a := range b.Answers {
		switch a.Answer {
		case AnswerAgree, AnswerNotSure, AnswerNoClear:
		default:
			errs = append(errs, fmt.Errorf("statement %s: unknown answer %q", a.Statement, a.Answer))
		}
	}
	return errors.Join(errs...)
}

// Marshal serialises the body once; the bytes are what is stored and signed.
func (b *Body) Marshal() ([]byte, error) {
	if b.Format == 0 {
		b.Format = FormatVersion1
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("record %s: %w", b.ID, err)
	}
	return json.Marshal(b)
}

// Parse reads a body from its stored bytes, rejecting unknown fields.
func Parse(data []byte) (*Body, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Body
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("parse record: %w", err)
	}
	return &b, nil
}

// Hash is the hex SHA-256 of the exact body bytes.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
