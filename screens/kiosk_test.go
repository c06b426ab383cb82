package screens

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	st    *store.Store
	w     fyne.Window
	clk   time.Time
	stick string // a folder standing in for a USB stick called STICK, in the kiosk's media folder
}

// newTestKiosk builds the test kiosk; opts change its Deps first (a fake
// sync, a folder picker).
func newTestKiosk(t testing.TB, opts ...func(*Deps)) *testKiosk {
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
	media := t.TempDir()
	tk := &testKiosk{st: st, clk: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), stick: filepath.Join(media, "STICK")}
	if err := os.Mkdir(tk.stick, 0o755); err != nil {
		t.Fatal(err)
	}
	tk.w = test.NewTempWindow(t, nil)
	tk.w.SetPadded(false) // as main sets it: the screens pad themselves
	tk.w.Resize(fyne.NewSize(1280, 800))
	d := Deps{
		Pack: pack, PackFS: fsys, Roster: st, Signer: st, Adults: st, Importer: st, Narrator: &fakeNarrator{}, Tr: tr,
		Now:   func() time.Time { tk.clk = tk.clk.Add(time.Second); return tk.clk },
		Media: []string{media},
	}
	for _, o := range opts {
		o(&d)
	}
	tk.Kiosk = New(context.Background(), tk.w.Canvas(), d)
	tk.spawn = func(f func()) { f() } // slow work runs inline, so a test sees its end
	t.Cleanup(func() { setScale(1) }) // a test of a smaller window leaves the next at the reference size
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

// tapPrefix taps the first target on show whose text starts with s.
func (tk *testKiosk) tapPrefix(t *testing.T, s string) {
	t.Helper()
	for _, tg := range tk.nav.targets {
		if strings.HasPrefix(tg.Text, s) {
			test.Tap(tg)
			return
		}
	}
	t.Fatalf("no target starting %q on %T", s, tk.nav.Current())
}

// typePIN types pin on the screen on show, as a keyboard would.
func (tk *testKiosk) typePIN(pin string) {
	for _, r := range pin {
		if f := tk.w.Canvas().Focused(); f != nil {
			f.TypedRune(r)
		} else { // a tap took the focus away: the canvas's handler has the keys
			tk.w.Canvas().OnTypedRune()(r)
		}
	}
}

// signIn opens the adult area from the start screen.
func (tk *testKiosk) signIn(t *testing.T, pin string) {
	t.Helper()
	tk.tapText(t, "Adults: sign in")
	tk.typePIN(pin)
	tk.tapText(t, "Open")
	if _, ok := tk.nav.Current().(*home); !ok {
		t.Fatalf("after signing in: on %T", tk.nav.Current())
	}
}

// openPupil signs in as the TA and opens pupil p's page.
func (tk *testKiosk) openPupil(t *testing.T, p store.Pupil) {
	t.Helper()
	tk.signIn(t, store.DemoTAPIN)
	tk.tapPrefix(t, p.Class+":")
	tk.tapPrefix(t, p.Name()+"\n")
	if _, ok := tk.nav.Current().(*pupilPage); !ok {
		t.Fatalf("opening %s: on %T", p.Name(), tk.nav.Current())
	}
}

// drawOn makes a stroke on a signature pad.
func drawOn(p *signaturePad) {
	p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(50, 50)}, Dragged: fyne.NewDelta(40, 30)})
	p.DragEnd()
}

// countersignAs completes the adult's part from the PIN screen: PIN, what
// was observed (touch, independent, fully), and a signature.
func (tk *testKiosk) countersignAs(t *testing.T, pin string) {
	t.Helper()
	tk.typePIN(pin)
	tk.tapText(t, "Next")
	if _, ok := tk.nav.Current().(*observe); !ok {
		t.Fatalf("after the PIN: on %T", tk.nav.Current())
	}
	tk.tapText(t, "Touch")
	tk.tapText(t, "Independent")
	tk.tapText(t, "Fully")
	tk.tapText(t, "Next")
	a, ok := tk.nav.Current().(*attest)
	if !ok {
		t.Fatalf("after observing: on %T", tk.nav.Current())
	}
	drawOn(a.pad)
	tk.tapText(t, "Countersign and save")
}

