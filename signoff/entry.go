package signoff

import (
	"slices"
	"time"

	"smartkiosk/store/record"
)

// Entry is one signed record with what a reader needs beside its body:
// the roster's pupil, the attachments still held, where it came from and
// the parent/carer acknowledgement that goes with it. Kiosk and hub build
// entries from their own stores; every renderer (package export) reads
// only entries.
type Entry struct {
	Body      *record.Body // parsed from BodyBytes
	BodyBytes []byte       // the exact signed bytes
	Signature []byte       // the device's Ed25519 signature over them
	Pupil     Pupil        // from the roster; names are "" when the pupil is unknown
	// Attachments are the attachment bytes still held, by kind
	// (record.AttachDisplayName, record.AttachPupilMark, …); a kind is
	// absent when it was erased, never sent or never made.
	Attachments map[string][]byte
	Device      string    // the device's label ("Oak class tablet 2"), or its id when it has none
	ReceivedAt  time.Time // when the hub stored it; zero on a kiosk
	ParentAck   *ParentAck
}

// ParentAck is the parent/carer acknowledgement recorded for a pupil and
// policy version, shown beside that pupil's own agreement.
type ParentAck struct {
	RecordID     string
	SignedAt     time.Time
	Relationship string // one of record.Relationships
	Name         string // the parent_name attachment; "" once erased
}

// NewEntry parses an entry's body from its exact bytes.
func NewEntry(body, sig []byte) (Entry, error) {
	b, err := record.Parse(body)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Body: b, BodyBytes: body, Signature: sig, Attachments: map[string][]byte{}}, nil
}

// ID is the record id.
func (e *Entry) ID() string { return e.Body.ID }

// BodyHash is the hex SHA-256 of the exact body bytes.
func (e *Entry) BodyHash() string { return record.Hash(e.BodyBytes) }

// Text returns a text attachment ("" when not held).
func (e *Entry) Text(kind string) string { return string(e.Attachments[kind]) }

// AdultName is the countersigning adult's name, or "" once erased.
func (e *Entry) AdultName() string { return e.Text(record.AttachAdultName) }

// PupilName is the pupil's name: the roster's, else the name shown at the
// time of signing.
func (e *Entry) PupilName() string {
	if n := e.Pupil.Name(); n != "" {
		return n
	}
	return e.Text(record.AttachDisplayName)
}

// ResponseModes lists the distinct ways the pupil answered, in the order
// first used ("touch", "switch", "physically_supported", …).
func (e *Entry) ResponseModes() []string {
	var out []string
	for _, a := range e.Body.Answers {
		if a.Mode != "" && !slices.Contains(out, a.Mode) {
			out = append(out, a.Mode)
		}
	}
	return out
}

// FollowUp is one statement to teach again: answered "not sure" or with no
// clear response.
type FollowUp struct {
	Statement string // the statement id
	Answer    string // record.AnswerNotSure or record.AnswerNoClear
}

// FollowUps lists the record's statements not answered "agree", in order.
func (e *Entry) FollowUps() []FollowUp {
	var out []FollowUp
	for _, a := range e.Body.Answers {
		if a.Answer != record.AnswerAgree {
			out = append(out, FollowUp{Statement: a.Statement, Answer: a.Answer})
		}
	}
	return out
}

// LinkParentAcks gives each pupil agreement (or its correction) the newest
// parent/carer form still standing — neither voided nor corrected — for
// the same pupil and policy version.
func LinkParentAcks(entries []Entry) {
	superseded := map[string]bool{}
	for _, e := range entries {
		if e.Body.Supersedes != "" {
			superseded[e.Body.Supersedes] = true
		}
	}
	type key struct{ pupil, version string }
	acks := map[key]*ParentAck{}
	for i := range entries {
		b := entries[i].Body
		if b.Parent == nil || b.Kind == record.KindVoid || superseded[b.ID] {
			continue
		}
		k := key{b.PupilRef, b.Pack.Version}
		if old := acks[k]; old == nil || !b.SignedAt.Before(old.SignedAt) {
			acks[k] = &ParentAck{RecordID: b.ID, SignedAt: b.SignedAt, Relationship: b.Parent.Relationship,
				Name: entries[i].Text(record.AttachParentName)}
		}
	}
	for i := range entries {
		b := entries[i].Body
		if b.Parent == nil && b.Kind != record.KindVoid {
			entries[i].ParentAck = acks[key{b.PupilRef, b.Pack.Version}]
		}
	}
}
