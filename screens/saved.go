package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"smartkiosk/policy"
	"smartkiosk/translations"
)

// saved celebrates with the pupil once the sign-off is committed and tells
// the adult it is saved. The pupil may be holding the tablet, so going on
// to the class list needs an adult's PIN again.
type saved struct {
	k    *Kiosk
	so   *signOff
	text string
	done *Target
	stop *Target
}

func newSaved(k *Kiosk, so *signOff, text string) *saved {
	return &saved{k: k, so: so, text: text}
}

func (s *saved) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	s.done = NewTarget(tr.T(translations.SavedDone), sizeAnswer, AgreeFill, s.onDone)
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UICelebrate))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(30), MM(30)))
	body := container.NewVBox(icon, heading(tr.T(translations.FinishedTitle)), note(tr.T(translations.SavedTitle)+": "+s.text))
	s.k.say(s.k.uiClip(s.so.pupil.Language, policy.UIFinished))
	s.stop = s.k.stopTarget()
	return page(container.NewHBox(layout.NewSpacer(), s.stop), container.NewCenter(column(widthPupilText, body)), row(0, s.done))
}

func (s *saved) onDone() {
	class := s.so.pupil.Class
	s.k.nav.Access = adultAccess
	s.k.nav.Show(newSignInThen(s.k, translations.SavedNextPrompt, func() { s.k.nav.Show(newPupils(s.k, class)) }))
}

func (s *saved) pupilFacing() {}

func (s *saved) cleanup() { s.k.hush() }

func (s *saved) targets() []*Target { return []*Target{s.done, s.stop} }
