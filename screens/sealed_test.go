package screens

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// everyKey is every key Fyne names, pressed on its own.
var everyKey = []fyne.KeyName{
	fyne.KeyEscape, fyne.KeyReturn, fyne.KeyTab, fyne.KeyBackspace, fyne.KeyInsert, fyne.KeyDelete, fyne.KeyRight,
	fyne.KeyLeft, fyne.KeyDown, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyF1,
	fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6, fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10,
	fyne.KeyF11, fyne.KeyF12, fyne.KeyEnter, fyne.Key0, fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5,
	fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9, fyne.KeyA, fyne.KeyB, fyne.KeyC, fyne.KeyD, fyne.KeyE, fyne.KeyF,
	fyne.KeyG, fyne.KeyH, fyne.KeyI, fyne.KeyJ, fyne.KeyK, fyne.KeyL, fyne.KeyM, fyne.KeyN, fyne.KeyO, fyne.KeyP,
	fyne.KeyQ, fyne.KeyR, fyne.KeyS, fyne.KeyT, fyne.KeyU, fyne.KeyV, fyne.KeyW, fyne.KeyX, fyne.KeyY, fyne.KeyZ,
	fyne.KeySpace, fyne.KeyApostrophe, fyne.KeyComma, fyne.KeyMinus, fyne.KeyPeriod, fyne.KeySlash, fyne.KeyBackslash,
	fyne.KeyLeftBracket, fyne.KeyRightBracket, fyne.KeySemicolon, fyne.KeyEqual, fyne.KeyAsterisk, fyne.KeyPlus,
	fyne.KeyBackTick, fyne.KeyUnknown, desktop.KeyNone, desktop.KeyShiftLeft, desktop.KeyShiftRight,
	desktop.KeyControlLeft, desktop.KeyControlRight, desktop.KeyAltLeft, desktop.KeyAltRight, desktop.KeySuperLeft,
	desktop.KeySuperRight, desktop.KeyMenu, desktop.KeyPrintScreen, desktop.KeyCapsLock,
}

// everyRune is every printable ASCII character and a few others a
// keyboard or switch interface may type.
func everyRune() []rune {
	var out []rune
	for r := rune(' '); r <= '~'; r++ {
		out = append(out, r)
	}
	return append(out, 'é', 'ł', '£', '€', '\t', '\n', '\x1b')
}

// sealedStart is a pupil screen to try everything on, made afresh.
type sealedStart struct {
	name string
	make func() screen
}

// pupilStarts are the screens a pupil may be left with, for a pupil of
// each band in each answer, mark and switch mode, made afresh each time.
func (tk *testKiosk) pupilStarts(t *testing.T) []sealedStart {
	t.Helper()
	var out []sealedStart
	for _, band := range tk.Pack.Bands {
		for _, variant := range []struct {
			name   string
			change func(*store.Profile)
		}{
			{"standard", func(*store.Profile) {}},
			{"two-choice, tick, auto-scan", func(p *store.Profile) {
				p.AnswerMode, p.MarkType, p.ScanMode = store.AnswerTwoChoice, store.MarkTick, store.ScanAuto
			}},
		} {
			p := tk.pupilInBand(t, band.ID)
			variant.change(&p.Profile)
			name := fmt.Sprintf("band %s (%s)", band.ID, variant.name)
			so := func(answered int) *signOff {
				so, err := newSignOff(tk.Kiosk, p)
				if err != nil {
					t.Fatal(err)
				}
				for i := range answered {
					so.answer(i, record.AnswerNotSure, 0, tk.clk)
				}
				so.mark = tickPNG()
				return so
			}
			steps := len(so(0).steps)
			add := func(what string, f func() screen) { out = append(out, sealedStart{name + " " + what, f}) }
			add("welcome", func() screen { return newWelcome(tk.Kiosk, so(0)) })
			for _, i := range []int{0, steps - 2, steps - 1} { // a statement, the consequences, the agreement
				add(fmt.Sprintf("step %d", i+1), func() screen { return newStep(tk.Kiosk, so(i), i) })
			}
			add("mark", func() screen { return newMark(tk.Kiosk, so(steps)) })
			add("hand-back", func() screen { return newCountersign(tk.Kiosk, so(steps)) })
			add("celebration", func() screen { return newSaved(tk.Kiosk, so(steps), "Saved.") })
			add("adult gate", func() screen { s := so(1); return newFlowGate(tk.Kiosk, s, newStep(tk.Kiosk, s, 1)) })
		}
	}
	out = append(out, sealedStart{"next pupil's PIN", func() screen {
		return newSignInThen(tk.Kiosk, translations.SavedNextPrompt, func() { t.Fatal("signed in without a PIN") })
	}})
	return out
}

