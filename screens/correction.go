package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// correction makes a correction or a void of a finished record: a new
// record naming the original, with a reason and the adult who made it.
// The original is never changed.
type correction struct {
	k         *Kiosk
	orig      store.SavedRecord
	void      bool
	answers   []record.Answer
	obs       observation
	reason    string
	choose    *chooser
	prompting *choiceRow // nil for a parent's form and a void
	typing    *typing
	message   *widget.Label
	save      *Target
	back      *Target
}

func newCorrection(k *Kiosk, orig store.SavedRecord, void bool) *correction {
	b := orig.Body
	c := &correction{k: k, orig: orig, void: void, answers: append([]record.Answer(nil), b.Answers...)}
	c.obs = observation{Prompting: b.Adult.Prompting, Understanding: b.Adult.Understanding}
	if len(b.Answers) > 0 {
		c.obs.Mode = b.Answers[0].Mode
	}
	return c
}

func (s *correction) adultOnly() {}

func (s *correction) buildUI() fyne.CanvasObject {
	tr, o := s.k.Tr, &s.obs
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(30), MM(12)), changed: s.update}
	s.typing = newTyping(s.k)
	s.prompting = nil
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newPupilPage(s.k, s.orig.Pupil.ID)) })
	what := map[string]any{"Name": s.orig.Pupil.Name(), "Date": s.orig.Body.SignedAt.Local().Format("2 Jan 2006 15:04")}
	title, saveText := tr.T(translations.CorrectTitle, what), tr.T(translations.CorrectSave)
	if s.void {
		title, saveText = tr.T(translations.VoidTitle, what), tr.T(translations.VoidSave)
	}
	s.save = NewTarget(saveText, sizeSmall.AddWidthHeight(MM(20), 0), AgreeFill, s.onSave)
	form := container.NewVBox(note(tr.T(translations.CorrectIntro)))
	if !s.void {
		form.Add(s.answerRows())
		if s.orig.Body.Parent == nil {
			form.Add(s.choose.row(tr.T(translations.ObserveMode, map[string]any{"Name": s.orig.Pupil.GivenName}), record.Modes, modeWords, o.Mode, 4, o.setMode))
			s.prompting = s.choose.rowOf(tr.T(translations.ObservePrompting), record.PromptingLevels, promptingWords, o.Prompting, 4, func(v string) { o.Prompting = v })
			form.Add(s.prompting.box)
			form.Add(s.choose.row(tr.T(translations.ObserveUnderstood, map[string]any{"Name": s.orig.Pupil.GivenName}), record.Understandings, understandingWords, o.Understanding, 3, func(v string) { o.Understanding = v }))
		}
	}
	form.Add(s.choose.row(tr.T(translations.CorrectReason), record.Reasons, reasonWords, s.reason, 3, func(v string) { s.reason = v }))
	noteField := s.typing.field(fieldText, tr.T(translations.ObserveNote), o.Note, func(t string) { o.Note = t })
	noteField.lines = 2
	form.Add(settingLabel(tr.T(translations.ObserveNote)))
	form.Add(noteField)
	s.update()
	return s.typing.over(page(heading(title), vscroll(form), container.NewBorder(nil, nil, s.back, s.save, s.message)))
}

// update follows the response mode: physical support allows only physical
// prompting.
func (s *correction) update() {
	if s.prompting == nil {
		return
	}
	if s.obs.Mode == record.ModePhysical {
		s.prompting.only([]string{record.PromptingPhysical})
	} else {
		s.prompting.only(record.PromptingLevels)
	}
	s.prompting.mark(s.obs.Prompting)
	s.k.nav.retarget()
}

func (s *correction) typist() *typing { return s.typing }

// answerRows offers each statement's three answers.
func (s *correction) answerRows() fyne.CanvasObject {
	box := container.NewVBox()
	codes := []string{record.AnswerAgree, record.AnswerNotSure, record.AnswerNoClear}
	form, _ := s.k.Pack.FormByID(s.orig.Body.Form)
	for i := range s.answers {
		a := &s.answers[i]
		label := a.Statement
		if form != nil {
			label = statementText(form, a.Statement, s.orig.Pupil.Language)
		}
		box.Add(s.choose.row(label, codes, answerWords, a.Answer, 3, func(v string) { a.Answer = v }))
	}
	return box
}

func (s *correction) onSave() {
	tr := s.k.Tr
	if s.reason == "" {
		s.message.SetText(tr.T(translations.CorrectNeedReason))
		return
	}
	var atts []store.Attachment
	if !s.void {
		atts = s.keptAttachments()
	}
	if note := strings.TrimSpace(s.obs.Note); note != "" {
		atts = append(atts, store.Attachment{Kind: record.AttachAdultNote, MediaType: "text/plain; charset=utf-8", Data: []byte(note)})
	}
	err := s.k.Signer.SaveRecord(s.k.ctx, s.body(), atts...)
	switch {
	case err == nil:
		s.k.nav.Show(newPupilPage(s.k, s.orig.Pupil.ID))
	case errors.Is(err, store.ErrSuperseded):
		s.message.SetText(tr.T(translations.CorrectSuperseded))
	case errors.Is(err, store.ErrDiskFull):
		s.message.SetText(tr.T(translations.CountersignDiskFull))
	default:
		s.message.SetText(tr.T(translations.CorrectFailed))
	}
}

// body is the original body as corrected (or voided), by the adult signed in.
func (s *correction) body() *record.Body {
	sig := signoff.Signing{Adult: record.AdultRef{StaffID: s.k.adultID(), Role: s.k.adult.Role, Reason: s.reason},
		SignedAt: s.k.Now()}
	if s.void {
		return signoff.Void(sig, s.orig.Body)
	}
	return signoff.Correction(sig, s.orig.Body, s.answers,
		signoff.Observed{Mode: s.obs.Mode, Prompting: s.obs.Prompting, Understanding: s.obs.Understanding})
}

// keptAttachments carries the pupil's mark and the parent's name and
// signature over to the correction; the original adult's signature and
// attestation stay with the original, which they signed.
func (s *correction) keptAttachments() []store.Attachment {
	atts, err := s.k.Signer.RecordAttachments(s.k.ctx, s.orig.Body.ID)
	if err != nil {
		return nil
	}
	var kept []store.Attachment
	for _, a := range atts {
		switch a.Kind {
		case record.AttachPupilMark, record.AttachParentName, record.AttachParentSig:
			if len(a.Data) > 0 { // an erased attachment stays erased
				kept = append(kept, store.Attachment{Kind: a.Kind, MediaType: a.MediaType, Data: a.Data})
			}
		}
	}
	return kept
}

func (s *correction) targets() []*Target {
	return append(append([]*Target{}, s.choose.all...), s.save, s.back)
}

// statementText is what the answer id of a form step says (a section's
// lead sentence for a section).
func statementText(f *policy.Form, id, lang string) string {
	for _, st := range f.Steps() {
		switch {
		case st.ID() != id:
		case st.Statement != nil:
			return st.Statement.Text.In(lang)
		case st.Section != nil:
			return st.Section.Lead.In(lang)
		}
	}
	return id
}
