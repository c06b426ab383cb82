package screens

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// fakeNarrator records what it was asked to play.
type fakeNarrator struct {
	mu     sync.Mutex
	played int
	stops  int
}

func (f *fakeNarrator) Play([]byte, func()) error { f.mu.Lock(); f.played++; f.mu.Unlock(); return nil }
func (f *fakeNarrator) Stop()                     { f.mu.Lock(); f.stops++; f.mu.Unlock() }

// testKiosk is a kiosk on a real store file, the default pack and a clock
// that moves a second on every reading (so the tap guard never holds).
type testKiosk struct {
	*Kiosk
	st  *store.Store
	w   fyne.Window
	clk time.Time
}

func newTestKiosk(t testing.TB) *testKiosk {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
	st, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		t.Fatal(err)
	}
	tk := &testKiosk{st: st, clk: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	tk.w = test.NewTempWindow(t, nil)
	tk.w.Resize(fyne.NewSize(1280, 800))
	tk.Kiosk = New(context.Background(), tk.w.Canvas(), Deps{
		Pack: pack, PackFS: fsys, Roster: st, Signer: st, Narrator: &fakeNarrator{}, Tr: tr,
		Now: func() time.Time { tk.clk = tk.clk.Add(time.Second); return tk.clk },
	})
	return tk
}

// pupilInBand finds a demo pupil with the given band.
func (tk *testKiosk) pupilInBand(t testing.TB, band string) store.Pupil {
	t.Helper()
	ctx := context.Background()
	classes, _ := tk.st.Classes(ctx)
	for _, c := range classes {
		ps, _ := tk.st.PupilsInClass(ctx, c)
		for _, p := range ps {
			if p.Band == band {
				return p
			}
		}
	}
	t.Fatalf("no demo pupil in band %s", band)
	return store.Pupil{}
}

// tapText taps the target on show whose text is s.
func (tk *testKiosk) tapText(t *testing.T, s string) {
	t.Helper()
	for _, tg := range tk.nav.targets {
		if tg.Text == s {
			test.Tap(tg)
			return
		}
	}
	t.Fatalf("no target %q on %T", s, tk.nav.Current())
}

// keys sends key presses through the window's focused object, as the
// switch interface does.
func (tk *testKiosk) keys(names ...fyne.KeyName) {
	for _, n := range names {
		tk.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: n})
	}
}

func (tk *testKiosk) records(t *testing.T) []store.SavedRecord {
	t.Helper()
	recs, err := tk.st.Records(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestSignOff_EachBand(t *testing.T) {
	for _, band := range []string{"a", "b", "c"} {
		t.Run("band "+band, func(t *testing.T) {
			tk := newTestKiosk(t)
			p := tk.pupilInBand(t, band)
			tk.tapText(t, p.Class)
			tk.tapText(t, p.DisplayName())
			tk.tapText(t, "Start")
			form, _ := tk.Pack.PupilForm(band)
			steps := form.Steps()
			for i := range steps {
				if _, ok := tk.nav.Current().(*step); !ok {
					t.Fatalf("step %d: on %T", i, tk.nav.Current())
				}
				answer := "Yes, I agree"
				if i == 1 {
					answer = "Not sure"
				}
				tk.tapText(t, answer)
			}
			m, ok := tk.nav.Current().(*mark)
			if !ok {
				t.Fatalf("after the last step: on %T, want the mark", tk.nav.Current())
			}
			tk.tapText(t, "Done") // nothing drawn yet
			if tk.nav.Current() != m || m.message.Text == "" {
				t.Fatal("Done with an empty pad went on without a word")
			}
			m.pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(50, 50)}, Dragged: fyne.NewDelta(40, 30)})
			m.pad.DragEnd()
			tk.tapText(t, "Done")
			if len(m.so.mark) < 100 || string(m.so.mark[1:4]) != "PNG" {
				t.Fatalf("the mark was not kept as a PNG (%d bytes)", len(m.so.mark))
			}
			cs, ok := tk.nav.Current().(*countersign)
			if !ok {
				t.Fatalf("after the last step: on %T", tk.nav.Current())
			}
			for _, r := range store.DemoTAPIN {
				cs.typedRune(r)
			}
			tk.tapText(t, "Countersign and save")
			if _, ok := tk.nav.Current().(*saved); !ok {
				t.Fatalf("after countersigning: on %T (%s)", tk.nav.Current(), cs.message.Text)
			}
			recs := tk.records(t)
			if len(recs) != 1 {
				t.Fatalf("%d records saved, want 1", len(recs))
			}
			b := recs[0].Body
			if b.Band != band || b.PupilRef != p.UPN || b.Form != form.ID {
				t.Errorf("record band/pupil/form = %s/%s/%s", b.Band, b.PupilRef, b.Form)
			}
			if b.Pack.ID != tk.Pack.ID || b.Pack.Version != tk.Pack.Version || b.Pack.Fingerprint != tk.Pack.Fingerprint {
				t.Errorf("record pack = %+v", b.Pack)
			}
			if recs[0].Adult.Name != "Sam Patel" || b.Adult.Role != "ta" {
				t.Errorf("countersigned by %q (%s)", recs[0].Adult.Name, b.Adult.Role)
			}
			if len(b.Answers) != len(steps) {
				t.Fatalf("%d answers, want %d", len(b.Answers), len(steps))
			}
			for i, a := range b.Answers {
				want := record.AnswerAgree
				if i == 1 {
					want = record.AnswerNotSure
				}
				if a.Statement != steps[i].ID() || a.Answer != want {
					t.Errorf("answer %d = %s:%s, want %s:%s", i, a.Statement, a.Answer, steps[i].ID(), want)
				}
			}
			if fu := b.FollowUps(); len(fu) != 1 || fu[0] != steps[1].ID() {
				t.Errorf("follow-ups = %v", fu)
			}
		})
	}
}

