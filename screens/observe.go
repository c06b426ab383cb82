package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// observe records how the pupil responded, the prompting given and the
// adult's judgement of understanding, with an optional note. It is the
// first screen after the adult's PIN, so it also sums up the answers.
type observe struct {
	k         *Kiosk
	so        *signOff
	choose    *chooser
	prompting *choiceRow
	typing    *typing
	message   *widget.Label
	next      *Target
	back      *Target
}

func newObserve(k *Kiosk, so *signOff) *observe { return &observe{k: k, so: so} }

func (s *observe) buildUI() fyne.CanvasObject {
	tr, o := s.k.Tr, &s.so.obs
	name := map[string]any{"Name": s.so.pupil.GivenName}
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(30), MM(12)), changed: s.update}
	s.typing = newTyping(s.k)
	s.next = NewTarget(tr.T(translations.ObserveNext), sizeSmall, AgreeFill, s.onNext)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newCountersign(s.k, s.so)) })
	s.message = note("")
	// Made in the order shown, which is the scan order.
	mode := s.choose.row(tr.T(translations.ObserveMode, name), record.Modes, modeWords, o.Mode, 4, o.setMode)
	s.prompting = s.choose.rowOf(tr.T(translations.ObservePrompting), record.PromptingLevels, promptingWords, o.Prompting, 4, func(v string) { o.Prompting = v })
	understood := s.choose.row(tr.T(translations.ObserveUnderstood, name), record.Understandings, understandingWords, o.Understanding, 3, func(v string) { o.Understanding = v })
	noteField := s.typing.field(fieldText, tr.T(translations.ObserveNote), o.Note, func(t string) { o.Note = t })
	noteField.lines = 2
	form := container.NewVBox(leading(s.summary()), mode, s.prompting.box, understood, settingLabel(tr.T(translations.ObserveNote)), noteField)
	s.update()
	top := heading(tr.T(translations.ObserveTitle))
	bottom := container.NewBorder(nil, nil, s.back, s.next, s.message)
	return s.typing.over(page(top, vscroll(form), bottom))
}

// summary says how the pupil answered, for the adult (never on a pupil screen).
func (s *observe) summary() string {
	tr := s.k.Tr
	text := tr.T(translations.CountersignSummary, map[string]any{
		"Form": s.so.form.Title.In(s.so.pupil.Language), "Band": s.so.band.Alias,
		"Agreed": s.so.agreed(), "Total": len(s.so.answers),
	})
	if n := len(s.so.answers) - s.so.agreed(); n > 0 {
		text += " " + tr.T(translations.CountersignFollowUps, map[string]any{"Count": n})
	}
	return text
}

// update follows the response mode: physical support allows only physical
// prompting, and says so.
func (s *observe) update() {
	o := &s.so.obs
	if o.Mode == record.ModePhysical {
		s.prompting.only([]string{record.PromptingPhysical})
		s.message.SetText(s.k.Tr.T(translations.ObservePhysical))
	} else {
		s.prompting.only(record.PromptingLevels)
		s.message.SetText("")
	}
	s.prompting.mark(o.Prompting)
	s.k.nav.retarget()
}

func (s *observe) onNext() {
	if !s.so.obs.complete() {
		s.message.SetText(s.k.Tr.T(translations.ObserveIncomplete))
		return
	}
	s.k.nav.Show(newAttest(s.k, s.so))
}

// onIdle: an adult who walks away leaves the pupil's hand-back, not their
// observations, on the screen.
func (s *observe) onIdle() { s.k.nav.Show(newCountersign(s.k, s.so)) }

func (s *observe) typist() *typing { return s.typing }

func (s *observe) targets() []*Target {
	return append(append([]*Target{}, s.choose.all...), s.next, s.back)
}

// attest shows the attestation sentence and takes the adult's signature
// under it; saving commits the record. "Saved" shows only after the commit.
type attest struct {
	k       *Kiosk
	so      *signOff
	pad     *signaturePad
	message *widget.Label
	save    *Target
	clear   *Target
	back    *Target
}

func newAttest(k *Kiosk, so *signOff) *attest { return &attest{k: k, so: so} }

func (s *attest) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.pad = newSignaturePad(fyne.NewSize(MM(150), MM(40)))
	s.message = note("")
	s.pad.onChange = func() { s.message.SetText("") }
	s.save = NewTarget(tr.T(translations.CountersignConfirm), sizeSmall.AddWidthHeight(MM(30), 0), AgreeFill, s.onSave)
	s.clear = NewTarget(tr.T(translations.CountersignClear), sizeSmall, CardFill, s.pad.clear)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newObserve(s.k, s.so)) })
	body := container.NewVBox(
		column(widthPupilText, note(s.so.attestation(tr))),
		settingLabel(tr.T(translations.AttestSignHere)),
		container.NewCenter(s.pad), s.message,
	)
	bottom := container.NewHBox(s.back, s.clear, layout.NewSpacer(), s.save)
	return page(heading(tr.T(translations.AttestTitle)), container.NewCenter(body), bottom)
}

func (s *attest) onSave() {
	tr := s.k.Tr
	if s.pad.empty() {
		s.message.SetText(tr.T(translations.AttestNoSignature))
		return
	}
	s.so.adultSig = s.pad.PNG()
	body := s.so.body(s.k.Pack, s.k.Now())
	err := s.k.Signer.SaveRecord(s.k.ctx, body, s.so.attachments(tr)...)
	switch {
	case err == nil:
		s.k.nav.Show(newSaved(s.k, s.so, tr.T(translations.SavedBody, map[string]any{"Name": s.so.pupil.Name(), "Adult": s.so.adult.Name})))
	case errors.Is(err, store.ErrAlreadySaved): // saved before a crash: never a second record
		s.k.nav.Show(newSaved(s.k, s.so, tr.T(translations.CountersignAlready)))
	case errors.Is(err, store.ErrDiskFull): // nothing written; the answers stay here and in the draft
		s.message.SetText(tr.T(translations.CountersignDiskFull))
	default:
		s.message.SetText(tr.T(translations.CountersignSaveFailed))
	}
}

func (s *attest) onIdle() { s.k.nav.Show(newCountersign(s.k, s.so)) }

func (s *attest) targets() []*Target { return []*Target{s.save, s.clear, s.back} }
