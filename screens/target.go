package screens

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// targetStyle is the words on every target: bold, never italic.
var targetStyle = fyne.TextStyle{Bold: true}

// Target is one thing a pupil or adult can choose: a big card with an
// optional symbol above its words. It reacts to a tap (on release, inside
// the card), to hold-to-select and to switch scanning. It is never a Fyne
// focus target, so keys always reach the navigator's scanner.
type Target struct {
	widget.BaseWidget
	Text     string
	Icon     fyne.Resource // a symbol shown above the words; optional
	Fill     color.Color
	OnSelect func()
	Clip     []byte // the spoken label, said when highlighted if the pupil's profile asks
	TextSize fyne.ThemeSizeName

	min         fyne.Size
	highlighted bool
	nav         *Navigator // set when shown: access rules (tap guard, hold, repeat filter)
	pressedAt   time.Time
	holdFill    *canvas.Rectangle
	holdAnim    *fyne.Animation
	overflow    bool // the words did not fit the card even at their smallest size
}

var (
	_ fyne.Tappable     = (*Target)(nil)
	_ desktop.Mouseable = (*Target)(nil)
)

// NewTarget returns a target at least min in size.
func NewTarget(text string, min fyne.Size, fill color.Color, onSelect func()) *Target {
	t := &Target{Text: text, Fill: fill, OnSelect: onSelect, min: min, TextSize: SizeTarget}
	t.ExtendBaseWidget(t)
	return t
}

// newAdultTarget is a control meant for the adult: adult-size words.
func newAdultTarget(text string, min fyne.Size, onSelect func()) *Target {
	t := NewTarget(text, min, CardFill, onSelect)
	t.TextSize = theme.SizeNameText
	return t
}

// WithIcon sets the symbol shown above the words.
func (t *Target) WithIcon(r fyne.Resource) *Target {
	t.Icon = r
	return t
}

// Tapped is called by Fyne on release inside the target.
func (t *Target) Tapped(*fyne.PointEvent) {
	if t.nav != nil && !t.nav.acceptTouch(t.pressedAt) {
		return
	}
	t.run()
}

// MouseDown starts hold-to-select (touch on a desktop tablet arrives as mouse).
func (t *Target) MouseDown(*desktop.MouseEvent) {
	if t.nav == nil {
		return
	}
	t.pressedAt = t.nav.now()
	if hold := t.nav.Hold; hold > 0 && t.holdFill != nil {
		t.startHoldFill(hold)
	}
}

// MouseUp ends the hold; Tapped follows it when the release is inside.
func (t *Target) MouseUp(*desktop.MouseEvent) {
	if t.holdAnim != nil {
		t.holdAnim.Stop()
		t.holdAnim = nil
	}
	if t.holdFill != nil {
		t.holdFill.Hide()
	}
}

// Select chooses the target as a switch press does (no hold needed).
func (t *Target) Select() {
	if t.nav != nil && !t.nav.acceptSwitch() {
		return
	}
	t.run()
}

func (t *Target) run() {
	if t.OnSelect != nil {
		t.OnSelect()
	}
}

func (t *Target) startHoldFill(hold time.Duration) {
	full := t.Size()
	t.holdFill.Resize(fyne.NewSize(0, full.Height))
	t.holdFill.Show()
	t.holdAnim = fyne.NewAnimation(hold, func(p float32) {
		t.holdFill.Resize(fyne.NewSize(full.Width*p, full.Height))
		t.holdFill.Refresh()
	})
	t.holdAnim.Start()
}

// Highlighted reports whether the scan highlight is on this target.
func (t *Target) Highlighted() bool { return t.highlighted }

func (t *Target) setHighlighted(on bool) {
	if t.highlighted != on {
		t.highlighted = on
		t.Refresh()
	}
}