// sealedOK reports whether a pupil may be on s without an adult's PIN: a
// screen of the sealed flow, or one that shows nothing at all (the locked
// start screen, the credits, closing the kiosk, which asks for a PIN).
func sealedOK(s screen) bool {
	switch s.(type) {
	case pupilFacing, *start, *credits, *closeKiosk:
		return true
	}
	return false
}

// TestSealedFlow_NoWayOutWithoutAPIN tries, on every screen a pupil may
// be left with, a tap at every point of a grid over the window, every key
// and character, a Space-then-Enter on every choice, the switch in
// auto-scan and a tap on the adult corner, and fails if any of them
// reaches an adult screen or signs an adult in.
func TestSealedFlow_NoWayOutWithoutAPIN(t *testing.T) {
	tk := newTestKiosk(t)
	tk.PackFS = plainPictures{tk.PackFS} // where a tap leads does not depend on the pictures; drawing them is most of a screen's build
	timers := &manualTimers{}
	tk.nav.after = timers.after
	const step = 16
	tried := 0
	starts := tk.pupilStarts(t)
	for _, st := range starts {
		show := func() {
			tk.adult = nil
			tk.nav.Show(st.make())
		}
		check := func(what string) {
			t.Helper()
			tried++
			if cur := tk.nav.Current(); !sealedOK(cur) || tk.adult != nil {
				t.Fatalf("%s: %s reached %T (adult %v)", st.name, what, cur, tk.adult)
			}
		}
		// A tap counts on release inside the object under the finger, so two
		// points over one object of a fresh screen do the same: each grid
		// point is tried, and an object already tapped on this screen is
		// known by what it did.
		show()
		areas := tappables(tk.w.Canvas())
		tapped := map[fyne.CanvasObject]bool{}
		for y := float32(step / 2); y < 800; y += step {
			for x := float32(step / 2); x < 1280; x += step {
				pos := fyne.NewPos(x, y)
				obj := areas.at(pos)
				tried++
				if obj == nil || tapped[obj] {
					continue
				}
				before := tk.nav.Current()
				test.TapCanvas(tk.w.Canvas(), pos)
				check(fmt.Sprintf("a tap at %v,%v", x, y))
				if tk.nav.Current() != before {
					show()
					areas, tapped = tappables(tk.w.Canvas()), map[fyne.CanvasObject]bool{}
					obj = areas.at(pos) // the fresh screen's object here
				}
				tapped[obj] = true
			}
		}
		// Keys and characters one after another, as a pupil leaning on a
		// keyboard would; a fresh screen only when one leads somewhere.
		show()
		for _, k := range everyKey {
			before := tk.nav.Current()
			tk.keys(k)
			check("key " + string(k))
			if tk.nav.Current() != before {
				show()
			}
		}
		for _, r := range everyRune() {
			before := tk.nav.Current()
			tk.typePIN(string(r))
			check(fmt.Sprintf("typing %q", r))
			if tk.nav.Current() != before {
				show()
			}
		}
		show()
		for i := range tk.nav.targets {
			show()
			for range i + 1 {
				tk.nav.move(1)
			}
			tk.keys(fyne.KeyReturn)
			check(fmt.Sprintf("Space ×%d then Enter", i+1))
		}
		show()
		for range 3 * len(tk.nav.targets) { // auto-scan: Space on whatever is highlighted as it moves
			before := tk.nav.Current()
			tk.keys(fyne.KeySpace)
			check("the switch")
			if tk.nav.Current() != before {
				show()
			}
			timers.fire()
		}
	}
	if want := len(starts) * 4000; tried < want {
		t.Errorf("only %d inputs were tried, want at least %d", tried, want)
	}
}

