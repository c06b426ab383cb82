package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Target sizes on the reference tablet (DESIGN.md "Access"), at the
// window's scale: setScale works them out again.
var (
	sizePupilTarget fyne.Size // ≥ 20 mm
	sizeAnswer      fyne.Size // ≥ 30 mm
	sizeSmall       fyne.Size // adult controls, still ≥ 20 mm
	sizeKey         fyne.Size // PIN pad keys
	sizeReplay      fyne.Size // Replay and Stop: ≥ 25 mm
	sizeAdultAnswer fyne.Size // adult choices on adult screens
	sizeSetting     fyne.Size // a setting's options
	sizeTypeKey     fyne.Size // the on-screen keyboard's keys: ≥ 10 mm for adults
	answerGap       float32   // ≥ 5 mm between answers
	widthPupilText  float32   // wrapped pupil text
	widthHalf       float32   // half a screen of adult text
)

func init() { setSizes() }

func setSizes() {
	sizePupilTarget = fyne.NewSize(MM(40), MM(20))
	sizeAnswer = fyne.NewSize(MM(52), MM(31))
	sizeSmall = fyne.NewSize(MM(40), MM(20))
	sizeKey = fyne.NewSize(MM(24), MM(20))
	sizeReplay = fyne.NewSize(MM(33), MM(26))
	sizeAdultAnswer = fyne.NewSize(MM(44), MM(16))
	sizeSetting = fyne.NewSize(MM(24), MM(10))
	sizeTypeKey = fyne.NewSize(MM(11), MM(10.5))
	answerGap = MM(8)
	widthPupilText = MM(200)
	widthHalf = MM(95)
}

// heading is large, bold text (never all-caps, italic or underlined).
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = SizeHeading
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return l
}

// sentence is pupil-size body text.
func sentence(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = SizeStatement
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return l
}

// note is adult-size body text.
func note(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return l
}

// page lays out a screen: a top bar, a body, and a bottom row, three
// paddings in from the window's edge.
func page(top, body, bottom fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(Cream)
	content := container.NewBorder(top, bottom, nil, nil, body)
	return container.NewStack(bg, container.NewPadded(container.NewPadded(container.NewPadded(content))))
}

// vscroll scrolls obj up and down, keeping its right edge clear of the
// scroll bar so no control sits under it.
func vscroll(obj fyne.CanvasObject) *container.Scroll {
	return container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, MM(3)), obj))
}

// grid arranges targets in columns of equal width, rows at their minimum
// height, from the top.
func grid(cols int, targets ...*Target) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(targets))
	for i, t := range targets {
		objs[i] = t
	}
	return container.NewVBox(container.NewGridWithColumns(cols, objs...))
}

// row centres targets side by side with a gap between them.
func row(gap float32, targets ...*Target) *fyne.Container {
	objs := []fyne.CanvasObject{layout.NewSpacer()}
	for i, t := range targets {
		if i > 0 {
			objs = append(objs, spacer(gap))
		}
		objs = append(objs, t)
	}
	objs = append(objs, layout.NewSpacer())
	return container.NewHBox(objs...)
}

func spacer(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 1))
	return r
}

// fixedWidth lays its objects out at one width, as tall as they need:
// wrapped text measures its height for the width it will get.
type fixedWidth struct{ w float32 }

func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Size().Width != l.w {
			o.Resize(fyne.NewSize(l.w, o.Size().Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.w, h)
}

func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// column holds obj at width w, as tall as its wrapped text needs.
func column(w float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth{w: w}, obj)
}
