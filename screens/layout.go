package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Target sizes on the reference tablet (DESIGN.md "Access").
var (
	sizePupilTarget = fyne.NewSize(MM(40), MM(20)) // ≥ 20 mm
	sizeAnswer      = fyne.NewSize(MM(52), MM(31)) // ≥ 30 mm
	sizeSmall       = fyne.NewSize(MM(40), MM(20)) // adult controls, still ≥ 20 mm
	sizeKey         = fyne.NewSize(MM(24), MM(20)) // PIN pad keys
	sizeReplay      = fyne.NewSize(MM(33), MM(26)) // Replay and Stop: ≥ 25 mm
	sizeAdultAnswer = fyne.NewSize(MM(44), MM(16)) // the adult's "no clear response"
	answerGap       = MM(8)                        // ≥ 5 mm between answers
)

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

// page lays out a screen: a top bar, a body, and a bottom row.
func page(top, body, bottom fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(Cream)
	content := container.NewBorder(top, bottom, nil, nil, body)
	return container.NewStack(bg, container.NewPadded(container.NewPadded(content)))
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

// Column widths for wrapped text.
var (
	widthPupilText = MM(200)
	widthHalf      = MM(95)
)

// column holds obj at width w, as tall as its wrapped text needs.
func column(w float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth{w: w}, obj)
}
