package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// saved confirms a committed sign-off and returns to the class list.
type saved struct {
	k     *Kiosk
	so    *signOff
	adult store.Staff
	text  string
	done  *Target
}

func newSaved(k *Kiosk, so *signOff, adult store.Staff, text string) *saved {
	return &saved{k: k, so: so, adult: adult, text: text}
}

func (s *saved) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.done = NewTarget(tr.T(translations.SavedDone), sizeAnswer, AgreeFill, s.onDone)
	body := container.NewVBox(heading(tr.T(translations.SavedTitle)), note(s.text))
	return page(nil, container.NewCenter(column(widthPupilText, body)), row(0, s.done))
}

func (s *saved) onDone() { s.k.nav.Show(newPupils(s.k, s.so.pupil.Class)) }

func (s *saved) targets() []*Target { return []*Target{s.done} }
