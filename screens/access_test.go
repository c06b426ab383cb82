package screens

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/store/record"
)

// manualTimers replaces the navigator's timers so a test fires them.
type manualTimers struct{ pending []func() }

func (m *manualTimers) after(d time.Duration, f func()) func() {
	i := len(m.pending)
	m.pending = append(m.pending, f)
	return func() { m.pending[i] = nil }
}

// fire runs the newest live timer; false when none is waiting.
func (m *manualTimers) fire() bool {
	for i := len(m.pending) - 1; i >= 0; i-- {
		if f := m.pending[i]; f != nil {
			m.pending[i] = nil
			f()
			return true
		}
	}
	return false
}

// startAs begins a sign-off for a band-b demo pupil with the given profile
// and returns on the first rule screen.
func (tk *testKiosk) startAs(t *testing.T, change func(*store.Profile)) *signOff {
	t.Helper()
	p := tk.pupilInBand(t, "b")
	change(&p.Profile)
	so, err := newSignOff(tk.Kiosk, p)
	if err != nil {
		t.Fatal(err)
	}
	tk.nav.Show(newWelcome(tk.Kiosk, so))
	tk.nav.Show(newStep(tk.Kiosk, so, 0))
	return so
}

func TestAutoScan_OneSwitch(t *testing.T) {
	tk := newTestKiosk(t)
	timers := &manualTimers{}
	tk.nav.after = timers.after
	tk.startAs(t, func(p *store.Profile) { p.ScanMode, p.ScanStepMS = store.ScanAuto, 1500 })
	n := len(tk.nav.targets)
	if h := tk.nav.Highlighted(); h != tk.nav.targets[0] {
		t.Fatalf("auto-scan starts on %v, want the first choice", h)
	}
	seen := 1
	for timers.fire() {
		if tk.nav.Highlighted() != nil {
			seen++
		}
	}
	if tk.nav.Highlighted() != nil {
		t.Fatal("auto-scan never stopped")
	}
	if seen != 2*n {
		t.Errorf("auto-scan showed %d highlights before stopping, want two rounds of %d", seen, n)
	}
	tk.keys(fyne.KeySpace) // stopped: Space starts again, it does not select
	if _, ok := tk.nav.Current().(*step); !ok || tk.nav.Highlighted() != tk.nav.targets[0] {
		t.Fatal("Space after the scan stopped did not restart it on the first choice")
	}
	timers.fire() // to "Not sure"
	tk.keys(fyne.KeySpace)
	st, ok := tk.nav.Current().(*step)
	if !ok || st.i != 1 || st.so.answers[0].Answer != record.AnswerNotSure {
		t.Fatalf("Space did not select the highlighted \"Not sure\": on %T", tk.nav.Current())
	}
}

func TestTarget_HoldToSelect(t *testing.T) {
	tk := newTestKiosk(t)
	tk.startAs(t, func(p *store.Profile) { p.HoldMS = 1000; p.TapGuardMS = 0 })
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	agree := tk.nav.current.(*step).agree
	agree.MouseDown(&desktop.MouseEvent{})
	now = now.Add(400 * time.Millisecond)
	agree.MouseUp(&desktop.MouseEvent{})
	test.Tap(agree) // a short press: ignored
	if st := tk.nav.Current().(*step); st.i != 0 {
		t.Fatal("a 400 ms press selected with a 1 s hold time")
	}
	agree.MouseDown(&desktop.MouseEvent{})
	if !agree.holdFill.Visible() {
		t.Error("no visible fill while holding")
	}
	now = now.Add(1100 * time.Millisecond)
	agree.MouseUp(&desktop.MouseEvent{})
	test.Tap(agree)
	if st := tk.nav.Current().(*step); st.i != 1 {
		t.Fatal("a 1.1 s hold did not select")
	}
}

func TestNavigator_RepeatFilter(t *testing.T) {
	tk := newTestKiosk(t)
	so := tk.startAs(t, func(p *store.Profile) { p.RepeatFilterMS = 1000; p.TapGuardMS = 0 })
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	tk.tapText(t, "Yes, I agree")
	now = now.Add(300 * time.Millisecond) // a tremor's second tap
	tk.tapText(t, "Yes, I agree")
	if len(so.answers) != 1 {
		t.Fatalf("%d answers after a double tap within the filter, want 1", len(so.answers))
	}
	now = now.Add(time.Second)
	tk.tapText(t, "Yes, I agree")
	if len(so.answers) != 2 {
		t.Fatalf("%d answers after a deliberate second tap, want 2", len(so.answers))
	}
}

