package signoff

import (
	"time"

	"smartkiosk/store/record"
)

// The one builder of every record kind. Screens gather what was seen and
// answered and call these; the store only completes the chain (device,
// sequence, previous hash, attachment list), signs and writes. Every
// record's body is made here, so the rules of what a kind carries are in
// one place:
//   - an agreement is a signatory's answers to one form, each answer with
//     the response mode the adult observed;
//   - an acknowledgement is an agreement to every statement of a form by a
//     parent or carer, witnessed by the adult signed in;
//   - a declaration is an adult's own sign-off of a form they read to the
//     end (staff, visitor, volunteer, Wi-Fi): every section agreed, no
//     pupil, countersigned by the adult signed in if there is one;
//   - a correction is the record it supersedes with new answers (and, for
//     a pupil's agreement, what the correcting adult observed);
//   - a void withdraws the record it supersedes and has no answers.

// Signing is what every record pins beside its answers: its id (the
// draft's, so a crash after COMMIT shows "already saved"), the pack shown,
// the adult and the times.
type Signing struct {
	ID        string // record.NewID() when empty
	Pack      record.PackRef
	Adult     record.AdultRef
	StartedAt time.Time
	SignedAt  time.Time
}

// Signatory is who a record belongs to, for good: a pupil (Kind empty)
// by their UPN and the class they are in as they sign, so the record stays
// filed under it after they move class or leave; or an adult signing for
// themselves (Kind one of record.SignatoryKinds) by their reference. And
// the language they were shown the form in.
type Signatory struct {
	Kind     string // "" for a pupil, else record.SignatoryStaff, record.SignatoryVisitor, ...
	Ref      string // the pupil's UPN, or the adult's reference
	Class    string // pupils only
	Language string
}

// Staff is the member of staff with the kiosk id staffID as a signatory.
func Staff(staffID int64, language string) Signatory {
	return Signatory{Kind: record.SignatoryStaff, Ref: record.StaffRef(staffID), Language: language}
}

// FormRef is the form signed and, for a pupil form, its band as the pack
// named it (the alias is for adults reading the record later).
type FormRef struct {
	ID        string
	Band      string
	BandAlias string
}

// Observed is what the countersigning adult saw: how the pupil responded,
// how much help they had, how well they understood, and whether the adult
// signs the attestation sentence (record.AttestationV1).
type Observed struct {
	Mode          string
	Prompting     string
	Understanding string
	Attested      bool
}

func (s Signing) body(kind string, who Signatory, form FormRef) *record.Body {
	id := s.ID
	if id == "" {
		id = record.NewID()
	}
	b := &record.Body{
		ID: id, Kind: kind, Form: form.ID, Band: form.Band, BandAlias: form.BandAlias,
		Language: who.Language, Pack: s.Pack, Adult: s.Adult,
		StartedAt: s.StartedAt.UTC(), SignedAt: s.SignedAt.UTC(),
	}
	if who.Kind == "" {
		b.PupilRef, b.Class = who.Ref, who.Class
	} else {
		b.Signatory = &record.SignatoryRef{Kind: who.Kind, Ref: who.Ref}
	}
	return b
}

// Agreement is a pupil's sign-off of a form: answers in the order shown,
// each given the response mode the adult observed.
func Agreement(s Signing, who Signatory, form FormRef, answers []record.Answer, obs Observed) *record.Body {
	b := s.body(record.KindAgreement, who, form)
	b.Answers = observed(answers, obs.Mode)
	b.Adult.Prompting, b.Adult.Understanding = obs.Prompting, obs.Understanding
	if obs.Attested {
		b.Adult.Attestation = record.AttestationV1
	}
	return b
}

// Acknowledgement is a parent or carer's acknowledgement of a form: every
// statement agreed, witnessed by the adult in s.
func Acknowledgement(s Signing, pupil Signatory, form FormRef, statements []string, relationship string) *record.Body {
	b := s.body(record.KindAgreement, pupil, form)
	for _, id := range statements {
		b.Answers = append(b.Answers, record.Answer{Statement: id, Answer: record.AnswerAgree})
	}
	b.Parent = &record.ParentRef{Relationship: relationship}
	return b
}

// Declaration is an adult's sign-off of a form for themselves (who.Kind
// set): they read every section to its end and sign the form's
// declaration, so every section is agreed. s.Adult is the member of staff
// signed in, or zero at a self-service reception tablet.
func Declaration(s Signing, who Signatory, form FormRef, sections []string) *record.Body {
	b := s.body(record.KindAgreement, who, form)
	for _, id := range sections {
		b.Answers = append(b.Answers, record.Answer{Statement: id, Answer: record.AnswerAgree})
	}
	return b
}

// Correction is orig corrected by the adult in s (whose Reason says why):
// the same signatory, form, band and pack, new answers. A pupil's answers
// take the mode the correcting adult observed, and the observation is
// theirs; a parent's acknowledgement keeps its own.
func Correction(s Signing, orig *record.Body, answers []record.Answer, obs Observed) *record.Body {
	b := superseding(s, orig, record.KindCorrection)
	if orig.Parent != nil || orig.Signatory != nil {
		b.Answers = append([]record.Answer(nil), answers...)
		return b
	}
	b.Answers = observed(answers, obs.Mode)
	b.Adult.Prompting, b.Adult.Understanding = obs.Prompting, obs.Understanding
	return b
}

// Void withdraws orig; the adult in s gives the reason.
func Void(s Signing, orig *record.Body) *record.Body {
	b := superseding(s, orig, record.KindVoid)
	b.Answers = nil
	return b
}

// superseding is orig as a new record of kind that supersedes it: the
// chain and attachments are the store's to fill again, the adult and the
// signing time are s's, everything else (who, form, pack, started) stays.
func superseding(s Signing, orig *record.Body, kind string) *record.Body {
	b := *orig
	b.ID, b.Kind, b.Supersedes = s.ID, kind, orig.ID
	if b.ID == "" {
		b.ID = record.NewID()
	}
	b.Device, b.Seq, b.Prev, b.Attachments = "", 0, "", nil
	b.Adult = s.Adult
	b.SignedAt = s.SignedAt.UTC()
	return &b
}

func observed(answers []record.Answer, mode string) []record.Answer {
	out := append([]record.Answer(nil), answers...)
	for i := range out {
		out[i].Mode = mode
	}
	return out
}
