package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"smartkiosk/translations"
)

// welcome greets the pupil before the first rule.
type welcome struct {
	k     *Kiosk
	so    *signOff
	stop  *Target
	start *Target
}

func newWelcome(k *Kiosk, so *signOff) *welcome { return &welcome{k: k, so: so} }

func (s *welcome) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.TapGuard = time.Duration(s.so.pupil.Profile.TapGuardMS) * time.Millisecond
	s.stop = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	s.start = NewTarget(tr.T(translations.WelcomeStart), sizeAnswer, AgreeFill, s.onStart)
	body := container.NewVBox(
		heading(tr.T(translations.WelcomeHello, map[string]any{"Name": s.so.pupil.GivenName})),
		sentence(tr.T(translations.WelcomeIntro)),
	)
	return page(container.NewHBox(s.stop), container.NewCenter(column(widthPupilText, body)), row(0, s.start))
}

func (s *welcome) onStart() { s.k.nav.Show(newStep(s.k, s.so, 0)) }

func (s *welcome) targets() []*Target { return []*Target{s.start, s.stop} }