func TestNavigator_SpeakHighlight(t *testing.T) {
	tk := newTestKiosk(t)
	var spoken [][]byte
	tk.nav.speak = func(c []byte) { spoken = append(spoken, c) }
	tk.startAs(t, func(p *store.Profile) { p.SpeakHighlight = true })
	tk.nav.targets[0].Clip = []byte("agree-clip")
	tk.keys(fyne.KeySpace)
	if len(spoken) != 1 || string(spoken[0]) != "agree-clip" {
		t.Fatalf("highlighting spoke %q", spoken)
	}
}

// TestRuleScreens_SizesAndPlaces walks every rule screen of every band at
// 1280×800: pupil targets ≥ 20 mm, answers ≥ 30 mm, Replay ≥ 25 mm, and
// Replay and the answers in the same place on every screen.
func TestRuleScreens_SizesAndPlaces(t *testing.T) {
	tk := newTestKiosk(t)
	d := fyne.CurrentApp().Driver()
	type place struct{ agree, notSure, replay fyne.Position }
	var first *place
	for _, band := range []string{"a", "b", "c"} {
		so, err := newSignOff(tk.Kiosk, tk.pupilInBand(t, band))
		if err != nil {
			t.Fatal(err)
		}
		for i := range so.steps {
			s := newStep(tk.Kiosk, so, i)
			tk.nav.Show(s)
			tk.w.Resize(fyne.NewSize(1280, 800))
			where := s.so.steps[i].ID()
			atLeast(t, where+" agree", s.agree, 30)
			atLeast(t, where+" not sure", s.notSure, 30)
			atLeast(t, where+" replay", s.replay, 25)
			atLeast(t, where+" stop", s.stop, 20)
			atLeast(t, where+" back", s.back, 20)
			p := place{d.AbsolutePositionForObject(s.agree), d.AbsolutePositionForObject(s.notSure), d.AbsolutePositionForObject(s.replay)}
			if first == nil {
				first = &p
			} else if p != *first {
				t.Errorf("%s: answers/replay at %+v, first screen had %+v", where, p, *first)
			}
			so.answer(i, record.AnswerAgree, 0, tk.clk)
		}
	}
	gap := first.notSure.X - (first.agree.X + MM(30))
	if gap < MM(5) {
		t.Errorf("answers only %.1f mm apart", gap/5.9)
	}
}

func atLeast(t *testing.T, what string, o fyne.CanvasObject, mm float32) {
	t.Helper()
	if s := o.Size(); s.Width < MM(mm) || s.Height < MM(mm) {
		t.Errorf("%s is %.1f × %.1f mm, want at least %v mm", what, s.Width/5.9, s.Height/5.9, mm)
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		lin := func(v uint32) float64 {
			x := float64(v) / 0xFFFF
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(bl)
	}
	l1, l2 := lum(a), lum(b)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func TestTheme_Contrast(t *testing.T) {
	for name, bg := range map[string]color.Color{"cream": Cream, "card": CardFill, "agree": AgreeFill, "not sure": UnsureFil} {
		if c := contrast(Ink, bg); c < 4.5 {
			t.Errorf("text on %s has contrast %.1f:1, want at least 4.5:1", name, c)
		}
	}
	if c := contrast(RingOuter, Cream); c < 3 {
		t.Errorf("the highlight ring has contrast %.1f:1 on cream, want at least 3:1", c)
	}
}

// texts collects the words an object tree shows.
func texts(o fyne.CanvasObject, out []string) []string {
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = texts(c, out)
		}
	case *container.Scroll:
		out = texts(x.Content, out)
	case *widget.Label:
		out = append(out, x.Text)
	case *canvas.Text:
		out = append(out, x.Text)
	case *Target:
		out = append(out, x.Text)
	}
	return out
}

// TestPupilScreens_NoPLevels checks that the school's band names (P-levels)
// never appear on a screen the pupil uses.
func TestPupilScreens_NoPLevels(t *testing.T) {
	tk := newTestKiosk(t)
	for _, band := range tk.Pack.Bands {
		so, err := newSignOff(tk.Kiosk, tk.pupilInBand(t, band.ID))
		if err != nil {
			t.Fatal(err)
		}
		pupilScreens := []screen{newWelcome(tk.Kiosk, so), newMark(tk.Kiosk, so)}
		for i := range so.steps {
			pupilScreens = append(pupilScreens, newStep(tk.Kiosk, so, i))
		}
		for _, s := range pupilScreens {
			for _, text := range texts(s.buildUI(), nil) {
				for _, b := range tk.Pack.Bands {
					if strings.Contains(text, b.Alias) {
						t.Errorf("band %s, %T shows %q", band.ID, s, text)
					}
				}
			}
		}
	}
}
