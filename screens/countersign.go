package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"smartkiosk/policy"
	"smartkiosk/translations"
)

// countersign is where the supporting adult takes the tablet back and
// identifies themselves with their own PIN (never a shared one). Then they
// record what they observed (observe) and sign under it (attest). Until
// the record is saved the sign-off stays a draft.
type countersign struct {
	k       *Kiosk
	so      *signOff
	pad     *pinPad
	confirm *Target
	back    *Target
}

func newCountersign(k *Kiosk, so *signOff) *countersign {
	return &countersign{k: k, so: so, pad: newPinPad(k)}
}

func (s *countersign) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	_ = s.so.saveDraft()         // the pupil's part, mark included, is kept (best effort, as in answer)
	s.k.nav.Access = adultAccess // the adult's turn
	s.k.say(s.k.uiClip(s.so.pupil.Language, policy.UIHandBack))
	s.confirm = NewTarget(tr.T(translations.ObserveNext), sizeSmall, AgreeFill, s.onConfirm)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	info, pad := s.pad.build(tr.T(translations.CountersignEnterPIN))
	info = append([]fyne.CanvasObject{
		note(tr.T(translations.CountersignTitle, map[string]any{"Name": s.so.pupil.DisplayName()})),
		note(s.summary()),
	}, info...)
	body := container.NewGridWithColumns(2, container.NewCenter(column(widthHalf, container.NewVBox(info...))), container.NewCenter(pad))
	bottom := container.NewHBox(s.back, layout.NewSpacer(), s.confirm)
	return page(heading(tr.T(translations.HandoverTitle)), body, bottom)
}

func (s *countersign) summary() string {
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

func (s *countersign) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *countersign) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }

func (s *countersign) onBack() {
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	s.k.nav.Show(newMark(s.k, s.so))
}

func (s *countersign) onConfirm() {
	adult, ok := s.pad.check()
	if !ok {
		return
	}
	s.so.adult = adult
	s.k.nav.Show(newObserve(s.k, s.so))
}

func (s *countersign) cleanup() { s.k.hush() }

func (s *countersign) targets() []*Target {
	return append(append([]*Target{s.confirm}, s.pad.targets()...), s.back)
}
