package screens

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// signaturePad collects strokes drawn with a finger, stylus or mouse.
type signaturePad struct {
	widget.BaseWidget
	strokes  [][]fyne.Position
	drawing  bool
	min      fyne.Size
	onChange func()
}

var (
	_ fyne.Draggable = (*signaturePad)(nil)
	_ fyne.Tappable  = (*signaturePad)(nil)
)

func newSignaturePad(min fyne.Size) *signaturePad {
	p := &signaturePad{min: min}
	p.ExtendBaseWidget(p)
	return p
}

// Dragged extends the current stroke (or starts one).
func (p *signaturePad) Dragged(ev *fyne.DragEvent) {
	if !p.drawing {
		p.strokes = append(p.strokes, []fyne.Position{ev.Position.Subtract(ev.Dragged)})
		p.drawing = true
	}
	last := len(p.strokes) - 1
	p.strokes[last] = append(p.strokes[last], ev.Position)
	p.changed()
}

// DragEnd finishes the stroke.
func (p *signaturePad) DragEnd() { p.drawing = false }

// Tapped leaves a dot: a mark can be a single touch.
func (p *signaturePad) Tapped(ev *fyne.PointEvent) {
	p.strokes = append(p.strokes, []fyne.Position{ev.Position, ev.Position.AddXY(1, 1)})
	p.changed()
}

func (p *signaturePad) clear() {
	p.strokes = nil
	p.changed()
}

func (p *signaturePad) empty() bool { return len(p.strokes) == 0 }

func (p *signaturePad) changed() {
	p.Refresh()
	if p.onChange != nil {
		p.onChange()
	}
}

// PNG rasterises the strokes, dark on white, at the pad's size.
func (p *signaturePad) PNG() []byte {
	return strokesPNG(p.strokes, p.Size())
}

func (p *signaturePad) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(CardFill)
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = CardLine, 3, 12
	return &padRenderer{p: p, bg: bg}
}

type padRenderer struct {
	p     *signaturePad
	bg    *canvas.Rectangle
	lines []fyne.CanvasObject
}

func (r *padRenderer) Layout(s fyne.Size) { r.bg.Resize(s) }
func (r *padRenderer) MinSize() fyne.Size { return r.p.min }
func (r *padRenderer) Destroy()           {}
func (r *padRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.bg}, r.lines...)
}

func (r *padRenderer) Refresh() {
	r.lines = r.lines[:0]
	for _, st := range r.p.strokes {
		for i := 1; i < len(st); i++ {
			l := canvas.NewLine(Ink)
			l.StrokeWidth = 6
			l.Position1, l.Position2 = st[i-1], st[i]
			r.lines = append(r.lines, l)
		}
	}
	r.bg.Refresh()
}

// strokesPNG draws strokes as 6-unit lines on white and encodes a PNG.
func strokesPNG(strokes [][]fyne.Position, size fyne.Size) []byte {
	w, h := max(int(size.Width), 1), max(int(size.Height), 1)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for _, st := range strokes {
		for i := 1; i < len(st); i++ {
			stamp(img, st[i-1], st[i], 3)
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// stamp draws a round-ended line of the given radius from a to b.
func stamp(img *image.Gray, a, b fyne.Position, radius float64) {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	steps := max(int(math.Hypot(dx, dy)), 1)
	for s := 0; s <= steps; s++ {
		cx := float64(a.X) + dx*float64(s)/float64(steps)
		cy := float64(a.Y) + dy*float64(s)/float64(steps)
		for y := int(cy - radius); y <= int(cy+radius); y++ {
			for x := int(cx - radius); x <= int(cx+radius); x++ {
				if (float64(x)-cx)*(float64(x)-cx)+(float64(y)-cy)*(float64(y)-cy) <= radius*radius {
					img.SetGray(x, y, color.Gray{Y: 0x1C})
				}
			}
		}
	}
}

// tickPNG is the mark of a pupil who chose the big tick.
func tickPNG() []byte {
	tick := [][]fyne.Position{{{X: 40, Y: 110}, {X: 90, Y: 160}, {X: 200, Y: 40}}}
	return strokesPNG(tick, fyne.NewSize(240, 200))
}
