package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// pupils lets the adult choose a pupil from one class.
type pupils struct {
	k      *Kiosk
	class  string
	back   *Target
	pupils []*Target
}

func newPupils(k *Kiosk, class string) *pupils { return &pupils{k: k, class: class} }

func (s *pupils) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	list, err := s.k.Roster.PupilsInClass(s.k.ctx, s.class)
	if err != nil {
		return page(s.back, note(tr.T(translations.HomeLoadFailed)), nil)
	}
	for _, p := range list {
		s.pupils = append(s.pupils, NewTarget(p.DisplayName(), sizePupilTarget, CardFill, func() { s.onPupil(p) }))
	}
	title := heading(tr.T(translations.HomeChoosePupil, map[string]any{"Class": s.class}))
	top := container.NewBorder(nil, nil, s.back, nil, title)
	return page(top, container.NewVScroll(grid(3, s.pupils...)), nil)
}

func (s *pupils) onPupil(p store.Pupil) {
	so, err := newSignOff(s.k, p)
	if err != nil {
		return // the pack has no form for this band: Validate rules it out
	}
	s.k.nav.Show(newWelcome(s.k, so))
}

func (s *pupils) targets() []*Target { return append(append([]*Target{}, s.pupils...), s.back) }
