package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

const maxPIN = 12

// countersign is where the supporting adult identifies themselves with their
// own PIN and the sign-off is saved. "Saved" is shown only after the commit.
type countersign struct {
	k       *Kiosk
	so      *signOff
	pin     string
	dots    *widget.Label
	message *widget.Label
	confirm *Target
	clear   *Target
	back    *Target
	keys    []*Target
}

func newCountersign(k *Kiosk, so *signOff) *countersign { return &countersign{k: k, so: so} }

func (s *countersign) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	_ = s.so.saveDraft()         // the pupil's part, mark included, is kept (best effort, as in answer)
	s.k.nav.Access = adultAccess // the adult's turn
	s.k.say(s.k.uiClip(s.so.pupil.Language, policy.UIHandBack))
	s.confirm = NewTarget(tr.T(translations.CountersignConfirm), sizeSmall.AddWidthHeight(MM(30), 0), AgreeFill, s.onConfirm)
	s.clear = NewTarget(tr.T(translations.CountersignClear), sizeKey, CardFill, s.onClear)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	s.keys = nil
	for _, d := range "1234567890" {
		s.keys = append(s.keys, NewTarget(string(d), sizeKey, CardFill, func() { s.typedRune(d) }))
	}
	s.dots = heading("")
	s.message = note(tr.T(translations.CountersignEnterPIN))

	info := container.NewVBox(
		note(tr.T(translations.CountersignTitle, map[string]any{"Name": s.so.pupil.DisplayName()})),
		note(s.summary()), s.message, s.dots,
	)
	pad := grid(3, append(s.keys[:9:9], s.clear, s.keys[9])...)
	body := container.NewGridWithColumns(2, container.NewCenter(column(widthHalf, info)), container.NewCenter(pad))
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

func (s *countersign) typedRune(r rune) {
	if r < '0' || r > '9' || len(s.pin) >= maxPIN {
		return
	}
	s.pin += string(r)
	s.showPIN()
}

func (s *countersign) typedKey(k fyne.KeyName) {
	if k == fyne.KeyBackspace && s.pin != "" {
		s.pin = s.pin[:len(s.pin)-1]
		s.showPIN()
	}
}

func (s *countersign) showPIN() {
	s.dots.SetText(strings.TrimSpace(strings.Repeat("● ", len(s.pin))))
}

func (s *countersign) onClear() {
	s.pin = ""
	s.showPIN()
}

func (s *countersign) onBack() {
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	s.k.nav.Show(newMark(s.k, s.so))
}

func (s *countersign) say(m string) {
	s.message.SetText(m)
	s.message.Importance = widget.DangerImportance
	s.message.Refresh()
}

func (s *countersign) onConfirm() {
	tr := s.k.Tr
	if s.pin == "" {
		s.say(tr.T(translations.CountersignNeedPIN))
		return
	}
	adult, err := s.k.Signer.CheckPIN(s.k.ctx, s.pin)
	s.onClear()
	if err != nil {
		s.say(tr.T(translations.CountersignWrongPIN))
		return
	}
	err = s.k.Signer.SaveRecord(s.k.ctx, s.so.body(s.k.Pack, adult, s.k.Now()), s.so.attachments()...)
	switch {
	case err == nil:
		s.k.nav.Show(newSaved(s.k, s.so, tr.T(translations.SavedBody, map[string]any{"Name": s.so.pupil.DisplayName(), "Adult": adult.Name})))
	case errors.Is(err, store.ErrAlreadySaved): // saved before a crash: never a second record
		s.k.nav.Show(newSaved(s.k, s.so, tr.T(translations.CountersignAlready)))
	case errors.Is(err, store.ErrDiskFull): // nothing written; the answers stay here and in the draft
		s.say(tr.T(translations.CountersignDiskFull))
	default:
		s.say(tr.T(translations.CountersignSaveFailed))
	}
}

func (s *countersign) targets() []*Target {
	return append(append([]*Target{s.confirm}, s.keys...), s.clear, s.back)
}
