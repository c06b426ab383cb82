package screens

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/translations"
)

// typing is the part of an adult form that takes typed text: its fields,
// the one being typed into, and the on-screen keyboard, which opens over
// the bottom of the screen when a field is tapped and closes with Done. A
// real keyboard types into the same field (through the navigator).
type typing struct {
	k      *Kiosk
	fields []*textField // in the order the form made them
	active *textField
	layer  *fyne.Container // lays the panel over the bottom of the screen
	panel  *fyne.Container // the keyboard's panel: the field's text, then the keys
	echo   *widget.Label   // what the field holds, shown above the keys
	rows   *fyne.Container
	keys   []*Target
	shift  bool // the next letter is a capital
	digits bool // the digits and symbols layer is shown
}

func newTyping(k *Kiosk) *typing { return &typing{k: k} }

// field adds a text field to the form; label names it above the keys.
func (t *typing) field(kind fieldKind, label, text string, onChanged func(string)) *textField {
	f := newTextField(kind, text, func(s string) {
		t.k.nav.Poke()
		if onChanged != nil {
			onChanged(s)
		}
	})
	f.label, f.placeholder = label, t.k.Tr.T(translations.KeyboardTapToType)
	f.onTapped = t.open
	t.fields = append(t.fields, f)
	return f
}

// over lays the keyboard's panel over the bottom of content.
func (t *typing) over(content fyne.CanvasObject) fyne.CanvasObject {
	t.echo = leading("")
	t.echo.TextStyle.Bold = true
	t.rows = container.NewVBox()
	bg := canvas.NewRectangle(Cream)
	bg.StrokeColor, bg.StrokeWidth = CardLine, 2
	t.panel = container.NewStack(bg, container.NewPadded(container.NewBorder(t.echo, nil, nil, nil, t.rows)))
	t.panel.Hide()
	t.layer = container.NewBorder(nil, t.panel, nil, nil)
	return container.NewStack(content, t.layer)
}

// open makes f the field typed into and shows the keyboard.
func (t *typing) open(f *textField) {
	if t.active != nil {
		t.active.setActive(false)
	}
	t.active, t.shift, t.digits = f, false, f.kind == fieldDigits
	f.setActive(true)
	t.panel.Show()
	t.redraw()
	t.layer.Refresh() // the panel was hidden: lay it out now it shows
}

// close hides the keyboard; the text stays in its field.
func (t *typing) close() {
	if t.active != nil {
		t.active.setActive(false)
	}
	t.active = nil
	if t.panel != nil {
		t.panel.Hide()
		t.layer.Refresh()
	}
	t.k.nav.retarget()
}

// isTyping reports whether a field is being typed into.
func (t *typing) isTyping() bool { return t != nil && t.active != nil }

// typeRune types r as a real keyboard gave it: its own Shift decides
// the case.
func (t *typing) typeRune(r rune) {
	if t.active == nil {
		return
	}
	t.active.typeRune(r)
	t.shift = false
	t.redraw()
}

// typeKey types the on-screen key r: a capital where the keyboard shows
// capitals.
func (t *typing) typeKey(r rune) {
	if t.active != nil && unicode.IsLetter(r) && t.capital() {
		r = unicode.ToUpper(r)
	}
	t.typeRune(r)
}

func (t *typing) backspace() {
	if t.active != nil {
		t.active.backspace()
		t.redraw()
	}
}

// capital reports whether the letter keys type capitals: at the start of
// each part of a name, unless Capital was pressed to say not (de la Cruz),
// and elsewhere when Capital was pressed.
func (t *typing) capital() bool { return t.shift != t.active.wantsCapital() }

// redraw shows the field's text and the keys for its state: capitals or
// not, letters or digits, and the accents of the letter just typed.
func (t *typing) redraw() {
	f := t.active
	t.echo.SetText(f.label + ": " + f.shown())
	t.keys = nil
	var rows []fyne.CanvasObject
	switch {
	case f.kind == fieldDigits:
		rows = append(rows, t.row(t.chars("1234567890")...))
	case t.digits:
		rows = append(rows, t.row(t.chars("1234567890")...), t.row(t.chars("@.,:/_&()?")...),
			t.row(append(t.chars("#+=!;%*\"-"), t.deleteKey())...))
	default:
		rows = append(rows, t.accentRow(), t.row(t.chars("qwertyuiop")...), t.row(t.chars("asdfghjkl'")...))
		shift := t.shiftKey()
		rows = append(rows, t.row(append(append([]*Target{shift}, t.chars("zxcvbnm-")...), t.deleteKey())...))
	}
	rows = append(rows, t.bottomRow())
	t.rows.Objects = rows
	t.rows.Refresh()
	t.k.nav.retarget()
}