func (t *Target) CreateRenderer() fyne.WidgetRenderer {
	r := &targetRenderer{
		t:     t,
		card:  canvas.NewRectangle(t.Fill),
		fill:  canvas.NewRectangle(HoldFill),
		outer: canvas.NewRectangle(color.Transparent),
		inner: canvas.NewRectangle(color.Transparent),
	}
	r.card.StrokeColor, r.card.StrokeWidth, r.card.CornerRadius = CardLine, 2, 18
	r.fill.CornerRadius = 18
	r.fill.Hide()
	t.holdFill = r.fill
	r.outer.StrokeColor, r.outer.StrokeWidth, r.outer.CornerRadius = RingOuter, 2*ringWidth(), 18
	r.inner.StrokeColor, r.inner.StrokeWidth, r.inner.CornerRadius = RingInner, 6, 12
	if t.Icon != nil {
		r.icon = canvas.NewImageFromResource(t.Icon)
		r.icon.FillMode = canvas.ImageFillContain
	}
	r.Refresh()
	return r
}

type targetRenderer struct {
	t                        *Target
	card, fill, outer, inner *canvas.Rectangle
	icon                     *canvas.Image
	lines                    []*canvas.Text // the words, wrapped to the card
}

// ringWidth is the width of the highlight's outer (blue) ring; inset is
// where the words and symbol start, inside both rings. Both follow the
// window's scale.
func ringWidth() float32 { return 10 * uiScale }
func inset() float32     { return 16 * uiScale }

// iconShare is the least part of the card's height a symbol keeps when the
// words need more room.
const iconShare = 0.45

func (r *targetRenderer) Layout(s fyne.Size) {
	r.card.Resize(s)
	r.outer.Resize(s) // the ring is drawn inside the card, so it is never clipped
	ring, in := ringWidth(), inset()
	r.outer.StrokeWidth = 2 * ring
	r.inner.Move(fyne.NewPos(ring, ring))
	r.inner.Resize(s.SubtractWidthHeight(2*ring, 2*ring))
	w, h := s.Width-2*in, s.Height-2*in
	if w <= 0 || h <= 0 {
		return // not laid out yet: wrapping text at no width is meaningless
	}
	textRoom := h
	if r.icon != nil {
		textRoom = h * (1 - iconShare)
	}
	base := r.t.Theme().Size(r.t.TextSize)
	fit := fitText(r.t.Text, base, w, textRoom)
	r.t.overflow = !fit.ok
	r.setLines(fit)
	textH := fit.height()
	top := (s.Height - textH) / 2
	if r.icon != nil {
		iconH := h - textH
		r.icon.Resize(fyne.NewSize(w, iconH))
		r.icon.Move(fyne.NewPos(in, in))
		top = in + iconH
	}
	for i, l := range r.lines {
		lw := fyne.MeasureText(l.Text, fit.size, l.TextStyle).Width
		l.Move(fyne.NewPos(in+(w-lw)/2, top+float32(i)*fit.lineHeight))
		l.Resize(fyne.NewSize(lw, fit.lineHeight))
	}
}

// setLines makes one text object for each wrapped line.
func (r *targetRenderer) setLines(fit fitted) {
	for len(r.lines) < len(fit.lines) {
		r.lines = append(r.lines, canvas.NewText("", Ink))
	}
	r.lines = r.lines[:len(fit.lines)]
	for i, text := range fit.lines {
		l := r.lines[i]
		l.Text, l.TextSize, l.TextStyle, l.Color = text, fit.size, targetStyle, Ink
		l.Refresh()
	}
}

// MinSize is the target's own minimum, at least one line of its words high.
// Wrapped words take the width they are given: measuring them before that
// width is known would ask for a line per word.
func (r *targetRenderer) MinSize() fyne.Size {
	th := r.t.Theme()
	line := fyne.MeasureText("Ag", th.Size(r.t.TextSize), targetStyle)
	return r.t.min.Max(fyne.NewSize(line.Height, line.Height).AddWidthHeight(2*inset(), 2*inset()))
}

func (r *targetRenderer) Refresh() {
	r.card.FillColor = r.t.Fill
	r.outer.Hidden = !r.t.highlighted
	r.inner.Hidden = !r.t.highlighted
	r.card.Refresh()
	r.outer.Refresh()
	r.inner.Refresh()
	r.Layout(r.t.Size())
}

func (r *targetRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.card, r.fill}
	if r.icon != nil {
		objs = append(objs, r.icon)
	}
	for _, l := range r.lines {
		objs = append(objs, l)
	}
	return append(objs, r.outer, r.inner)
}

func (r *targetRenderer) Destroy() {}
