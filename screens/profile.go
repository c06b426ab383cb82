package screens

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// profileEditor lets the adult set a pupil's access profile, which every
// pupil screen then follows. It opens from the pupil's page, or in the
// middle of a sign-off from the adult menu (inFlow).
type profileEditor struct {
	k       *Kiosk
	so      *signOff
	p       store.Profile
	actor   int64 // the adult changing it, for the audit log
	inFlow  bool
	all     []*Target
	save    *Target
	cancel  *Target
	message *widget.Label
	done    func() // where Save and Cancel go
}

func newProfileEditor(k *Kiosk, so *signOff, actor int64, done func()) *profileEditor {
	return &profileEditor{k: k, so: so, p: so.pupil.Profile, actor: actor, done: done}
}

// onIdle goes back where the editor came from unsaved: in a sign-off, to
// the pupil's screen; otherwise the adult area locks.
func (s *profileEditor) onIdle() {
	if s.inFlow {
		s.done()
		return
	}
	s.k.lock("idle")
}

func (s *profileEditor) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.all = nil
	s.save = newAdultTarget(tr.T(translations.ProfileSave), sizeAdultAnswer, s.onSave)
	s.save.Fill = AgreeFill
	s.cancel = newAdultTarget(tr.T(translations.ProfileCancel), sizeAdultAnswer, s.onCancel)
	s.message = note("")
	p := &s.p
	on, off := tr.T(translations.ProfileOn), tr.T(translations.ProfileOff)
	left := container.NewVBox(
		s.choice(tr.T(translations.ProfileAutoPlay), []string{on, off}, boolIndex(p.AutoPlay), func(i int) { p.AutoPlay = i == 0 }),
		s.choice(tr.T(translations.ProfileAnswers), []string{tr.T(translations.ProfileStandard), tr.T(translations.ProfileTwoChoice)},
			boolIndex(p.AnswerMode == store.AnswerStandard), func(i int) { p.AnswerMode = pick(i, store.AnswerStandard, store.AnswerTwoChoice) }),
		s.choice(tr.T(translations.ProfileMark), []string{tr.T(translations.ProfileDraw), tr.T(translations.ProfileBigTick)},
			boolIndex(p.MarkType == store.MarkDraw), func(i int) { p.MarkType = pick(i, store.MarkDraw, store.MarkTick) }),
		s.choice(tr.T(translations.ProfileScan), []string{tr.T(translations.ProfileTwoSwitch), tr.T(translations.ProfileAutoScan)},
			boolIndex(p.ScanMode == store.ScanTwoSwitch), func(i int) { p.ScanMode = pick(i, store.ScanTwoSwitch, store.ScanAuto) }),
	)
	right := container.NewVBox(
		s.stepper(translations.ProfileScanStep, &p.ScanStepMS, 500, 500, 5000),
		s.stepper(translations.ProfileTapGuard, &p.TapGuardMS, 250, 0, 2000),
		s.stepper(translations.ProfileRepeat, &p.RepeatFilterMS, 250, 0, 2000),
		s.choice(tr.T(translations.ProfileHold, map[string]any{"Seconds": seconds(p.HoldMS)}), holdLabels(), holdIndex(p.HoldMS),
			func(i int) { p.HoldMS = store.HoldChoices[i] }),
		s.choice(tr.T(translations.ProfileSpeak), []string{on, off}, boolIndex(p.SpeakHighlight), func(i int) { p.SpeakHighlight = i == 0 }),
	)
	title := widget.NewLabelWithStyle(tr.T(translations.ProfileTitle, map[string]any{"Name": s.so.pupil.Name()}), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := vscroll(container.NewGridWithColumns(2, left, right)) // scrolls on a smaller screen
	bottom := container.NewBorder(nil, nil, s.cancel, s.save, s.message)
	return page(title, body, bottom)
}

// choice is a labelled row of options; the chosen one is filled green.
func (s *profileEditor) choice(label string, options []string, chosen int, set func(int)) fyne.CanvasObject {
	row := container.NewGridWithColumns(len(options))
	for i, o := range options {
		fill := color.Color(CardFill)
		if i == chosen {
			fill = AgreeFill
		}
		t := newAdultTarget(o, sizeSetting, func() { set(i); s.k.nav.Show(s) })
		t.Fill = fill
		s.all = append(s.all, t)
		row.Add(t)
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(2), settingLabel(label), row)
}

// stepper changes a time setting in steps between lo and hi.
func (s *profileEditor) stepper(m *translations.Message, v *int, step, lo, hi int) fyne.CanvasObject {
	tr := s.k.Tr
	less := newAdultTarget(tr.T(translations.ProfileLess), sizeSetting, func() { *v = max(lo, *v-step); s.k.nav.Show(s) })
	more := newAdultTarget(tr.T(translations.ProfileMore), sizeSetting, func() { *v = min(hi, *v+step); s.k.nav.Show(s) })
	s.all = append(s.all, less, more)
	return container.New(layout.NewCustomPaddedVBoxLayout(2), settingLabel(tr.T(m, map[string]any{"Seconds": seconds(*v)})), container.NewGridWithColumns(2, less, more))
}

func (s *profileEditor) onSave() {
	if err := s.k.Roster.SetProfile(s.k.ctx, s.actor, s.so.pupil.ID, s.p); err != nil {
		s.message.SetText(s.k.Tr.T(translations.ProfileSaveFailed))
		return
	}
	s.so.pupil.Profile = s.p
	s.onCancel()
}

func (s *profileEditor) onCancel() { s.done() }

func (s *profileEditor) targets() []*Target {
	return append(append([]*Target{}, s.all...), s.save, s.cancel)
}

func boolIndex(first bool) int {
	if first {
		return 0
	}
	return 1
}

func pick(i int, first, second string) string {
	if i == 0 {
		return first
	}
	return second
}

func seconds(ms int) string { return fmt.Sprintf("%.2g", float64(ms)/1000) }

func holdLabels() []string {
	out := make([]string, len(store.HoldChoices))
	for i, ms := range store.HoldChoices {
		out[i] = seconds(ms)
	}
	return out
}

func holdIndex(ms int) int {
	for i, v := range store.HoldChoices {
		if v == ms {
			return i
		}
	}
	return 0
}

// settingLabel names a setting on one line.
func settingLabel(text string) *canvas.Text {
	l := canvas.NewText(text, Ink)
	l.TextSize = 22 * uiScale
	return l
}