// walkToCountersign answers every step "agree" for a band-b pupil.
func (tk *testKiosk) walkToCountersign(t *testing.T) *countersign {
	t.Helper()
	p := tk.pupilInBand(t, "b")
	tk.tapText(t, p.Class)
	tk.tapText(t, p.DisplayName())
	tk.tapText(t, "Start")
	for range tk.nav.Current().(*step).so.steps {
		tk.tapText(t, "Yes, I agree")
	}
	tk.tapText(t, "Use a tick")
	tk.tapText(t, "I agree")
	cs, ok := tk.nav.Current().(*countersign)
	if !ok {
		t.Fatalf("on %T, want countersign", tk.nav.Current())
	}
	return cs
}

func TestCountersign_WrongPIN(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	for _, pin := range []string{"999999", "24681", store.DemoTAPIN + "0"} {
		for _, r := range pin {
			cs.typedRune(r)
		}
		tk.tapText(t, "Countersign and save")
		if tk.nav.Current() != cs {
			t.Fatalf("PIN %s: left the countersign screen for %T", pin, tk.nav.Current())
		}
		if want := tk.Tr.T(translations.CountersignWrongPIN); cs.message.Text != want {
			t.Errorf("PIN %s: message %q", pin, cs.message.Text)
		}
		if cs.pin != "" {
			t.Errorf("PIN %s: the wrong PIN was kept", pin)
		}
	}
	tk.tapText(t, "Countersign and save") // no PIN at all
	if want := tk.Tr.T(translations.CountersignNeedPIN); cs.message.Text != want {
		t.Errorf("empty PIN: message %q", cs.message.Text)
	}
	if n := len(tk.records(t)); n != 0 {
		t.Fatalf("%d records saved with wrong PINs", n)
	}
}

// TestSignOff_SwitchKeysOnly drives a whole sign-off with Space (move) and
// Enter (select), plus digits for the PIN, as a two-switch user would.
func TestSignOff_SwitchKeysOnly(t *testing.T) {
	tk := newTestKiosk(t)
	sel := []fyne.KeyName{fyne.KeySpace, fyne.KeyReturn}
	tk.keys(sel...) // first class
	ps, ok := tk.nav.Current().(*pupils)
	if !ok {
		t.Fatalf("on %T, want the pupil list", tk.nav.Current())
	}
	first := ps.pupils[0].Text
	tk.keys(sel...) // first pupil
	tk.keys(sel...) // Start
	n := 0
	for {
		if _, ok := tk.nav.Current().(*step); !ok {
			break
		}
		if h := tk.nav.Highlighted(); h != nil {
			t.Fatalf("a highlight carried over to a new screen: %q", h.Text)
		}
		tk.keys(fyne.KeySpace)
		if h := tk.nav.Highlighted(); h == nil || h.Text != "Yes, I agree" {
			t.Fatalf("first Space highlights %v, want the agree answer", h)
		}
		tk.keys(fyne.KeyReturn)
		n++
	}
	if _, ok := tk.nav.Current().(*mark); !ok {
		t.Fatalf("after %d steps: on %T, want the mark", n, tk.nav.Current())
	}
	tk.keys(fyne.KeySpace, fyne.KeySpace, fyne.KeyReturn) // "Use a tick"
	tk.keys(sel...)                                       // the big tick
	for _, r := range store.DemoAdminPIN {
		tk.w.Canvas().Focused().TypedRune(r)
	}
	tk.keys(sel...) // Countersign and save is scanned first
	if _, ok := tk.nav.Current().(*saved); !ok {
		t.Fatalf("after %d steps and the PIN: on %T", n, tk.nav.Current())
	}
	recs := tk.records(t)
	if len(recs) != 1 || recs[0].Pupil.DisplayName() != first || recs[0].Adult.Name != "Alex Morgan" {
		t.Fatalf("records = %+v", recs)
	}
	tk.keys(sel...) // back to the class list
	if _, ok := tk.nav.Current().(*pupils); !ok {
		t.Fatalf("after Saved: on %T", tk.nav.Current())
	}
}

