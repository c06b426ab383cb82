package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"smartkiosk/store"
	"smartkiosk/store/record"
)

// tapKeys types text on the on-screen keyboard, a key at a time: an
// accented letter is its plain letter, then its accent from the row above.
func (tk *testKiosk) tapKeys(t *testing.T, text string) {
	t.Helper()
	for _, r := range text {
		plain := r
		for base, forms := range accents {
			if strings.ContainsRune(forms, toLower(r)) {
				plain = base
			}
		}
		if upper := toUpper(plain); r != toLower(r) {
			plain = upper
		}
		switch {
		case r == ' ':
			tk.tapText(t, "Space")
		case plain != r:
			tk.tapLetter(t, plain)
			tk.tapText(t, string(r))
		default:
			tk.tapLetter(t, r)
		}
	}
}

// tapLetter taps the key that types r, pressing Capital first when the
// keyboard shows the other case.
func (tk *testKiosk) tapLetter(t *testing.T, r rune) {
	t.Helper()
	for _, tg := range tk.nav.targets {
		if tg.Text == string(r) {
			test.Tap(tg)
			return
		}
	}
	tk.tapText(t, "Capital")
	tk.tapText(t, string(r))
}

func toLower(r rune) rune { return []rune(strings.ToLower(string(r)))[0] }
func toUpper(r rune) rune { return []rune(strings.ToUpper(string(r)))[0] }

func TestKeyboard_TypesNamesWithAccents(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoAdminPIN)
	for _, name := range []string{"Siân Pritchard", "Zoë O'Neill-Brown", "Łucja Wójcik", "Ólafur Þór"} {
		t.Run(name, func(t *testing.T) {
			ed := newStaffEditor(tk.Kiosk, nil)
			tk.nav.Show(ed)
			test.Tap(ed.typing.fields[0])
			if !ed.typing.isTyping() || tk.nav.targets[0] != ed.typing.keys[0] {
				t.Fatal("tapping the name did not open the keyboard, or its keys are not what the switch scans")
			}
			tk.tapKeys(t, name)
			if ed.name != name {
				t.Errorf("typed %q, the form has %q", name, ed.name)
			}
			if !strings.Contains(ed.typing.echo.Text, name) {
				t.Errorf("the keyboard shows %q", ed.typing.echo.Text)
			}
			tk.tapText(t, "Done")
			if ed.typing.isTyping() || ed.typing.panel.Visible() {
				t.Error("Done left the keyboard open")
			}
		})
	}
}

func TestKeyboard_CapitalsStartEachPartOfAName(t *testing.T) {
	tk := newTestKiosk(t)
	ty := newTyping(tk.Kiosk)
	f := ty.field(fieldName, "Name", "", nil)
	tk.nav.Show(&formStub{ty: ty, body: f})
	ty.open(f)
	for _, r := range "mary-jane o'brien" {
		ty.typeKey(r)
	}
	if f.Text() != "Mary-Jane O'Brien" {
		t.Errorf("typed %q on the keys", f.Text())
	}
	// Capital, pressed where a capital would come, types a small letter.
	f.set("")
	for _, r := range "de la cruz" {
		if r == 'd' || r == 'l' {
			tk.tapText(t, "Capital")
		}
		ty.typeKey(r)
	}
	if f.Text() != "de la Cruz" {
		t.Errorf("typed %q, want de la Cruz", f.Text())
	}
	// A real keyboard's Shift decides for itself.
	f.set("")
	for _, r := range "van Dyke" {
		ty.typeRune(r)
	}
	if f.Text() != "van Dyke" {
		t.Errorf("a real keyboard typed %q", f.Text())
	}
	note := ty.field(fieldText, "Note", "", nil)
	ty.open(note)
	for _, r := range "ok then" {
		ty.typeKey(r)
	}
	if note.Text() != "ok then" {
		t.Errorf("a note got %q: only names start words with capitals", note.Text())
	}
}

func TestKeyboard_PINFieldsTakeDigitsOnly(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoAdminPIN)
	ed := newStaffEditor(tk.Kiosk, &store.Staff{ID: 1, Name: "Sam Patel", Role: store.RoleTA})
	tk.nav.Show(ed)
	test.Tap(ed.typing.fields[0])
	for _, k := range []string{"Capital", "Space", "abc", "a"} {
		for _, tg := range tk.nav.targets {
			if tg.Text == k {
				t.Errorf("a PIN's keyboard offers %q", k)
			}
		}
	}
	for _, d := range "1357924680" {
		tk.tapText(t, string(d))
	}
	tk.typePIN("x") // a real keyboard's letter
	tk.tapText(t, "Delete")
	if ed.pin != "135792468" || strings.Contains(ed.typing.echo.Text, "1") {
		t.Errorf("pin %q, shown %q: want digits only, shown as dots", ed.pin, ed.typing.echo.Text)
	}
}

