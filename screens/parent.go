package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

var relationshipWords = map[string]*translations.Message{
	"parent": translations.RelParent, "step_parent": translations.RelStepParent, "carer": translations.RelCarer,
	"foster_carer": translations.RelFosterCarer, "guardian": translations.RelGuardian,
	"grandparent": translations.RelGrandparent, "other": translations.RelOther,
}

// parentForm is the parent/carer acknowledgement, its statements verbatim
// from the pack, with the parent's name, relationship and signature. The
// signed-in adult is recorded as the witness.
type parentForm struct {
	k            *Kiosk
	pupil        store.Pupil
	form         *policy.Form
	relationship string
	name         string
	choose       *chooser
	pad          *signaturePad
	message      *widget.Label
	save, back   *Target
}

func newParentForm(k *Kiosk, p store.Pupil) *parentForm { return &parentForm{k: k, pupil: p} }

func (s *parentForm) adultOnly() {}

func (s *parentForm) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, s.pupil.Language
	s.k.nav.Access = adultAccess
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newPupilPage(s.k, s.pupil.ID)) })
	var ok bool
	if s.form, ok = s.k.Pack.FormOfKind(policy.KindParent); !ok {
		return page(s.back, note(tr.T(translations.ParentNoForm)), nil)
	}
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(26), MM(11)), refresh: func() { s.k.nav.Show(s) }}
	s.save = NewTarget(tr.T(translations.ParentSave), sizeSmall.AddWidthHeight(MM(35), 0), AgreeFill, s.onSave)
	text := container.NewVBox(note(s.form.Intro.In(lang)))
	for _, st := range s.form.Steps() {
		l := widget.NewLabel("• " + statementText(s.form, st.ID(), lang))
		l.Wrapping = fyne.TextWrapWord
		text.Add(l)
	}
	name := widget.NewEntry()
	name.SetText(s.name)
	name.OnChanged = func(t string) { s.name = t; s.k.nav.Poke() }
	if s.pad == nil {
		s.pad = newSignaturePad(fyne.NewSize(MM(120), MM(32)))
	}
	who := map[string]any{"Name": s.pupil.DisplayName()}
	text.Add(widget.NewSeparator())
	text.Add(settingLabel(tr.T(translations.ParentChild, who)))
	text.Add(s.choose.row(tr.T(translations.ParentRelationship, who), record.Relationships, relationshipWords, s.relationship, 4, func(v string) { s.relationship = v }))
	text.Add(settingLabel(tr.T(translations.ParentName)))
	text.Add(name)
	text.Add(settingLabel(tr.T(translations.ParentSignature)))
	text.Add(container.NewCenter(s.pad))
	return page(heading(s.form.Title.In(lang)), container.NewVScroll(text), container.NewBorder(nil, nil, s.back, s.save, s.message))
}

func (s *parentForm) onSave() {
	tr := s.k.Tr
	name := strings.TrimSpace(s.name)
	if s.relationship == "" || name == "" || s.pad.empty() {
		s.message.SetText(tr.T(translations.ParentIncomplete))
		return
	}
	err := s.k.Signer.SaveRecord(s.k.ctx, s.body(), store.Attachment{Kind: record.AttachParentName, MediaType: "text/plain; charset=utf-8", Data: []byte(name)},
		store.Attachment{Kind: record.AttachParentSig, MediaType: "image/png", Data: s.pad.PNG()})
	switch {
	case err == nil:
		s.k.nav.Show(newPupilPage(s.k, s.pupil.ID))
	case errors.Is(err, store.ErrDiskFull):
		s.message.SetText(tr.T(translations.CountersignDiskFull))
	default:
		s.message.SetText(tr.T(translations.CountersignSaveFailed))
	}
}

func (s *parentForm) body() *record.Body {
	now := s.k.Now().UTC()
	band, _ := s.k.Pack.Band(s.pupil.Band)
	var answers []record.Answer
	for _, st := range s.form.Steps() {
		answers = append(answers, record.Answer{Statement: st.ID(), Answer: record.AnswerAgree})
	}
	return &record.Body{
		ID: record.NewID(), Kind: record.KindAgreement, PupilRef: s.pupil.UPN, Form: s.form.ID,
		Band: band.ID, BandAlias: band.Alias, Language: s.pupil.Language,
		Pack:    record.PackRef{ID: s.k.Pack.ID, Version: s.k.Pack.Version, Fingerprint: s.k.Pack.Fingerprint},
		Answers: answers, Adult: record.AdultRef{StaffID: s.k.adultID(), Role: s.k.adult.Role},
		Parent: &record.ParentRef{Relationship: s.relationship}, StartedAt: now, SignedAt: now,
	}
}

func (s *parentForm) targets() []*Target {
	if s.choose == nil {
		return []*Target{s.back}
	}
	return append(append([]*Target{}, s.choose.all...), s.save, s.back)
}
