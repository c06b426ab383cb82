package screens

import (
	"io/fs"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/assets"
	"smartkiosk/translations"
)

// credits names the people and projects whose work the kiosk shows:
// OpenMoji pictures (CC BY-SA 4.0), the Andika font (OFL) and the policy.
type credits struct {
	k    *Kiosk
	back *Target
}

func newCredits(k *Kiosk) *credits { return &credits{k: k} }

func (s *credits) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	text, err := fs.ReadFile(assets.Licences(), "credits.txt")
	if err != nil {
		text = []byte(tr.T(translations.CreditsMissing))
	}
	body := widget.NewLabel(string(text))
	body.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.CreditsTitle)))
	return page(top, vscroll(body), nil)
}

func (s *credits) targets() []*Target { return []*Target{s.back} }
