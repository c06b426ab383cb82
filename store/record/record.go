// Package record defines the sign-off record shared by kiosk and hub: the
// body that is serialised once and kept as exact bytes, its Ed25519
// signature, the per-device hash chain, and the hashes that tie a body to its
// attachments. Everything here is pure: no files, no SQL, no clock.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Kinds of record.
const (
	KindAgreement  = "agreement"
	KindCorrection = "correction" // replaces the record named in Supersedes
	KindVoid       = "void"       // withdraws the record named in Supersedes
)

// Answers a statement can have.
const (
	AnswerAgree    = "agree"
	AnswerNotSure  = "not_sure"
	AnswerNoClear  = "no_clear_response"
	FormatVersion1 = 1
)

// Body is what a sign-off says. Personal data (names, signature images)
// stays out of the body: PupilRef is the school's pupil reference, and names
// and marks are attachments referenced by a salted hash, so they can be
// erased later without breaking the signature or the chain.
type Body struct {
	Format      int             `json:"format"`
	ID          string          `json:"id"` // UUIDv7, equal to the draft id
	Kind        string          `json:"kind"`
	Supersedes  string          `json:"supersedes,omitempty"` // corrections and voids only
	Device      string          `json:"device"`               // DeviceID of the signing key
	Seq         uint64          `json:"seq"`                  // 1, 2, 3… per device, no gaps
	Prev        string          `json:"prev"`                 // Hash of the device's previous body; "" for Seq 1
	PupilRef    string          `json:"pupil_ref"`            // the pupil's UPN; "" when an adult signs for themselves
	Signatory   *SignatoryRef   `json:"signatory,omitempty"`  // an adult who signs for themselves; nil for a pupil's record
	Class       string          `json:"class,omitempty"`      // the pupil's class when they signed ("" before 2026-12)
	Form        string          `json:"form"`
	Band        string          `json:"band"`
	BandAlias   string          `json:"band_alias"`
	Language    string          `json:"language"`
	Pack        PackRef         `json:"pack"`
	Answers     []Answer        `json:"answers"`
	Adult       AdultRef        `json:"adult"`
	Parent      *ParentRef      `json:"parent,omitempty"` // parent forms only
	StartedAt   time.Time       `json:"started_at"`
	SignedAt    time.Time       `json:"signed_at"` // the adult's countersignature, device time
	Attachments []AttachmentRef `json:"attachments"`
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
	Mode      string `json:"mode,omitempty"`      // how the pupil answered: one of Modes
	Narration bool   `json:"narration,omitempty"` // the narration played to its end
	Replays   int    `json:"replays,omitempty"`
	OffsetMS  int64  `json:"offset_ms"` // time since the sign-off started
}

// AdultRef is the countersigning adult and what they observed. Free text
// (a note, the attestation sentence with the pupil's name in it) is an
// attachment, never here.
type AdultRef struct {
	StaffID       int64  `json:"staff_id"`
	Role          string `json:"role"`
	Prompting     string `json:"prompting,omitempty"`     // one of PromptingLevels
	Understanding string `json:"understanding,omitempty"` // one of Understandings
	Attestation   string `json:"attestation,omitempty"`   // id of the attestation wording (AttestationV1), never free text
	Reason        string `json:"reason,omitempty"`        // corrections and voids: one of Reasons
}

// SignatoryRef names an adult who signs a form for themselves — a member
// of staff, a visitor, a volunteer, a guest on the school Wi-Fi — where a
// pupil's record names the pupil in PupilRef. Their name, signature and
// visit details are attachments (erasable); Ref is what finds them again:
// a staff reference (StaffRef) or, for everyone else, a random id the
// kiosk keeps while the school keeps the person's details.
type SignatoryRef struct {
	Kind string `json:"kind"` // one of SignatoryKinds
	Ref  string `json:"ref"`
}

// Kinds of adult signatory (SignatoryRef.Kind).
const (
	SignatoryStaff     = "staff"
	SignatoryVisitor   = "visitor"
	SignatoryVolunteer = "volunteer"
	SignatoryGuest     = "guest" // accepts the Wi-Fi policy, and is none of the above
)

// SignatoryKinds lists every kind of adult signatory.
var SignatoryKinds = []string{SignatoryStaff, SignatoryVisitor, SignatoryVolunteer, SignatoryGuest}

// StaffRef is the signatory reference of the kiosk's member of staff id.
func StaffRef(staffID int64) string { return fmt.Sprintf("staff-%d", staffID) }

