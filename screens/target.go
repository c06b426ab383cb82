package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Target is one thing a pupil or adult can choose: a big card that reacts to
// a tap (on release, inside the card) and to switch scanning. It is never
// a Fyne focus target, so keys always reach the navigator's scanner.
type Target struct {
	widget.BaseWidget
	Text     string
	Fill     color.Color
	OnSelect func()

	min         fyne.Size
	highlighted bool
	accept      func() bool // set by the navigator: false while the tap guard runs
}

// NewTarget returns a target at least min in size.
func NewTarget(text string, min fyne.Size, fill color.Color, onSelect func()) *Target {
	t := &Target{Text: text, Fill: fill, OnSelect: onSelect, min: min}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped selects the target (Fyne calls it on release inside the target).
func (t *Target) Tapped(*fyne.PointEvent) { t.Select() }

// Select runs the target's action unless the tap guard is holding.
func (t *Target) Select() {
	if t.OnSelect == nil || (t.accept != nil && !t.accept()) {
		return
	}
	t.OnSelect()
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
		outer: canvas.NewRectangle(color.Transparent),
		inner: canvas.NewRectangle(color.Transparent),
		label: widget.NewLabel(t.Text),
	}
	r.card.StrokeColor, r.card.StrokeWidth, r.card.CornerRadius = CardLine, 2, 18
	r.outer.StrokeColor, r.outer.StrokeWidth, r.outer.CornerRadius = RingOuter, 2*ringWidth, 18
	r.inner.StrokeColor, r.inner.StrokeWidth, r.inner.CornerRadius = RingInner, 6, 12
	r.label.Wrapping = fyne.TextWrapWord
	r.label.Alignment = fyne.TextAlignCenter
	r.label.SizeName = SizeTarget
	r.label.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type targetRenderer struct {
	t                  *Target
	card, outer, inner *canvas.Rectangle
	label              *widget.Label
}

// ringWidth is the width of the highlight's outer (blue) ring.
const ringWidth = 10

func (r *targetRenderer) Layout(s fyne.Size) {
	r.card.Resize(s)
	r.outer.Resize(s) // the ring is drawn inside the card, so it is never clipped
	r.inner.Move(fyne.NewPos(ringWidth, ringWidth))
	r.inner.Resize(s.SubtractWidthHeight(2*ringWidth, 2*ringWidth))
	w := s.Width - 2*ringWidth
	if w <= 0 || s.Height <= 2*ringWidth {
		return // not laid out yet: wrapping text at no width is meaningless
	}
	r.label.Resize(fyne.NewSize(w, s.Height-2*ringWidth)) // wraps to the width
	h := min(r.label.MinSize().Height, s.Height-2*ringWidth)
	r.label.Resize(fyne.NewSize(w, h))
	r.label.Move(fyne.NewPos(ringWidth, (s.Height-h)/2))
}

func (r *targetRenderer) MinSize() fyne.Size {
	return r.t.min.Max(r.label.MinSize().AddWidthHeight(2*ringWidth, 2*ringWidth))
}

func (r *targetRenderer) Refresh() {
	r.card.FillColor = r.t.Fill
	r.label.SetText(r.t.Text)
	r.outer.Hidden = !r.t.highlighted
	r.inner.Hidden = !r.t.highlighted
	r.card.Refresh()
	r.outer.Refresh()
	r.inner.Refresh()
	r.Layout(r.t.Size())
}

func (r *targetRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.card, r.label, r.outer, r.inner}
}

func (r *targetRenderer) Destroy() {}