// plainPictures is a pack whose pictures are all one small square.
type plainPictures struct{ fs.FS }

func (p plainPictures) Open(name string) (fs.File, error) {
	if path.Ext(name) != ".svg" {
		return p.FS.Open(name)
	}
	return fstest.MapFS{name: {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`)}}.Open(name)
}

// tapAreas are the tappable objects on show, in drawing order, each with
// where it is in the window.
type tapAreas []struct {
	o      fyne.CanvasObject
	at, to fyne.Position
}

func tappables(c fyne.Canvas) tapAreas {
	var out tapAreas
	walkShown(c.Content(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, at fyne.Position) bool {
		if _, ok := o.(fyne.Tappable); ok {
			out = append(out, struct {
				o      fyne.CanvasObject
				at, to fyne.Position
			}{o, at, at.Add(o.Size())})
		}
		return true
	})
	return out
}

// at is the object a tap at pos reaches, as test.TapCanvas finds it: the
// last drawn (innermost) of those under it.
func (a tapAreas) at(pos fyne.Position) fyne.CanvasObject {
	for i := len(a) - 1; i >= 0; i-- {
		if pos.X >= a[i].at.X && pos.Y >= a[i].at.Y && pos.X < a[i].to.X && pos.Y < a[i].to.Y {
			return a[i].o
		}
	}
	return nil
}

// TestAdultCorner_HoldThenPIN checks the adult's way in: a tap or a short
// press does nothing; a hold opens the PIN pad, which lets no wrong PIN
// through; the right one opens the adult menu, where Stop keeps the
// sign-off as a draft and opens the pupil's page.
func TestAdultCorner_HoldThenPIN(t *testing.T) {
	tk := newTestKiosk(t)
	timers := &manualTimers{}
	tk.nav.after = timers.after
	p := tk.pupilInBand(t, "b")
	tk.openPupil(t, p)
	tk.tapText(t, "Start the sign-off")
	tk.tapText(t, "Start")
	tk.tapText(t, "Yes, I agree")
	st := tk.nav.Current().(*step)
	corner := findCorner(t, tk)
	corner.MouseDown(&desktop.MouseEvent{})
	corner.MouseUp(&desktop.MouseEvent{}) // let go before the hold is over
	for timers.fire() {
	}
	if tk.nav.Current() != st {
		t.Fatalf("a short press opened %T", tk.nav.Current())
	}
	corner.MouseDown(&desktop.MouseEvent{})
	timers.fire() // held for holdToOpen
	gate, ok := tk.nav.Current().(*flowGate)
	if !ok {
		t.Fatalf("holding the corner opened %T, want the PIN pad", tk.nav.Current())
	}
	tk.typePIN("999999")
	tk.tapText(t, "Open")
	if tk.nav.Current() != gate {
		t.Fatalf("a wrong PIN opened %T", tk.nav.Current())
	}
	tk.tapText(t, "Back")
	if tk.nav.Current() != st {
		t.Fatalf("Back on the PIN pad went to %T, not the pupil's statement", tk.nav.Current())
	}
	findCorner(t, tk).MouseDown(&desktop.MouseEvent{})
	timers.fire()
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Open")
	if _, ok := tk.nav.Current().(*flowMenu); !ok {
		t.Fatalf("the right PIN opened %T, want the adult menu", tk.nav.Current())
	}
	tk.tapText(t, "No clear response")
	next, ok := tk.nav.Current().(*step)
	if !ok || next.i != 2 || next.so.answers[1].Answer != record.AnswerNoClear || tk.adult != nil {
		t.Fatalf("No clear response: on %T, adult %v", tk.nav.Current(), tk.adult)
	}
	if tk.nav.TapGuard != 500*time.Millisecond {
		t.Errorf("back on the pupil's screen the tap guard is %v, not the pupil's", tk.nav.TapGuard)
	}
	findCorner(t, tk).MouseDown(&desktop.MouseEvent{})
	timers.fire()
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Open")
	tk.tapText(t, "Stop here and finish it later")
	page, ok := tk.nav.Current().(*pupilPage)
	if !ok || tk.adult == nil || tk.adult.Name != "Sam Patel" || page.st.DraftID != next.so.id {
		t.Fatalf("Stop: on %T, adult %v, draft %q", tk.nav.Current(), tk.adult, page.st.DraftID)
	}
}

func TestFlowMenu_IdleGoesBackToThePupil(t *testing.T) {
	tk := newTestKiosk(t)
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	so, err := newSignOff(tk.Kiosk, tk.pupilInBand(t, "a"))
	if err != nil {
		t.Fatal(err)
	}
	back := newStep(tk.Kiosk, so, 0)
	for name, s := range map[string]screen{
		"adult menu": newFlowMenu(tk.Kiosk, so, back, store.Staff{ID: 1, Name: "Sam Patel"}),
		"settings": func() screen {
			e := newProfileEditor(tk.Kiosk, so, 1, func() { tk.nav.Show(back) })
			e.inFlow = true
			return e
		}(),
		"observe": newObserve(tk.Kiosk, so),
		"attest":  newAttest(tk.Kiosk, so),
	} {
		tk.nav.Show(s)
		now = now.Add(IdleLock + time.Second)
		tk.checkIdle()
		if !sealedOK(tk.nav.Current()) {
			t.Errorf("%s left alone: still on %T", name, tk.nav.Current())
		}
	}
}

func findCorner(t *testing.T, tk *testKiosk) *adultCorner {
	t.Helper()
	var found *adultCorner
	walkShown(tk.nav.stack, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) bool {
		if c, ok := o.(*adultCorner); ok {
			found = c
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("no adult corner on %T", tk.nav.Current())
	}
	return found
}

// shownTexts are the words a screen shows, inside widgets too.
func shownTexts(root fyne.CanvasObject) []string {
	var out []string
	walkShown(root, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) bool {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *textField:
			out = append(out, x.shown())
		}
		return true
	})
	return out
}

// TestPupilScreens_NoAdultData checks every screen a pupil may see, at each
// band, for what only adults may see: the school's band names (P-levels),
// any other pupil's name, and counts (the answers' tally, follow-ups).
func TestPupilScreens_NoAdultData(t *testing.T) {
	tk := newTestKiosk(t)
	roster := map[string]bool{}
	classes, err := tk.st.Classes(t.Context())
	if err != nil || len(classes) == 0 {
		t.Fatalf("classes %v, %v", classes, err)
	}
	for _, c := range classes {
		ps, _ := tk.st.PupilsInClass(t.Context(), c)
		for _, p := range ps {
			roster[p.GivenName], roster[p.FamilyName] = true, true
		}
	}
	digits := regexp.MustCompile(`[0-9]`)
	for _, st := range tk.pupilStarts(t) {
		s := st.make()
		tk.nav.Show(s)
		own := map[string]bool{}
		if so := signOffOf(s); so != nil {
			own[so.pupil.GivenName], own[so.pupil.FamilyName] = true, true
		}
		for _, text := range shownTexts(tk.nav.stack) {
			for _, b := range tk.Pack.Bands {
				if strings.Contains(text, b.Alias) {
					t.Errorf("%s shows the band name %q: %q", st.name, b.Alias, text)
				}
			}
			for name := range roster {
				if !own[name] && regexp.MustCompile(`\b`+regexp.QuoteMeta(name)+`\b`).MatchString(text) {
					t.Errorf("%s shows another pupil's name %q: %q", st.name, name, text)
				}
			}
			if digits.MatchString(text) && !pinKey(text) {
				t.Errorf("%s shows a number: %q", st.name, text)
			}
			if strings.Contains(strings.ToLower(text), "follow-up") || strings.Contains(text, "answered") {
				t.Errorf("%s shows the adult's summary: %q", st.name, text)
			}
		}
	}
}

// pinKey is a PIN pad key's digit.
func pinKey(text string) bool { return len(text) == 1 && text[0] >= '0' && text[0] <= '9' }

// signOffOf is the sign-off a pupil screen belongs to, if any.
func signOffOf(s screen) *signOff {
	switch x := s.(type) {
	case *welcome:
		return x.so
	case *step:
		return x.so
	case *mark:
		return x.so
	case *countersign:
		return x.so
	case *saved:
		return x.so
	case *flowGate:
		return x.so
	}
	return nil
}