// chars are keys that type each of chars (as capitals when the next
// letter is one).
func (t *typing) chars(chars string) []*Target {
	var keys []*Target
	for _, r := range chars {
		shown := r
		if unicode.IsLetter(r) && t.capital() {
			shown = unicode.ToUpper(r)
		}
		keys = append(keys, t.key(string(shown), func() { t.typeKey(r) }))
	}
	return keys
}

// row is one row of ten keys.
func (t *typing) row(keys ...*Target) *fyne.Container {
	return container.NewGridWithColumns(10, objects(keys)...)
}

// accentRow offers the accented forms of the letter just typed (â after
// a, ë after e, ł after l), each replacing it; empty, it says how.
func (t *typing) accentRow() fyne.CanvasObject {
	last := t.active.last()
	forms := accents[unicode.ToLower(last)]
	if forms == "" {
		hint := leading(t.k.Tr.T(translations.KeyboardAccents))
		hint.SizeName = SizeSection
		return container.New(fixedHeight{h: sizeTypeKey.Height}, hint)
	}
	var keys []fyne.CanvasObject
	for _, r := range forms {
		if unicode.IsUpper(last) {
			r = unicode.ToUpper(r)
		}
		keys = append(keys, t.key(string(r), func() { t.active.replaceLast(r); t.redraw() }))
	}
	for len(keys) < 10 {
		keys = append(keys, spacer(0))
	}
	return container.NewGridWithColumns(10, keys...)
}

// accents are the accented letters of the languages a school's names come
// in (Welsh, Irish, Polish, Czech, Turkish, Romanian, Portuguese, Spanish,
// French, German, Nordic, Baltic), by their plain letter.
var accents = map[rune]string{
	'a': "âáàäãåāąæ", 'c': "çćč", 'd': "ďđð", 'e': "êéèëēėęě", 'g': "ğģ", 'i': "îíìïīįı",
	'k': "ķ", 'l': "łľļĺ", 'n': "ñńňņ", 'o': "ôóòöõøőœō", 'r': "řŕ", 's': "śšşșß", 't': "ťțþ",
	'u': "ûúùüūůűų", 'w': "ŵẃẁẅ", 'y': "ŷýÿỳ", 'z': "źżž",
}

func (t *typing) bottomRow() fyne.CanvasObject {
	done := t.key(t.k.Tr.T(translations.KeyboardDone), t.close)
	done.Fill = AgreeFill
	if t.active.kind == fieldDigits {
		return container.New(spans{3, 7}, t.deleteKey(), done)
	}
	layer := t.key(t.k.Tr.T(translations.KeyboardDigits), func() { t.digits = true; t.redraw() })
	if t.digits {
		layer = t.key(t.k.Tr.T(translations.KeyboardLetters), func() { t.digits = false; t.redraw() })
	}
	space := t.key(t.k.Tr.T(translations.KeyboardSpace), func() { t.typeKey(' ') })
	return container.New(spans{2, 5, 3}, layer, space, done)
}

func (t *typing) shiftKey() *Target {
	s := t.key(t.k.Tr.T(translations.KeyboardShift), func() { t.shift = !t.shift; t.redraw() })
	if t.capital() {
		s.Fill = AgreeFill // shows whether the next letter is a capital
	}
	return s
}

func (t *typing) deleteKey() *Target {
	return t.key(t.k.Tr.T(translations.KeyboardDelete), t.backspace)
}

func (t *typing) key(text string, onSelect func()) *Target {
	k := newAdultTarget(text, sizeTypeKey, onSelect)
	t.keys = append(t.keys, k)
	return k
}

// targets are the keyboard's keys while it is open, else nothing.
func (t *typing) targets() []*Target {
	if !t.isTyping() {
		return nil
	}
	return t.keys
}

// fixedHeight lays its object out at least h high.
type fixedHeight struct{ h float32 }

func (l fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.h)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (l fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// spans lays objects side by side, each as many tenths of the width as
// its span says (a keyboard's wide keys: Space, Done).
type spans []float32

func (l spans) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(s.Width+m.Width, max(s.Height, m.Height))
	}
	return s
}

func (l spans) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	total := float32(0)
	for _, w := range l {
		total += w
	}
	x := float32(0)
	for i, o := range objs {
		w := size.Width * l[min(i, len(l)-1)] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}