// ParentRef is the parent or carer who acknowledged the policy (parent
// forms only); their name and signature are attachments.
type ParentRef struct {
	Relationship string `json:"relationship"` // one of Relationships
}

// Modes are the ways a pupil can give an answer (Answer.Mode).
var Modes = []string{ModeTouch, ModeSwitch, "eye_gaze", "speech", "sign", "symbol_pointing",
	"aac_device", ModePhysical}

// Response modes the kiosk itself refers to.
const (
	ModeTouch    = "touch"
	ModeSwitch   = "switch"
	ModePhysical = "physically_supported" // the adult's hand moved the pupil's: never the pupil's own choice
)

// PromptingLevels are how much help the adult gave (AdultRef.Prompting).
var PromptingLevels = []string{"independent", "verbal", "gestural", PromptingPhysical}

// PromptingPhysical is the only prompting level a physically supported
// response can have.
const PromptingPhysical = "physical"

// Understandings are the adult's judgement of how well the pupil understood.
var Understandings = []string{"fully", "partly", "not_clearly"}

// AttestationV1 names the sentence the adult signs under: "I presented
// these rules to {pupil} using {band}; {pupil} responded by {mode} with
// {prompting} prompting." (translations: Attest.V1).
const AttestationV1 = "attest/v1"

// Reasons a record is corrected or voided (AdultRef.Reason).
var Reasons = []string{"answer_recorded_wrongly", "observation_recorded_wrongly", "wrong_pupil",
	"pupil_changed_mind", "other"}

// Relationships a parent or carer can have to the pupil (ParentRef).
var Relationships = []string{"parent", "step_parent", "carer", "foster_carer", "guardian", "grandparent", "other"}

// NewID returns a fresh record id (UUIDv7: time-ordered).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// OwnChoice reports whether the answers were the pupil's own: false when
// any was physically supported.
func (b *Body) OwnChoice() bool {
	for _, a := range b.Answers {
		if a.Mode == ModePhysical {
			return false
		}
	}
	return true
}

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