func TestNavigator_Scanning(t *testing.T) {
	tk := newTestKiosk(t)
	n := len(tk.nav.targets)
	if n < 2 {
		t.Fatalf("home has %d targets", n)
	}
	var seen []string
	for i := 0; i < n+1; i++ {
		tk.keys(fyne.KeySpace)
		seen = append(seen, tk.nav.Highlighted().Text)
	}
	if seen[0] != seen[n] {
		t.Errorf("Space did not wrap around: %v", seen)
	}
	tk.keys(fyne.KeyTab)
	if got := tk.nav.Highlighted().Text; got != seen[1] {
		t.Errorf("Tab went to %q, want %q", got, seen[1])
	}
	tk.nav.root.KeyDown(&fyne.KeyEvent{Name: "LeftShift"})
	tk.keys(fyne.KeyTab)
	tk.nav.root.KeyUp(&fyne.KeyEvent{Name: "LeftShift"})
	if got := tk.nav.Highlighted().Text; got != seen[0] {
		t.Errorf("Shift-Tab went to %q, want %q", got, seen[0])
	}
	count := 0
	for _, tg := range tk.nav.targets {
		if tg.Highlighted() {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d targets highlighted at once", count)
	}
}

func TestNavigator_TapGuard(t *testing.T) {
	tk := newTestKiosk(t)
	frozen := tk.clk
	tk.Now = func() time.Time { return frozen }
	tk.nav.now = tk.Now
	tk.nav.TapGuard = 500 * time.Millisecond
	tk.nav.Show(newHome(tk.Kiosk))
	test.Tap(tk.nav.targets[0])
	if _, ok := tk.nav.Current().(*home); !ok {
		t.Fatal("a tap inside the guard time changed the screen")
	}
	frozen = frozen.Add(600 * time.Millisecond)
	test.Tap(tk.nav.targets[0])
	if _, ok := tk.nav.Current().(*pupils); !ok {
		t.Fatalf("a tap after the guard time was ignored: on %T", tk.nav.Current())
	}
}

func ExampleMM() {
	fmt.Printf("%.0f px\n", MM(30))
	// Output: 177 px
}

// TestScreens_FitTheReferenceTablet checks that no screen, for any band,
// needs more than the 1280×800 reference tablet: a screen that did would
// grow the window and push answers off the bottom.
func TestScreens_FitTheReferenceTablet(t *testing.T) {
	tk := newTestKiosk(t)
	limit := fyne.NewSize(1280, 800)
	fits := func(name string, s screen) {
		t.Helper()
		tk.nav.Show(s)
		if got := tk.w.Canvas().Content().MinSize(); got.Width > limit.Width || got.Height > limit.Height {
			t.Errorf("%s needs %v, more than %v", name, got, limit)
		}
	}
	for _, band := range []string{"a", "b", "c"} {
		p := tk.pupilInBand(t, band)
		so, err := newSignOff(tk.Kiosk, p)
		if err != nil {
			t.Fatal(err)
		}
		fits("pupils "+p.Class, newPupils(tk.Kiosk, p.Class))
		fits("welcome "+band, newWelcome(tk.Kiosk, so))
		fits("settings "+band, newProfileEditor(tk.Kiosk, so))
		for i := range so.steps {
			fits(fmt.Sprintf("band %s step %d (%s)", band, i+1, so.steps[i].ID()), newStep(tk.Kiosk, so, i))
			so.answer(i, record.AnswerAgree, 0, tk.clk)
		}
		m := newMark(tk.Kiosk, so)
		fits("mark (draw) "+band, m)
		m.onSwap()
		fits("mark (tick) "+band, m)
		fits("countersign "+band, newCountersign(tk.Kiosk, so))
		fits("saved "+band, newSaved(tk.Kiosk, so, "Saved."))
	}
	fits("home", newHome(tk.Kiosk))
	fits("credits", newCredits(tk.Kiosk))
}
