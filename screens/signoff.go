package screens

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// signOff is one pupil's sign-off in progress.
type signOff struct {
	id       string // the draft id; it becomes the record id
	pupil    store.Pupil
	band     policy.Band
	form     *policy.Form
	steps    []policy.Step
	answers  []record.Answer
	mark     []byte // the pupil's mark as a PNG
	started  time.Time
	adult    store.Staff // the countersigning adult, once their PIN is checked
	obs      observation // what they observed
	adultSig []byte      // their signature as a PNG
	drafts   Signer      // keeps the sign-off as a draft after every answer
	ctx      context.Context
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
// adds: the pupil's mark, the adult's signature, the attestation sentence
// as the adult read it, and the adult's note.
func (so *signOff) attachments(tr *translations.Translator) []store.Attachment {
	var atts []store.Attachment
	add := func(kind, mediaType string, data []byte) {
		if len(data) > 0 {
			atts = append(atts, store.Attachment{Kind: kind, MediaType: mediaType, Data: data})
		}
	}
	add(record.AttachPupilMark, "image/png", so.mark)
	add(record.AttachAdultSignature, "image/png", so.adultSig)
	if so.obs.complete() {
		add(record.AttachAttestation, "text/plain; charset=utf-8", []byte(so.attestation(tr)))
	}
	add(record.AttachAdultNote, "text/plain; charset=utf-8", []byte(strings.TrimSpace(so.obs.Note)))
	return atts
}

// attestation is the sentence the adult signs under (record.AttestationV1).
func (so *signOff) attestation(tr *translations.Translator) string {
	band := tr.T(translations.AttestBand, map[string]any{"Title": so.band.Title.In(so.pupil.Language)})
	return tr.T(translations.AttestV1, map[string]any{
		"Pupil": so.pupil.GivenName, "Band": band,
		"Mode": tr.T(modeSays[so.obs.Mode]), "Prompting": tr.T(promptingSays[so.obs.Prompting]),
	})
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

// body is the record the countersigning adult completes: each answer
// carries the response mode the adult observed.
func (so *signOff) body(pack *policy.Pack, now time.Time) *record.Body {
	return signoff.Agreement(
		signoff.Signing{ID: so.id, Pack: packRef(pack), Adult: record.AdultRef{StaffID: so.adult.ID, Role: so.adult.Role},
			StartedAt: so.started, SignedAt: now},
		signoff.Signatory{Ref: so.pupil.UPN, Class: so.pupil.Class, Language: so.pupil.Language},
		signoff.FormRef{ID: so.form.ID, Band: so.band.ID, BandAlias: so.band.Alias},
		so.answers,
		signoff.Observed{Mode: so.obs.Mode, Prompting: so.obs.Prompting, Understanding: so.obs.Understanding, Attested: so.obs.complete()})
}

// packRef is what a record pins of the pack shown.
func packRef(p *policy.Pack) record.PackRef {
	return record.PackRef{ID: p.ID, Version: p.Version, Fingerprint: p.Fingerprint}
}

// resumeSignOff picks up a draft where it stopped. A draft made for
// another band's form (the pupil's band was changed since) cannot be
// resumed: it returns an error and the adult starts afresh.
func resumeSignOff(k *Kiosk, p store.Pupil, d store.Draft) (*signOff, error) {
	var st draftState
	if err := json.Unmarshal(d.State, &st); err != nil {
		return nil, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	so, err := newSignOff(k, p)
	if err != nil {
		return nil, err
	}
	if st.Form != so.form.ID {
		return nil, fmt.Errorf("draft %s is for form %s, the pupil now has %s", d.ID, st.Form, so.form.ID)
	}
	so.id, so.started, so.mark = d.ID, st.Started, st.Mark
	so.answers = st.Answers[:min(len(st.Answers), len(so.steps))]
	return so, nil
}

// resumeAt is the screen a resumed sign-off goes on from.
func (so *signOff) resumeAt(k *Kiosk) screen {
	switch {
	case len(so.mark) > 0:
		return newCountersign(k, so)
	case len(so.answers) >= len(so.steps):
		return newMark(k, so)
	}
	return newWelcome(k, so)
}
