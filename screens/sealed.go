package screens

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// The pupil's sign-off is sealed (DESIGN.md "Access"): from the welcome to
// the adult's countersign, nothing a pupil can tap, scan or type leaves the
// flow or opens an adult control without an adult's PIN. Starting the flow
// closes the adult area; the adult's controls (access settings, "no clear
// response", stopping) sit behind the adult corner, which opens only when
// held and then asks for a PIN; and it is never in the scan order.

// pupilFacing marks the screens a pupil may be looking at during their
// sign-off: they show nothing adult-only and lead nowhere adult-only.
type pupilFacing interface{ pupilFacing() }

// idleReturn is an adult screen inside a sign-off (after a PIN): left
// alone for IdleLock it goes back to the pupil's side rather than stay open.
type idleReturn interface{ onIdle() }

// holdToOpen is how long the adult corner must be held.
const holdToOpen = 2 * time.Second

// beginSignOff closes the adult area and shows the pupil's first screen:
// from here until the countersign, only an adult's PIN opens anything.
func (k *Kiosk) beginSignOff(first screen) {
	if k.adult != nil {
		_ = k.Adults.Audit(k.ctx, k.adult.ID, store.AuditAreaLocked, "pupil sign-off")
	}
	k.adult = nil
	k.nav.Show(first)
}

// adultCorner is the adult's way into a sign-off in progress: a small
// control in the top corner that opens only when held for holdToOpen, then
// asks for a PIN. A tap does nothing, and no switch reaches it.
type adultCorner struct {
	widget.BaseWidget
	k      *Kiosk
	text   string
	fill   *canvas.Rectangle
	anim   *fyne.Animation
	cancel func()
	onOpen func()
}

var _ desktop.Mouseable = (*adultCorner)(nil)

func newAdultCorner(k *Kiosk, onOpen func()) *adultCorner {
	c := &adultCorner{k: k, text: k.Tr.T(translations.FlowAdultCorner), onOpen: onOpen}
	c.ExtendBaseWidget(c)
	return c
}

// MouseDown starts the hold (a touch arrives as a mouse press).
func (c *adultCorner) MouseDown(*desktop.MouseEvent) {
	c.release()
	c.cancel = c.k.nav.after(holdToOpen, c.open)
	c.fill.Resize(fyne.NewSize(0, c.Size().Height))
	c.fill.Show()
	full := c.Size()
	c.anim = fyne.NewAnimation(holdToOpen, func(p float32) {
		c.fill.Resize(fyne.NewSize(full.Width*p, full.Height))
		c.fill.Refresh()
	})
	c.anim.Start()
}

// MouseUp before the hold is over cancels it.
func (c *adultCorner) MouseUp(*desktop.MouseEvent) { c.release() }

func (c *adultCorner) open() {
	c.cancel = nil
	c.release()
	c.onOpen()
}

func (c *adultCorner) release() {
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	if c.anim != nil {
		c.anim.Stop()
		c.anim = nil
	}
	if c.fill != nil {
		c.fill.Hide()
	}
}

func (c *adultCorner) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(Cream)
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = CardLine, 1, 8
	c.fill = canvas.NewRectangle(HoldFill)
	c.fill.CornerRadius = 8
	c.fill.Hide()
	label := canvas.NewText(c.text, CardLine)
	label.TextSize = 16 * uiScale
	label.Alignment = fyne.TextAlignCenter
	box := container.NewStack(bg, c.fill, container.NewCenter(label))
	min := canvas.NewRectangle(color.Transparent)
	min.SetMinSize(fyne.NewSize(MM(22), MM(10))) // an adult's target: ≥ 10 mm
	return widget.NewSimpleRenderer(container.NewStack(min, box))
}

// corner is the adult corner of a pupil screen s, opening the sign-off's
// adult menu for s.
func (k *Kiosk) corner(so *signOff, s screen) *adultCorner {
	return newAdultCorner(k, func() { k.nav.Show(newFlowGate(k, so, s)) })
}

// flowGate asks for an adult's PIN before the adult menu of a sign-off in
// progress opens. It shows no pupil data; Back returns to the pupil.
type flowGate struct {
	k      *Kiosk
	so     *signOff
	back   screen
	access Access
	pad    *pinPad
	open   *Target
	cancel *Target
}

