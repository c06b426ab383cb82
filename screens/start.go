package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// start is the locked kiosk: the school's name and a way in for adults.
// It shows no pupil data, so a tablet left on a desk gives nothing away.
type start struct {
	k         *Kiosk
	signIn    *Target
	credits   *Target
	about     *Target
	reception []*Target // a reception tablet's self-service sign-offs
}

func newStart(k *Kiosk) *start { return &start{k: k} }

func (s *start) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.credits = newAdultTarget(tr.T(translations.CreditsOpen), sizeAdultAnswer, func() { s.k.nav.Show(newCredits(s.k)) })
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UIHello))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(30), MM(30)))
	s.about = newAdultTarget(tr.T(translations.ReceptionAbout), sizeAdultAnswer, func() { s.k.nav.Show(newAbout(s.k, s.k.showStart)) })
	mode := s.k.tabletMode()
	s.reception, s.signIn = nil, nil
	if mode != signoff.TabletClassroom {
		s.reception = s.receptionTargets()
	}
	body := container.NewVBox(heading(s.k.Pack.School.Name))
	if len(s.reception) == 0 {
		body = container.NewVBox(icon, heading(s.k.Pack.School.Name), sentence(tr.T(translations.StartWelcome)))
	}
	for _, t := range s.reception {
		body.Add(container.NewCenter(t))
	}
	signIn := tr.T(translations.StartSignIn)
	corner := container.NewHBox(s.about, layout.NewSpacer(), s.credits)
	switch ok, err := s.k.Adults.HasStaff(s.k.ctx); {
	case err == nil && !ok:
		body.Add(note(tr.T(translations.StartNoStaff)))
	case len(s.reception) > 0:
		// The reception choices fill the screen; the adults' way in (for
		// pupils' sign-offs, the office and IT) sits with the corners.
		s.signIn = newAdultTarget(signIn, sizeAdultAnswer, s.onSignIn)
		corner = container.NewHBox(s.about, layout.NewSpacer(), s.signIn, s.credits)
	default:
		s.signIn = NewTarget(signIn, sizeSmall.AddWidthHeight(MM(20), 0), CardFill, s.onSignIn)
		body.Add(container.NewCenter(s.signIn))
	}
	return page(nil, container.NewCenter(column(widthPupilText, body)), corner)
}

func (s *start) onSignIn() { s.k.nav.Show(newSignIn(s.k)) }

func (s *start) targets() []*Target {
	out := append([]*Target{}, s.reception...)
	if s.signIn != nil {
		out = append(out, s.signIn)
	}
	return append(out, s.about, s.credits)
}

// signIn takes an adult's own PIN and opens the adult area, then goes on:
// to the adult home from the start screen, to the class list after a
// pupil's celebration. It shows no pupil data; Back locks the kiosk.
type signIn struct {
	k      *Kiosk
	prompt *translations.Message
	then   func()
	pad    *pinPad
	open   *Target
	back   *Target
}

func newSignIn(k *Kiosk) *signIn { return newSignInThen(k, translations.StartPrompt, k.showHome) }

func newSignInThen(k *Kiosk, prompt *translations.Message, then func()) *signIn {
	return &signIn{k: k, prompt: prompt, then: then, pad: newPinPad(k)}
}

func (s *signIn) pupilFacing() {}

func (s *signIn) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.open = NewTarget(tr.T(translations.StartOpen), sizeSmall, AgreeFill, s.onOpen)
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showStart)
	return s.pad.page(heading(tr.T(translations.StartSignIn)), tr.T(s.prompt), s.back, s.open)
}

func (s *signIn) onOpen() {
	if adult, ok := s.pad.check(); ok {
		s.k.signIn(adult)
		s.then()
	}
}

func (s *signIn) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *signIn) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }
func (s *signIn) targets() []*Target {
	return append([]*Target{s.open}, append(s.pad.targets(), s.back)...)
}
func (s *closeKiosk) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *closeKiosk) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }

// closeKiosk asks for an adult's PIN before the app closes (kiosk mode:
// the window's close button comes here); Cancel goes back to where it was.
type closeKiosk struct {
	k       *Kiosk
	pad     *pinPad
	back    screen
	access  Access
	confirm *Target
	cancel  *Target
}

func newCloseKiosk(k *Kiosk, back screen, access Access) *closeKiosk {
	return &closeKiosk{k: k, pad: newPinPad(k), back: back, access: access}
}

func (s *closeKiosk) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.hush()
	s.k.nav.Access = adultAccess
	s.confirm = NewTarget(tr.T(translations.CloseConfirm), sizeSmall, CardFill, s.onConfirm)
	s.cancel = NewTarget(tr.T(translations.CloseCancel), sizeSmall, AgreeFill, s.onCancel)
	return s.pad.page(heading(tr.T(translations.CloseTitle)), tr.T(translations.ClosePrompt), s.cancel, s.confirm)
}

func (s *closeKiosk) onConfirm() {
	adult, ok := s.pad.check()
	if !ok {
		return
	}
	_ = s.k.Adults.Audit(s.k.ctx, adult.ID, store.AuditKioskClosed, "")
	if s.k.Quit != nil {
		s.k.Quit()
	}
}

func (s *closeKiosk) onCancel() {
	s.k.nav.Access = s.access
	if s.back == nil {
		s.k.showStart()
		return
	}
	s.k.nav.Show(s.back)
}

func (s *closeKiosk) targets() []*Target {
	return append([]*Target{s.cancel}, append(s.pad.targets(), s.confirm)...)
}