// TestKeyboard_RealKeysTypeWhileOpen checks that a real keyboard types
// into the open field, Space included, and Escape closes it; with no field
// open, Space is the switch again.
func TestKeyboard_RealKeysTypeWhileOpen(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoAdminPIN)
	ed := newStaffEditor(tk.Kiosk, nil)
	tk.nav.Show(ed)
	test.Tap(ed.typing.fields[0])
	tk.typePIN("Jo")
	tk.keys(fyne.KeySpace)
	tk.typePIN("Reed")
	tk.keys(fyne.KeyBackspace)
	tk.typePIN("id")
	tk.keys(fyne.KeyEscape)
	if ed.name != "Jo Reeid" || ed.typing.isTyping() {
		t.Fatalf("typed %q, keyboard open %v", ed.name, ed.typing.isTyping())
	}
	tk.keys(fyne.KeySpace)
	if tk.nav.Highlighted() == nil || ed.name != "Jo Reeid" {
		t.Errorf("with the keyboard closed Space typed (%q) instead of moving the highlight", ed.name)
	}
}

type fyneScroll = container.Scroll

// formStub is a screen holding one form, for the keyboard's own tests.
type formStub struct {
	ty   *typing
	body fyne.CanvasObject
}

func (s *formStub) buildUI() fyne.CanvasObject { return s.ty.over(page(nil, s.body, nil)) }
func (s *formStub) targets() []*Target         { return nil }
func (s *formStub) typist() *typing            { return s.ty }

// TestParentForm_ByTouchKeepsItsPlace fills in the parent/carer form by
// touch alone: choosing the relationship changes nothing else (the
// statements stay scrolled where they were), the name is typed on the
// on-screen keyboard, the whole signature pad is in the window, and the
// saved acknowledgement is confirmed in words.
func TestParentForm_ByTouchKeepsItsPlace(t *testing.T) {
	tk := newTestKiosk(t)
	p := tk.pupilInBand(t, "c")
	tk.openPupil(t, p)
	tk.tapText(t, "Parent/carer form")
	f := tk.nav.Current().(*parentForm)
	var scroll *fyneScroll
	walkShown(tk.nav.stack, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) bool {
		if s, ok := o.(*fyneScroll); ok && scroll == nil {
			scroll = s
		}
		return true
	})
	if scroll == nil {
		t.Fatal("the statements do not scroll")
	}
	scroll.ScrollToOffset(fyne.NewPos(0, 120))
	tk.tapText(t, "Foster carer")
	if tk.nav.Current() != f || scroll.Offset.Y != 120 || f.relationship != "foster_carer" {
		t.Fatalf("choosing moved the form: on %T, scrolled to %v, relationship %q", tk.nav.Current(), scroll.Offset, f.relationship)
	}
	pad := tk.w.Canvas().Size()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.pad)
	if s := f.pad.Size(); at.Y+s.Height > pad.Height || at.X+s.Width > pad.Width || s.Height < MM(20) {
		t.Errorf("the signature pad is at %v, %v in a %v window", at, s, pad)
	}
	test.Tap(f.name)
	tk.tapKeys(t, "Zoë Fenwick")
	tk.tapText(t, "Done")
	drawOn(f.pad)
	tk.tapText(t, "Acknowledge and save")
	done, ok := tk.nav.Current().(*parentSaved)
	if !ok {
		t.Fatalf("after saving: on %T (%s)", tk.nav.Current(), f.message.Text)
	}
	for _, want := range []string{"Zoë Fenwick", "foster carer", p.Name(), "Sam Patel"} {
		if !strings.Contains(done.what, want) {
			t.Errorf("the confirmation %q does not say %q", done.what, want)
		}
	}
	recs, _ := tk.st.RecordsForPupil(context.Background(), p.ID)
	if len(recs) != 1 || recs[0].Body.Parent == nil || recs[0].Body.Parent.Relationship != "foster_carer" {
		t.Fatalf("records %+v", recs)
	}
	atts, _ := tk.st.RecordAttachments(context.Background(), recs[0].Body.ID)
	for _, a := range atts {
		if a.Kind == record.AttachParentName && string(a.Data) != "Zoë Fenwick" {
			t.Errorf("the parent's name was saved as %q", a.Data)
		}
	}
	tk.tapPrefix(t, "Back to")
	if _, ok := tk.nav.Current().(*pupilPage); !ok {
		t.Errorf("the confirmation went to %T", tk.nav.Current())
	}
}