// Validate reports everything that makes a body unfit to sign and store.
func (b *Body) Validate() error {
	errs := b.validateContent()
	errs = append(errs, b.validateLink()...)
	for i, a := range b.Attachments {
		if err := a.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("attachment %d: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

func (b *Body) validateContent() []error {
	var errs []error
	if _, err := uuid.Parse(b.ID); err != nil {
		errs = append(errs, fmt.Errorf("id %q is not a UUID", b.ID))
	}
	errs = append(errs, b.validateKind()...)
	if b.Form == "" {
		errs = append(errs, errors.New("a form is required"))
	}
	errs = append(errs, b.validateSignatory()...)
	if b.Pack.ID == "" || b.Pack.Version == "" || b.Pack.Fingerprint == "" {
		errs = append(errs, errors.New("pack id, version and fingerprint are required"))
	}
	errs = append(errs, b.Adult.validate()...)
	if b.Parent != nil && !oneOf(b.Parent.Relationship, Relationships) {
		errs = append(errs, fmt.Errorf("unknown relationship %q", b.Parent.Relationship))
	}
	for _, a := range b.Answers {
		errs = append(errs, a.validate()...)
		if a.Mode == ModePhysical && b.Adult.Prompting != PromptingPhysical {
			errs = append(errs, fmt.Errorf("statement %s: a physically supported response has physical prompting, never %q", a.Statement, b.Adult.Prompting))
		}
	}
	return errs
}

// validateSignatory checks the record names exactly one signatory: a
// pupil, countersigned by an adult, or an adult signing for themselves
// (whom nobody need countersign at reception, though a correction or void
// of their record is always a member of staff's).
func (b *Body) validateSignatory() []error {
	var errs []error
	switch s := b.Signatory; {
	case s == nil && b.PupilRef == "":
		errs = append(errs, errors.New("a signatory is required: a pupil reference or an adult signing for themselves"))
	case s == nil:
		if b.Adult.StaffID == 0 {
			errs = append(errs, errors.New("a countersigning adult is required"))
		}
	case b.PupilRef != "":
		errs = append(errs, errors.New("a record has one signatory: a pupil reference or an adult, not both"))
	default:
		if !oneOf(s.Kind, SignatoryKinds) {
			errs = append(errs, fmt.Errorf("unknown kind of signatory %q", s.Kind))
		}
		if s.Ref == "" || len(s.Ref) > 64 {
			errs = append(errs, errors.New("an adult signatory needs a reference of 1 to 64 characters"))
		}
		if b.Parent != nil || b.Band != "" || b.Class != "" {
			errs = append(errs, errors.New("an adult's record has no parent, band or class"))
		}
		if a := b.Adult; a.Prompting != "" || a.Understanding != "" || a.Attestation != "" {
			errs = append(errs, errors.New("an adult's record has no observation of a pupil"))
		}
		if b.Kind != KindAgreement && b.Adult.StaffID == 0 {
			errs = append(errs, fmt.Errorf("a %s is made by a member of staff", b.Kind))
		}
	}
	return errs
}

func (a AdultRef) validate() []error {
	var errs []error
	if a.Prompting != "" && !oneOf(a.Prompting, PromptingLevels) {
		errs = append(errs, fmt.Errorf("unknown prompting level %q", a.Prompting))
	}
	if a.Understanding != "" && !oneOf(a.Understanding, Understandings) {
		errs = append(errs, fmt.Errorf("unknown understanding %q", a.Understanding))
	}
	if a.Attestation != "" && a.Attestation != AttestationV1 {
		errs = append(errs, fmt.Errorf("unknown attestation wording %q", a.Attestation))
	}
	if a.Reason != "" && !oneOf(a.Reason, Reasons) {
		errs = append(errs, fmt.Errorf("unknown reason %q", a.Reason))
	}
	return errs
}

func (b *Body) validateKind() []error {
	switch b.Kind {
	case KindAgreement:
		if b.Supersedes != "" {
			return []error{errors.New("an agreement supersedes nothing")}
		}
	case KindCorrection, KindVoid:
		var errs []error
		if _, err := uuid.Parse(b.Supersedes); err != nil {
			errs = append(errs, fmt.Errorf("a %s must name the record it supersedes", b.Kind))
		}
		if b.Adult.Reason == "" {
			errs = append(errs, fmt.Errorf("a %s must give a reason", b.Kind))
		}
		if b.Kind == KindVoid && len(b.Answers) > 0 {
			errs = append(errs, errors.New("a void has no answers"))
		}
		return errs
	default:
		return []error{fmt.Errorf("unknown kind %q", b.Kind)}
	}
	return nil
}

// validateLink checks the chain fields are well formed (not that they link).
func (b *Body) validateLink() []error {
	var errs []error
	if !isHex(b.Device, deviceIDBytes) {
		errs = append(errs, fmt.Errorf("device %q is not a device id", b.Device))
	}
	switch {
	case b.Seq == 0:
		errs = append(errs, errors.New("sequence numbers start at 1"))
	case b.Seq == 1 && b.Prev != "":
		errs = append(errs, errors.New("the first record of a device has no previous hash"))
	case b.Seq > 1 && !isHex(b.Prev, sha256.Size):
		errs = append(errs, fmt.Errorf("previous hash %q is not a SHA-256", b.Prev))
	}
	return errs
}

// SignatoryKey is who the record belongs to, as one string: "pupil:" and
// the UPN, or the adult signatory's kind and reference. A correction or
// void must have its original's key.
func (b *Body) SignatoryKey() string {
	if b.Signatory != nil {
		return b.Signatory.Kind + ":" + b.Signatory.Ref
	}
	return "pupil:" + b.PupilRef
}

func (a Answer) validate() []error {
	var errs []error
	switch a.Answer {
	case AnswerAgree, AnswerNotSure, AnswerNoClear:
	default:
		errs = append(errs, fmt.Errorf("statement %s: unknown answer %q", a.Statement, a.Answer))
	}
	if a.Mode != "" && !oneOf(a.Mode, Modes) {
		errs = append(errs, fmt.Errorf("statement %s: unknown response mode %q", a.Statement, a.Mode))
	}
	if a.Replays < 0 || a.OffsetMS < 0 {
		errs = append(errs, fmt.Errorf("statement %s: negative replays or time", a.Statement))
	}
	return errs
}

// Marshal validates the body and serialises it once; the bytes are what is
// stored, signed and sent, verbatim. Never re-marshal a stored body.
func (b *Body) Marshal() ([]byte, error) {
	if b.Format == 0 {
		b.Format = FormatVersion1
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("record %s: %w", b.ID, err)
	}
	return json.Marshal(b)
}

// Parse reads a body from its stored bytes, rejecting unknown fields and
// trailing data.
func Parse(data []byte) (*Body, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Body
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("parse record: %w", err)
	}
	if dec.More() {
		return nil, errors.New("parse record: data after the body")
	}
	return &b, nil
}

// Hash is the hex SHA-256 of the exact body bytes: the chain's link.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func isHex(s string, n int) bool {
	if len(s) != 2*n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && s == strings.ToLower(s)
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
