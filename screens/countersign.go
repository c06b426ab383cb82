package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

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
	// The pupil may still be looking: nothing here but the hand-back and
	// the pad (the summary of the answers waits for the adult's PIN).
	top := container.NewBorder(nil, nil, container.NewVBox(s.k.corner(s.so, s)), nil, heading(tr.T(translations.HandoverTitle)))
	return s.pad.page(top, tr.T(translations.CountersignEnterPIN), s.back, s.confirm)
}

func (s *countersign) pupilFacing() {}

func (s *countersign) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *countersign) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }

func (s *countersign) onBack() { s.k.nav.Show(newMark(s.k, s.so)) }

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
