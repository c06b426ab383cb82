package screens

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
)

// signOff is one pupil's sign-off in progress.
type signOff struct {
	id      string // the draft id; it becomes the record id
	pupil   store.Pupil
	band    policy.Band
	form    *policy.Form
	steps   []policy.Step
	answers []record.Answer
	mark    []byte // the pupil's mark as a PNG
	started time.Time
	drafts  Signer // keeps the sign-off as a draft after every answer
	ctx     context.Context
}

func newSignOff(k *Kiosk, p store.Pupil) (*signOff, error) {
	band, ok := k.Pack.Band(p.Band)
	if !ok {
		return nil, fmt.Errorf("pack %s has no band %q", k.Pack.ID, p.Band)
	}
	form, ok := k.Pack.PupilForm(p.Band)
	if !ok {
		return nil, fmt.Errorf("pack %s has no pupil form for band %q", k.Pack.ID, p.Band)
	}
	return &signOff{
		id: record.NewID(), pupil: p, band: band, form: form,
		steps: form.Steps(), started: k.Now(), drafts: k.Signer, ctx: k.ctx,
	}, nil
}

// answer records the answer to step i, replacing an earlier one (Back).
func (so *signOff) answer(i int, answer string, replays int, at time.Time) {
	a := record.Answer{Statement: so.steps[i].ID(), Answer: answer, Replays: replays, OffsetMS: at.Sub(so.started).Milliseconds()}
	if i < len(so.answers) {
		so.answers = so.answers[:i]
	}
	so.answers = append(so.answers, a)
	// A draft that cannot be written (a full disk) is no reason to stop the
	// pupil: the sign-off carries on in memory, and saving it says what is wrong.
	_ = so.saveDraft()
}

// draftState is what a draft keeps: references and answers, never names.
type draftState struct {
	Form    string          `json:"form"`
	Band    string          `json:"band"`
	Started time.Time       `json:"started"`
	Answers []record.Answer `json:"answers"`
	Mark    []byte          `json:"mark,omitempty"` // PNG
}

// saveDraft stores the sign-off so far under the id its record will have.
func (so *signOff) saveDraft() error {
	if so.drafts == nil {
		return nil
	}
	state, err := json.Marshal(draftState{Form: so.form.ID, Band: so.band.ID, Started: so.started.UTC(),
		Answers: so.answers, Mark: so.mark})
	if err != nil {
		return err
	}
	return so.drafts.SaveDraft(so.ctx, store.Draft{ID: so.id, PupilID: so.pupil.ID, State: state})
}

// attachments are the record's attachments beyond the names the store
// adds: the pupil's mark, when there is one.
func (so *signOff) attachments() []store.Attachment {
	if len(so.mark) == 0 {
		return nil
	}
	return []store.Attachment{{Kind: record.AttachPupilMark, MediaType: "image/png", Data: so.mark}}
}

func (so *signOff) agreed() int {
	n := 0
	for _, a := range so.answers {
		if a.Answer == record.AnswerAgree {
			n++
		}
	}
	return n
}

// body is the record the countersigning adult completes.
func (so *signOff) body(pack *policy.Pack, adult store.Staff, now time.Time) *record.Body {
	return &record.Body{
		ID:        so.id,
		Kind:      record.KindAgreement,
		PupilRef:  so.pupil.UPN,
		Form:      so.form.ID,
		Band:      so.band.ID,
		BandAlias: so.band.Alias,
		Language:  so.pupil.Language,
		Pack:      record.PackRef{ID: pack.ID, Version: pack.Version, Fingerprint: pack.Fingerprint},
		Answers:   append([]record.Answer(nil), so.answers...),
		Adult:     record.AdultRef{StaffID: adult.ID, Role: adult.Role},
		StartedAt: so.started.UTC(),
		SignedAt:  now.UTC(),
	}
}
