package screens

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fieldKind says what a text field takes, and so which keys the on-screen
// keyboard offers first.
type fieldKind int

const (
	fieldText   fieldKind = iota // free text (a note, an address)
	fieldName                    // a person's name: capitals after a space, hyphen or apostrophe
	fieldDigits                  // digits only, shown as dots (a PIN)
)

// maxField is the most characters any field takes.
const maxField = 200

// textField is a box an adult types into, from the on-screen keyboard
// (tablets have no other) or a real one. Tapping it makes it the field
// typed into and opens the keyboard. It is not a Fyne focus target: typing
// reaches it through the navigator, like the switch keys, so it never
// takes the keys away from the scanner on other screens.
type textField struct {
	widget.BaseWidget
	text        string
	kind        fieldKind
	lines       int    // lines shown; longer text shows its end
	label       string // the field's name, shown over the keyboard
	placeholder string
	active      bool
	onChanged   func(string)
	onTapped    func(*textField) // set by the form the field is on
}

var _ fyne.Tappable = (*textField)(nil)

func newTextField(kind fieldKind, text string, onChanged func(string)) *textField {
	f := &textField{kind: kind, text: text, lines: 1, onChanged: onChanged}
	f.ExtendBaseWidget(f)
	return f
}

// Text is what has been typed.
func (f *textField) Text() string { return f.text }

// Tapped makes this the field typed into.
func (f *textField) Tapped(*fyne.PointEvent) {
	if f.onTapped != nil {
		f.onTapped(f)
	}
}

func (f *textField) setActive(on bool) {
	if f.active != on {
		f.active = on
		f.Refresh()
	}
}

// typeRune adds r at the end, if the field takes it.
func (f *textField) typeRune(r rune) {
	if r < ' ' || utf8.RuneCountInString(f.text) >= maxField || (f.kind == fieldDigits && (r < '0' || r > '9')) {
		return
	}
	f.set(f.text + string(r))
}

// backspace removes the last character.
func (f *textField) backspace() {
	if _, size := utf8.DecodeLastRuneInString(f.text); size > 0 {
		f.set(f.text[:len(f.text)-size])
	}
}

// replaceLast swaps the last character for r (an accented letter for the
// plain one just typed).
func (f *textField) replaceLast(r rune) {
	if _, size := utf8.DecodeLastRuneInString(f.text); size > 0 {
		f.set(f.text[:len(f.text)-size] + string(r))
	}
}

// last is the last character typed, 0 when there is none.
func (f *textField) last() rune {
	r, _ := utf8.DecodeLastRuneInString(f.text)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// wantsCapital reports whether a name field's next letter starts a word.
func (f *textField) wantsCapital() bool {
	if f.kind != fieldName {
		return false
	}
	last := f.last()
	return last == 0 || strings.ContainsRune(" -'’", last)
}

func (f *textField) set(text string) {
	f.text = text
	f.Refresh()
	if f.onChanged != nil {
		f.onChanged(text)
	}
}

// shown is the text as drawn: dots for digits.
func (f *textField) shown() string {
	if f.kind == fieldDigits {
		return strings.TrimSpace(strings.Repeat("● ", utf8.RuneCountInString(f.text)))
	}
	return f.text
}

func (f *textField) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(CardFill)
	bg.CornerRadius = 8
	caret := canvas.NewRectangle(RingOuter)
	r := &fieldRenderer{f: f, bg: bg, caret: caret}
	r.Refresh()
	return r
}

type fieldRenderer struct {
	f     *textField
	bg    *canvas.Rectangle
	caret *canvas.Rectangle
	lines []*canvas.Text
}

func (r *fieldRenderer) textSize() float32 { return r.f.Theme().Size(theme.SizeNameText) }

func (r *fieldRenderer) lineHeight() float32 {
	return fyne.MeasureText("Ag", r.textSize(), fyne.TextStyle{}).Height
}

func (r *fieldRenderer) MinSize() fyne.Size {
	pad := r.f.Theme().Size(theme.SizeNamePadding)
	return fyne.NewSize(MM(40), float32(max(r.f.lines, 1))*r.lineHeight()+4*pad).Max(fyne.NewSize(0, MM(10)))
}

func (r *fieldRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	pad := r.f.Theme().Size(theme.SizeNamePadding)
	w := s.Width - 4*pad
	if w <= 0 {
		return
	}
	text, ink := r.f.shown(), Ink
	if text == "" && !r.f.active {
		text, ink = r.f.placeholder, CardLine
	}
	wrapped := r.wrap(text, w)
	for len(r.lines) < len(wrapped) {
		r.lines = append(r.lines, canvas.NewText("", Ink))
	}
	r.lines = r.lines[:len(wrapped)]
	lh := r.lineHeight()
	top := (s.Height - float32(len(wrapped))*lh) / 2
	end := fyne.NewPos(2*pad, top)
	for i, line := range wrapped {
		l := r.lines[i]
		l.Text, l.Color, l.TextSize = line, ink, r.textSize()
		l.Move(fyne.NewPos(2*pad, top+float32(i)*lh))
		l.Refresh()
		end = fyne.NewPos(2*pad+fyne.MeasureText(line, r.textSize(), fyne.TextStyle{}).Width, top+float32(i)*lh)
	}
	if r.f.shown() == "" {
		end = fyne.NewPos(2*pad, (s.Height-lh)/2)
	}
	r.caret.Move(end.AddXY(2, 0))
	r.caret.Resize(fyne.NewSize(3, lh))
}

// wrap breaks text into the field's lines at width w, keeping the end in
// view: a single-line field shows the last characters that fit.
func (r *fieldRenderer) wrap(text string, w float32) []string {
	size := r.textSize()
	width := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
	if r.f.lines <= 1 {
		for text != "" && width(text) > w {
			_, n := utf8.DecodeRuneInString(text)
			text = text[n:]
		}
		return []string{text}
	}
	f, _ := wrapAt(text, size, w)
	lines := breakLongWords(f.lines, size, w)
	if len(lines) > r.f.lines {
		lines = lines[len(lines)-r.f.lines:]
	}
	return lines
}

func (r *fieldRenderer) Refresh() {
	r.bg.FillColor = CardFill
	r.bg.StrokeColor, r.bg.StrokeWidth = CardLine, 2
	if r.f.active {
		r.bg.StrokeColor, r.bg.StrokeWidth = RingOuter, 5
	}
	r.caret.Hidden = !r.f.active
	r.bg.Refresh()
	r.Layout(r.f.Size())
	canvas.Refresh(r.f)
}

func (r *fieldRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg}
	for _, l := range r.lines {
		objs = append(objs, l)
	}
	return append(objs, r.caret)
}

func (r *fieldRenderer) Destroy() {}
