package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// mark is "your turn to make your mark": the pupil draws on a pad, or
// chooses one big tick (the pupil's profile says which comes first; either
// can switch to the other, so a switch user can always finish).
type mark struct {
	k        *Kiosk
	so       *signOff
	tickMode bool
	pad      *signaturePad
	message  *widget.Label

	done, tick, clear, swap, back, stop *Target
}

func newMark(k *Kiosk, so *signOff) *mark {
	return &mark{k: k, so: so, tickMode: so.pupil.Profile.MarkType == store.MarkTick}
}

func (s *mark) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, s.so.pupil.Language
	s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	s.message = note("")
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UIWrite))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(11), MM(11)))
	words := heading(tr.T(translations.MarkTitle))
	words.Wrapping = fyne.TextWrapOff
	title := container.NewHBox(layout.NewSpacer(), icon, words, layout.NewSpacer())
	s.stop = s.k.stopTarget()
	left := container.NewHBox(container.NewVBox(s.k.corner(s.so, s)), container.NewVBox(s.back))
	top := container.NewVBox(container.NewBorder(nil, nil, left, s.stop), title)
	s.k.say(s.k.uiClip(lang, policy.UIYourTurn))
	if s.tickMode {
		s.tick = NewTarget(tr.T(translations.MarkTick), fyne.NewSize(MM(70), MM(50)), AgreeFill, s.onTick).WithIcon(s.k.uiSymbol(policy.UIMark))
		s.swap = NewTarget(tr.T(translations.MarkUsePad), sizeSmall.AddWidthHeight(MM(15), 0), CardFill, s.onSwap)
		return page(top, container.NewCenter(s.tick), container.NewHBox(layout.NewSpacer(), s.swap))
	}
	s.pad = newSignaturePad(fyne.NewSize(MM(170), MM(41)))
	s.pad.onChange = func() { s.message.SetText("") }
	s.done = NewTarget(tr.T(translations.MarkDone), sizeAnswer, AgreeFill, s.onDone).WithIcon(s.k.uiSymbol(policy.UIMark))
	s.clear = NewTarget(tr.T(translations.MarkClear), sizeSmall, CardFill, s.pad.clear)
	s.swap = NewTarget(tr.T(translations.MarkUseTick), sizeSmall, CardFill, s.onSwap)
	body := container.NewVBox(container.NewCenter(s.pad), s.message)
	bottom := container.NewHBox(s.clear, layout.NewSpacer(), s.done, layout.NewSpacer(), s.swap)
	return page(top, body, bottom)
}

func (s *mark) onDone() {
	if s.pad.empty() {
		s.message.SetText(s.k.Tr.T(translations.MarkEmpty))
		return
	}
	s.so.mark = s.pad.PNG()
	s.k.nav.Show(newCountersign(s.k, s.so))
}

func (s *mark) onTick() {
	s.so.mark = tickPNG()
	s.k.nav.Show(newCountersign(s.k, s.so))
}

func (s *mark) onSwap() {
	s.tickMode = !s.tickMode
	s.k.nav.Show(s)
}

func (s *mark) onBack() { s.k.nav.Show(newStep(s.k, s.so, len(s.so.steps)-1)) }

func (s *mark) cleanup() { s.k.hush() }

func (s *mark) pupilFacing() {}

func (s *mark) targets() []*Target {
	if s.tickMode {
		return []*Target{s.tick, s.swap, s.back, s.stop}
	}
	return []*Target{s.done, s.swap, s.clear, s.back, s.stop}
}
