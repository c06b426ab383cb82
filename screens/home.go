package screens

import (
	"smartkiosk/translations"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
)

// home lets the adult choose a class.
type home struct {
	k       *Kiosk
	classes []*Target
	credits *Target
}

func newHome(k *Kiosk) *home { return &home{k: k} }

func (s *home) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	names, err := s.k.Roster.Classes(s.k.ctx)
	if err != nil {
		return page(heading(tr.T(translations.AppTitle)), note(tr.T(translations.HomeLoadFailed)), nil)
	}
	if len(names) == 0 {
		return page(heading(tr.T(translations.AppTitle)), note(tr.T(translations.HomeNoPupils)), nil)
	}
	for _, name := range names {
		s.classes = append(s.classes, NewTarget(name, sizePupilTarget, CardFill, func() { s.onClass(name) }))
	}
	s.credits = newAdultTarget(tr.T(translations.CreditsOpen), sizeAdultAnswer, func() { s.k.nav.Show(newCredits(s.k)) })
	top := container.NewVBox(heading(s.k.Pack.School.Name), note(tr.T(translations.HomeChooseClass)))
	return page(top, container.NewVScroll(grid(3, s.classes...)), container.NewHBox(layout.NewSpacer(), s.credits))
}

func (s *home) onClass(name string) { s.k.nav.Show(newPupils(s.k, name)) }

func (s *home) targets() []*Target {
	if s.credits == nil {
		return s.classes
	}
	return append(append([]*Target{}, s.classes...), s.credits)
}
