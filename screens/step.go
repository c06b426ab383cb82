package screens

import (
	"io/fs"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// step shows one statement (or the consequences, or the agreement) and
// takes the pupil's answer. Answers sit in the same place on every step.
type step struct {
	k       *Kiosk
	so      *signOff
	i       int
	back    *Target
	agree   *Target
	notSure *Target
}

func newStep(k *Kiosk, so *signOff, i int) *step { return &step{k: k, so: so, i: i} }

func (s *step) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, s.so.pupil.Language
	st := s.so.steps[s.i]
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	s.agree = NewTarget(tr.T(translations.RuleAgree), sizeAnswer, AgreeFill, func() { s.onAnswer(record.AnswerAgree) })
	s.notSure = NewTarget(tr.T(translations.RuleNotSure), sizeAnswer, UnsureFil, func() { s.onAnswer(record.AnswerNotSure) })

	progress := note(tr.T(translations.RuleProgress, map[string]any{"N": s.i + 1, "Total": len(s.so.steps)}))
	top := container.NewBorder(nil, nil, s.back, nil, progress)
	s.narrate(st, lang)
	return page(top, container.NewCenter(s.body(st, lang)), row(answerGap, s.agree, s.notSure))
}

func (s *step) body(st policy.Step, lang string) fyne.CanvasObject {
	if st.Section != nil {
		lines := []string{st.Section.Lead.In(lang), ""}
		for _, x := range st.Section.Statements {
			lines = append(lines, "•  "+x.Text.In(lang))
		}
		l := widget.NewLabel(strings.Join(lines, "\n"))
		l.SizeName, l.Wrapping = SizeSection, fyne.TextWrapWord
		return column(widthPupilText, l)
	}
	text := sentence(st.Statement.Text.In(lang))
	box := container.NewVBox()
	if s.so.band.Headings && st.Rule.Heading.In(lang) != "" {
		box.Add(heading(s.k.Tr.T(translations.RuleHeading, map[string]any{"Letter": st.Rule.ID, "Heading": st.Rule.Heading.In(lang)})))
	}
	box.Add(text)
	return column(widthPupilText, box)
}

// narrate starts the step's clip when the pupil's profile asks for it.
// Nothing waits for it: a machine without sound simply stays quiet.
func (s *step) narrate(st policy.Step, lang string) {
	if s.k.Narrator == nil || !s.so.pupil.Profile.AutoPlay {
		return
	}
	var clip policy.Clip
	if st.Section != nil {
		clip = st.Section.Narration
	} else {
		clip = st.Statement.Narration
	}
	path := clip[lang]
	if path == "" {
		path = clip[policy.DefaultLang]
	}
	if path == "" {
		return
	}
	if data, err := fs.ReadFile(s.k.PackFS, path); err == nil {
		_ = s.k.Narrator.Play(data, nil)
	}
}

func (s *step) cleanup() {
	if s.k.Narrator != nil {
		s.k.Narrator.Stop()
	}
}

func (s *step) onAnswer(answer string) {
	s.so.answer(s.i, answer, s.k.Now())
	if s.i+1 < len(s.so.steps) {
		s.k.nav.Show(newStep(s.k, s.so, s.i+1))
		return
	}
	s.k.nav.Show(newCountersign(s.k, s.so))
}

func (s *step) onBack() {
	if s.i == 0 {
		s.k.nav.Show(newWelcome(s.k, s.so))
		return
	}
	s.k.nav.Show(newStep(s.k, s.so, s.i-1))
}

func (s *step) targets() []*Target { return []*Target{s.agree, s.notSure, s.back} }
