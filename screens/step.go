package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// step shows one statement (or the consequences, or the agreement) as
// pictures, words and narration, and takes the pupil's answer. Replay, Stop
// and the answers sit in the same place on every step.
type step struct {
	k       *Kiosk
	so      *signOff
	i       int
	replays int

	back, replay, stop *Target
	agree, notSure     *Target
}

func newStep(k *Kiosk, so *signOff, i int) *step { return &step{k: k, so: so, i: i} }

func (s *step) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, s.so.pupil.Language
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	st := s.so.steps[s.i]
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	s.replay = NewTarget(tr.T(translations.RuleReplay), sizeReplay, CardFill, s.onReplay).WithIcon(s.k.uiSymbol(policy.UIReplay))
	s.stop = s.k.stopTarget()
	s.agree = NewTarget(tr.T(translations.RuleAgree), sizeAnswer, AgreeFill, func() { s.onAnswer(record.AnswerAgree) }).WithIcon(s.k.uiSymbol(policy.UIAgree))
	s.notSure = NewTarget(tr.T(translations.RuleNotSure), sizeAnswer, UnsureFil, func() { s.onAnswer(record.AnswerNotSure) }).WithIcon(s.k.uiSymbol(policy.UINotSure))
	s.agree.Clip, s.notSure.Clip = s.k.uiClip(lang, policy.UIAgree), s.k.uiClip(lang, policy.UINotSure)
	s.back.Clip = s.k.uiClip(lang, policy.UIBack)
	progress := container.NewCenter(progressBar(s.i, len(s.so.steps)))
	left := container.NewHBox(container.NewVBox(s.k.corner(s.so, s)), container.NewVBox(s.back))
	top := container.NewBorder(nil, nil, left, container.NewHBox(s.stop, s.replay), progress)
	answers := row(answerGap, s.agree, s.notSure)
	s.narrate(st)
	return page(top, container.NewCenter(s.body(st, lang)), answers)
}

func (s *step) body(st policy.Step, lang string) fyne.CanvasObject {
	if st.Section != nil {
		lines := []string{st.Section.Lead.In(lang), ""}
		for _, x := range st.Section.Statements {
			lines = append(lines, "•  "+x.Text.In(lang))
		}
		l := widget.NewLabel(strings.Join(lines, "\n"))
		l.SizeName, l.Wrapping = SizeSection, fyne.TextWrapWord
		strip := container.NewVBox(s.symbols(st.Section.Symbols, lang, MM(11), theme.SizeNameText)...)
		return container.NewHBox(strip, column(MM(165), l))
	}
	box := container.NewVBox()
	if s.so.band.Headings && st.Rule.Heading.In(lang) != "" {
		box.Add(heading(s.k.Tr.T(translations.RuleHeading, map[string]any{"Letter": st.Rule.ID, "Heading": st.Rule.Heading.In(lang)})))
	}
	text := sentence(st.Statement.Text.In(lang))
	if !s.so.band.SymbolLed() { // reading with support: the picture beside the sentence
		text.Alignment = fyne.TextAlignLeading
		box.Add(container.NewHBox(s.strip(st.Statement.Symbols, lang, MM(17), theme.SizeNameText), column(MM(105), text)))
		return box
	}
	size := MM(22)
	if s.so.band.Headings {
		size = MM(18) // room for the heading
	}
	box.Add(container.NewCenter(s.strip(st.Statement.Symbols, lang, size, SizeTarget)))
	box.Add(column(widthPupilText, text))
	return box
}

// strip is a row of key symbols, each with its caption word under it.
func (s *step) strip(symbols []policy.Symbol, lang string, size float32, captionSize fyne.ThemeSizeName) fyne.CanvasObject {
	return container.NewHBox(s.symbols(symbols, lang, size, captionSize)...)
}

// symbols are key pictures, each with its caption word under it.
func (s *step) symbols(symbols []policy.Symbol, lang string, size float32, captionSize fyne.ThemeSizeName) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, sym := range symbols {
		img := canvas.NewImageFromResource(s.k.picture(sym.File))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(size, size))
		caption := widget.NewLabel(sym.Caption.In(lang))
		caption.Alignment, caption.TextStyle, caption.SizeName = fyne.TextAlignCenter, fyne.TextStyle{Bold: true}, captionSize
		out = append(out, container.NewVBox(img, caption))
	}
	return out
}

// narration is what the step says in the pupil's language: the rule's
// heading ("S is for Safe") where the band shows headings, then the words.
func (s *step) narration(st policy.Step) [][]byte {
	lang := s.so.pupil.Language
	if st.Section != nil {
		return [][]byte{s.k.clip(clipPath(st.Section.Narration, lang))}
	}
	var clips [][]byte
	if s.so.band.Headings {
		clips = append(clips, s.k.clip(clipPath(st.Rule.Narration, lang)))
	}
	return append(clips, s.k.clip(clipPath(st.Statement.Narration, lang)))
}

// narrate starts the step's narration when the pupil's profile asks for it.
// Nothing waits for it.
func (s *step) narrate(st policy.Step) {
	if s.so.pupil.Profile.AutoPlay {
		s.k.say(s.narration(st)...)
	}
}

func (s *step) onReplay() {
	s.replays++
	s.k.say(s.narration(s.so.steps[s.i])...)
}

func (s *step) cleanup() { s.k.hush() }

func (s *step) onAnswer(answer string) {
	s.so.answer(s.i, answer, s.replays, s.k.Now())
	if s.i+1 < len(s.so.steps) {
		s.k.nav.Show(newStep(s.k, s.so, s.i+1))
		return
	}
	s.k.nav.Show(newMark(s.k, s.so))
}

func (s *step) onBack() {
	if s.i == 0 {
		s.k.nav.Show(newWelcome(s.k, s.so))
		return
	}
	s.k.nav.Show(newStep(s.k, s.so, s.i-1))
}

func (s *step) pupilFacing() {}

func (s *step) targets() []*Target { return []*Target{s.agree, s.notSure, s.replay, s.stop, s.back} }

// progressBar shows how far through the steps the pupil is, as a bar that
// fills (no numbers: many pupils do not read them, and counts are for adults).
func progressBar(i, total int) fyne.CanvasObject {
	w, h := MM(60), MM(3.5)
	track := canvas.NewRectangle(CardFill)
	track.StrokeColor, track.StrokeWidth, track.CornerRadius = CardLine, 2, h/2
	track.SetMinSize(fyne.NewSize(w, h))
	done := canvas.NewRectangle(RingOuter)
	done.CornerRadius = h / 2
	done.Resize(fyne.NewSize(w*float32(i+1)/float32(max(total, 1)), h))
	return container.NewStack(track, container.NewWithoutLayout(done))
}