// keys sends key presses through the window's focused object, as the
// switch interface does.
func (tk *testKiosk) keys(names ...fyne.KeyName) {
	for _, n := range names {
		if f := tk.w.Canvas().Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: n})
		} else {
			tk.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: n})
		}
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
			tk.openPupil(t, p)
			tk.tapText(t, "Start the sign-off")
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
			drawOn(m.pad)
			tk.tapText(t, "Done")
			if len(m.so.mark) < 100 || string(m.so.mark[1:4]) != "PNG" {
				t.Fatalf("the mark was not kept as a PNG (%d bytes)", len(m.so.mark))
			}
			if _, ok := tk.nav.Current().(*countersign); !ok {
				t.Fatalf("after the mark: on %T", tk.nav.Current())
			}
			tk.countersignAs(t, store.DemoTAPIN)
			if _, ok := tk.nav.Current().(*saved); !ok {
				t.Fatalf("after countersigning: on %T", tk.nav.Current())
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
			if b.Adult.Prompting != "independent" || b.Adult.Understanding != "fully" || b.Adult.Attestation != record.AttestationV1 {
				t.Errorf("observation = %+v", b.Adult)
			}
			if len(b.Answers) != len(steps) {
				t.Fatalf("%d answers, want %d", len(b.Answers), len(steps))
			}
			for i, a := range b.Answers {
				want := record.AnswerAgree
				if i == 1 {
					want = record.AnswerNotSure
				}
				if a.Statement != steps[i].ID() || a.Answer != want || a.Mode != record.ModeTouch {
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
	tk.openPupil(t, p)
	tk.tapText(t, "Start the sign-off")
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
		tk.typePIN(pin)
		tk.tapText(t, "Next")
		if tk.nav.Current() != cs {
			t.Fatalf("PIN %s: left the countersign screen for %T", pin, tk.nav.Current())
		}
		if want := tk.Tr.T(translations.CountersignWrongPIN); cs.pad.message.Text != want {
			t.Errorf("PIN %s: message %q", pin, cs.pad.message.Text)
		}
		if cs.pad.pin != "" {
			t.Errorf("PIN %s: the wrong PIN was kept", pin)
		}
	}
	tk.tapText(t, "Next") // no PIN at all
	if want := tk.Tr.T(translations.CountersignNeedPIN); cs.pad.message.Text != want {
		t.Errorf("empty PIN: message %q", cs.pad.message.Text)
	}
	// Two more wrong PINs make five in a row: PIN entry locks, and even
	// the right PIN is refused and countersigns nothing.
	for _, pin := range []string{"111111", "222222", store.DemoTAPIN} {
		tk.typePIN(pin)
		tk.tapText(t, "Next")
	}
	if tk.nav.Current() != cs || !strings.Contains(cs.pad.message.Text, "locked") {
		t.Errorf("after five wrong PINs and the right one: on %T, message %q", tk.nav.Current(), cs.pad.message.Text)
	}
	if n := len(tk.records(t)); n != 0 {
		t.Fatalf("%d records saved with wrong PINs", n)
	}
}

// TestSignOff_SwitchKeysOnly drives a whole sign-off with Space (move) and
// Enter (select), plus digits for the PINs, as a two-switch user would;
// only the adult's signature is drawn.
func TestSignOff_SwitchKeysOnly(t *testing.T) {
	tk := newTestKiosk(t)
	sel := []fyne.KeyName{fyne.KeySpace, fyne.KeyReturn}
	tk.keys(sel...) // Adults: sign in
	tk.typePIN(store.DemoAdminPIN)
	tk.keys(sel...) // Open is scanned first
	tk.keys(sel...) // first class
	ps, ok := tk.nav.Current().(*pupils)
	if !ok {
		t.Fatalf("on %T, want the pupil list", tk.nav.Current())
	}
	first := strings.Split(ps.pupils[0].Text, "\n")[0]
	tk.keys(sel...) // first pupil
	tk.keys(sel...) // Start the sign-off
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
	tk.typePIN(store.DemoAdminPIN)
	tk.keys(sel...) // Next is scanned first
	// The choices are scanned in the order shown; they change in place, so
	// the highlight stays on the one chosen and Space goes on from there.
	if _, ok := tk.nav.Current().(*observe); !ok {
		t.Fatalf("after the PIN: on %T", tk.nav.Current())
	}
	tk.keys(fyne.KeySpace)
	if h := tk.nav.Highlighted(); h == nil || h.Text != "Touch" {
		t.Fatalf("the first choice scanned on the observe screen is %v, not the first shown (Touch)", h)
	}
	choose := func(text string) {
		for i := 0; i <= len(tk.nav.targets); i++ {
			if h := tk.nav.Highlighted(); h != nil && h.Text == text {
				tk.keys(fyne.KeyReturn)
				return
			}
			tk.keys(fyne.KeySpace)
		}
		t.Fatalf("Space never reached %q on %T", text, tk.nav.Current())
	}
	choose("Switch")
	choose("Independent")
	choose("Fully")
	if h := tk.nav.Highlighted(); h == nil || h.Text != "Fully" || h.Fill != AgreeFill {
		t.Fatalf("after choosing Fully the highlight is on %v", h)
	}
	choose("Next")
	a, ok := tk.nav.Current().(*attest)
	if !ok {
		t.Fatalf("after observing: on %T", tk.nav.Current())
	}
	drawOn(a.pad)
	tk.keys(sel...) // Countersign and save
	if _, ok := tk.nav.Current().(*saved); !ok {
		t.Fatalf("after %d steps and the PIN: on %T (%s)", n, tk.nav.Current(), a.message.Text)
	}
	recs := tk.records(t)
	if len(recs) != 1 || recs[0].Pupil.Name() != first || recs[0].Adult.Name != "Alex Morgan" {
		t.Fatalf("records = %+v", recs)
	}
	if b := recs[0].Body; b.Answers[0].Mode != record.ModeSwitch || b.Adult.Prompting != "independent" || b.Adult.Understanding != "fully" {
		t.Errorf("observation = %s, %+v", b.Answers[0].Mode, b.Adult)
	}
	tk.keys(sel...) // Finished: the class list needs an adult's PIN again
	if _, ok := tk.nav.Current().(*signIn); !ok {
		t.Fatalf("after Saved: on %T, want the adult's PIN", tk.nav.Current())
	}
	tk.typePIN(store.DemoAdminPIN)
	tk.keys(sel...) // Open
	if _, ok := tk.nav.Current().(*pupils); !ok {
		t.Fatalf("after the PIN: on %T, want the class list", tk.nav.Current())
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
	tk.nav.Show(newStart(tk.Kiosk))
	test.Tap(tk.nav.targets[0])
	if _, ok := tk.nav.Current().(*start); !ok {
		t.Fatal("a tap inside the guard time changed the screen")
	}
	frozen = frozen.Add(600 * time.Millisecond)
	test.Tap(tk.nav.targets[0])
	if _, ok := tk.nav.Current().(*signIn); !ok {
		t.Fatalf("a tap after the guard time was ignored: on %T", tk.nav.Current())
	}
}

func ExampleMM() {
	fmt.Printf("%.0f px\n", MM(30))
	// Output: 177 px
}

// TestNavigator_ScanScrollsIntoView checks that the highlight never sits
// out of sight: scanning down a long form (a correction) scrolls it.
func TestNavigator_ScanScrollsIntoView(t *testing.T) {
	tk := newTestKiosk(t)
	p := tk.pupilInBand(t, "c")
	rec := tk.signedRecord(t, p)
	c := newCorrection(tk.Kiosk, rec, false)
	tk.nav.Show(c)
	d := fyne.CurrentApp().Driver()
	win := tk.w.Canvas().Size()
	for range c.targets() {
		tk.keys(fyne.KeySpace)
		h := tk.nav.Highlighted()
		at := d.AbsolutePositionForObject(h)
		if at.Y < 0 || at.Y+h.Size().Height > win.Height {
			t.Fatalf("the highlight on %q is at %v, out of the %v window", h.Text, at, win)
		}
	}
}
