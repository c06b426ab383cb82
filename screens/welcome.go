package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"smartkiosk/policy"
	"smartkiosk/translations"
)

// welcome greets the pupil before the first rule: the first screen of the
// sealed flow. Its only way back is the adult corner.
type welcome struct {
	k     *Kiosk
	so    *signOff
	start *Target
	stop  *Target
}

func newWelcome(k *Kiosk, so *signOff) *welcome { return &welcome{k: k, so: so} }

func (s *welcome) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	s.start = NewTarget(tr.T(translations.WelcomeStart), sizeAnswer, AgreeFill, s.onStart).WithIcon(s.k.uiSymbol(policy.UIAgree))
	s.start.Clip = s.k.uiClip(s.so.pupil.Language, policy.UIStart)
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UIHello))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(18), MM(18)))
	body := container.NewVBox(
		icon,
		heading(tr.T(translations.WelcomeHello, map[string]any{"Name": s.so.pupil.GivenName})),
		sentence(tr.T(translations.WelcomeIntro)),
	)
	if s.so.pupil.Profile.AutoPlay {
		s.k.say(s.k.uiClip(s.so.pupil.Language, policy.UIWelcome))
	}
	s.stop = s.k.stopTarget()
	top := container.NewHBox(container.NewVBox(s.k.corner(s.so, s)), layout.NewSpacer(), s.stop)
	return page(top, container.NewCenter(column(widthPupilText, body)), row(0, s.start))
}

func (s *welcome) pupilFacing() {}
func (s *welcome) onStart()     { s.k.nav.Show(newStep(s.k, s.so, 0)) }
func (s *welcome) cleanup()     { s.k.hush() }

func (s *welcome) targets() []*Target { return []*Target{s.start, s.stop} }