func newFlowGate(k *Kiosk, so *signOff, back screen) *flowGate {
	return &flowGate{k: k, so: so, back: back, access: k.nav.Access, pad: newPinPad(k)}
}

func (s *flowGate) pupilFacing() {}

func (s *flowGate) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.hush()
	s.k.nav.Access = adultAccess
	s.open = NewTarget(tr.T(translations.StartOpen), sizeSmall, AgreeFill, s.onOpen)
	s.cancel = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onCancel)
	return s.pad.page(heading(tr.T(translations.FlowGateTitle)), tr.T(translations.FlowGatePrompt), s.cancel, s.open)
}

func (s *flowGate) onOpen() {
	if adult, ok := s.pad.check(); ok {
		s.k.nav.Show(newFlowMenu(s.k, s.so, s.back, adult))
	}
}

func (s *flowGate) onCancel() {
	s.k.nav.Access = s.access
	s.k.nav.Show(s.back)
}

func (s *flowGate) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *flowGate) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }
func (s *flowGate) targets() []*Target {
	return append([]*Target{s.open}, append(s.pad.targets(), s.cancel)...)
}

// flowMenu is what an adult can do in the middle of a pupil's sign-off:
// go back to it, record "no clear response" for the statement on show,
// change the pupil's access settings, or stop and keep it for later.
type flowMenu struct {
	k       *Kiosk
	so      *signOff
	back    screen
	adult   store.Staff
	resume  *Target
	noClear *Target // only over a statement, in the three-answer mode
	access  *Target
	stop    *Target
}

func newFlowMenu(k *Kiosk, so *signOff, back screen, adult store.Staff) *flowMenu {
	return &flowMenu{k: k, so: so, back: back, adult: adult}
}

func (s *flowMenu) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	name := map[string]any{"Name": s.so.pupil.GivenName}
	size := fyne.NewSize(MM(110), MM(16))
	s.resume = newAdultTarget(tr.T(translations.FlowResume, name), size, s.onResume)
	s.resume.Fill = AgreeFill
	s.access = newAdultTarget(tr.T(translations.PupilSettings), size, s.onAccess)
	s.stop = newAdultTarget(tr.T(translations.FlowStop), size, s.onStop)
	items := []fyne.CanvasObject{s.resume}
	s.noClear = nil
	if st, ok := s.back.(*step); ok && s.so.pupil.Profile.AnswerMode != store.AnswerTwoChoice {
		s.noClear = newAdultTarget(tr.T(translations.RuleNoClear), size, func() {
			s.k.nav.Access = pupilAccess(s.so.pupil.Profile)
			st.onAnswer(record.AnswerNoClear)
		})
		items = append(items, s.noClear)
	}
	items = append(items, s.access, s.stop)
	who := note(tr.T(translations.FlowMenuWho, map[string]any{"Adult": s.adult.Name, "Name": s.so.pupil.Name()}))
	return page(heading(tr.T(translations.FlowMenuTitle)), container.NewCenter(container.NewVBox(append([]fyne.CanvasObject{who}, items...)...)), nil)
}

func (s *flowMenu) onResume() { s.k.nav.Access = pupilAccess(s.so.pupil.Profile); s.k.nav.Show(s.back) }
func (s *flowMenu) onIdle()   { s.onResume() }

func (s *flowMenu) onAccess() {
	e := newProfileEditor(s.k, s.so, s.adult.ID, s.onResume)
	e.inFlow = true
	s.k.nav.Show(e)
}

// onStop keeps the sign-off as a draft and opens the pupil's page for the
// adult who typed their PIN.
func (s *flowMenu) onStop() {
	_ = s.so.saveDraft() // best effort, as after every answer
	adult := s.adult
	s.k.adult = &adult
	_ = s.k.Adults.Audit(s.k.ctx, adult.ID, store.AuditSignedIn, fmt.Sprintf("sign-off %s paused", s.so.id))
	s.k.nav.Show(newPupilPage(s.k, s.so.pupil.ID))
}

func (s *flowMenu) targets() []*Target {
	out := []*Target{s.resume}
	if s.noClear != nil {
		out = append(out, s.noClear)
	}
	return append(out, s.access, s.stop)
}
