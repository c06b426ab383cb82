package screens

import (
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
		steps: form.Steps(), started: k.Now(),
	}, nil
}

// answer records the answer to step i, replacing an earlier one (Back).
func (so *signOff) answer(i int, answer string, replays int, at time.Time) {
	a := record.Answer{Statement: so.steps[i].ID(), Answer: answer, Replays: replays, OffsetMS: at.Sub(so.started).Milliseconds()}
	if i < len(so.answers) {
		so.answers = so.answers[:i]
	}
	so.answers = append(so.answers, a)
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
