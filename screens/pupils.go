package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// pupils is a class's list in the adult area: each pupil with where they
// are with the current policy version.
type pupils struct {
	k      *Kiosk
	class  string
	back   *Target
	pupils []*Target
}

func newPupils(k *Kiosk, class string) *pupils { return &pupils{k: k, class: class} }

func (s *pupils) adultOnly() {}

func (s *pupils) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.pupils = nil
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	list, err := s.k.Roster.ClassStatus(s.k.ctx, s.k.statusQuery(s.class))
	if err != nil {
		return page(container.NewHBox(s.back), note(tr.T(translations.HomeLoadFailed)), nil)
	}
	for _, st := range list {
		t := newAdultTarget(st.Pupil.Name()+"\n"+s.k.statusLine(st), fyne.NewSize(MM(95), MM(25)), func() {
			s.k.nav.Show(newPupilPage(s.k, st.Pupil.ID))
		})
		if st.State == store.StateSigned && st.FollowUps == 0 {
			t.Fill = AgreeFill
		}
		s.pupils = append(s.pupils, t)
	}
	title := heading(tr.T(translations.HomeChoosePupil, map[string]any{"Class": s.class}))
	top := container.NewBorder(nil, nil, s.back, nil, title)
	return page(top, vscroll(grid(2, s.pupils...)), nil)
}

func (s *pupils) targets() []*Target { return append(append([]*Target{}, s.pupils...), s.back) }

// statusLine says in a few words where a pupil is.
func (k *Kiosk) statusLine(st store.PupilStatus) string {
	tr := k.Tr
	var parts []string
	switch st.State {
	case store.StateSigned:
		parts = append(parts, tr.T(translations.StatusSigned, map[string]any{"Version": k.Pack.Version}))
		if st.FollowUps > 0 {
			parts = append(parts, tr.T(translations.StatusFollowUp, map[string]any{"Count": st.FollowUps}))
		}
		if st.Supported {
			parts = append(parts, tr.T(translations.StatusSupported))
		}
	case store.StateDraft:
		parts = append(parts, tr.T(translations.StatusDraft))
	default:
		parts = append(parts, tr.T(translations.StatusNotStart))
	}
	switch _, hasForm := k.Pack.FormOfKind(policy.KindParent); {
	case !hasForm: // a pack with no parent/carer form asks for none
	case st.ParentAck:
		parts = append(parts, tr.T(translations.StatusParentOK))
	default:
		parts = append(parts, tr.T(translations.StatusParent))
	}
	return strings.Join(parts, " · ")
}
