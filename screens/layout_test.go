package screens

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"smartkiosk/store"
	"smartkiosk/store/record"
)

// windowSizes are the windows every screen must fit: the reference 10.1"
// tablet, a small 7" one, and a reception desk's monitor.
var windowSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1024, Height: 600}, {Width: 1920, Height: 1080}}

// shown is one screen in a state worth laying out; then runs once it is
// on show (opening the keyboard, a folder).
type shown struct {
	name string
	s    screen
	then func()
}

// everyScreen is every screen of the kiosk, pupil and adult, in the states
// that need the most room.
func (tk *testKiosk) everyScreen(t *testing.T) []shown {
	t.Helper()
	tk.signIn(t, store.DemoAdminPIN)
	mustWrite(t, filepath.Join(tk.stick, "Class lists 2026", "Oak and Willow, autumn term.csv"), badRosterCSV)
	var out []shown
	add := func(name string, s screen, then func()) { out = append(out, shown{name, s, then}) }
	for _, band := range tk.Pack.Bands {
		p := tk.pupilInBand(t, band.ID)
		so, err := newSignOff(tk.Kiosk, p)
		if err != nil {
			t.Fatal(err)
		}
		add("welcome "+band.ID, newWelcome(tk.Kiosk, so), nil)
		for i := range so.steps {
			add(fmt.Sprintf("band %s step %d", band.ID, i+1), newStep(tk.Kiosk, so, i), nil)
			so.answer(i, record.AnswerAgree, 0, tk.clk)
		}
		add("mark (draw) "+band.ID, newMark(tk.Kiosk, so), nil)
		tick := newMark(tk.Kiosk, so)
		tick.tickMode = true
		add("mark (tick) "+band.ID, tick, nil)
		add("hand-back "+band.ID, newCountersign(tk.Kiosk, so), nil)
		add("adult gate "+band.ID, newFlowGate(tk.Kiosk, so, newStep(tk.Kiosk, so, 0)), nil)
		add("adult menu "+band.ID, newFlowMenu(tk.Kiosk, so, newStep(tk.Kiosk, so, 0), store.Staff{ID: 1, Name: "Sam Patel"}), nil)
		add("settings "+band.ID, newProfileEditor(tk.Kiosk, so, 1, func() {}), nil)
		obs := newObserve(tk.Kiosk, so)
		add("observe "+band.ID, obs, nil)
		add("observe, typing a note "+band.ID, obs, func() { obs.typing.open(obs.typing.fields[0]) })
		phys := *so
		phys.obs = observation{Mode: record.ModePhysical, Prompting: record.PromptingPhysical, Understanding: "partly"}
		add("observe physical "+band.ID, newObserve(tk.Kiosk, &phys), nil)
		add("attest "+band.ID, newAttest(tk.Kiosk, so), nil)
		add("celebration "+band.ID, newSaved(tk.Kiosk, so, "Oliver Bennett's agreement is saved, countersigned by Sam Patel."), nil)
		add("pupil page "+band.ID, newPupilPage(tk.Kiosk, p.ID), nil)
		pf := newParentForm(tk.Kiosk, p)
		add("parent form "+band.ID, pf, nil)
		add("parent form, typing "+band.ID, pf, func() { pf.typing.open(pf.name) })
		add("parent saved "+band.ID, newParentSaved(tk.Kiosk, p, "Jordan Example (carer) acknowledged the parent/carer agreement for "+
			p.Name()+" on 2 December 2026, 10:31, witnessed by Alex Morgan."), nil)
	}
	for name, s := range tk.adultScreens(t) {
		add(name, s, nil)
	}
	staff := newStaffEditor(tk.Kiosk, nil)
	add("staff add, typing a name", staff, func() { staff.typing.open(staff.typing.fields[0]) })
	enrol := newEnrolForm(tk.Kiosk)
	add("enrol", enrol, nil)
	exp := newExportPage(tk.Kiosk)
	add("export", exp, nil)
	add("sync", newSyncPage(tk.Kiosk), nil)
	files := &filePicker{k: tk.Kiosk, from: newHome(tk.Kiosk), files: true, gotFile: func(string, []byte, error) {}}
	add("file page, drives", files, func() { files.lookForDrives() })
	add("file page, a folder", files, func() {
		files.open(drive{name: "STICK", path: tk.stick}, filepath.Join(tk.stick, "Class lists 2026"))
	})
	folders := &filePicker{k: tk.Kiosk, from: newHome(tk.Kiosk), gotDir: func(string, error) {}}
	add("folder page", folders, func() { folders.open(drive{name: "STICK", path: tk.stick}, tk.stick) })
	return out
}

// TestScreens_FitEveryWindow lays out every screen in each window size and
// fails where a screen needs more than the window, a control leaves it, a
// target's words do not fit the target, or a scrolled form is wider than
// its scroll (so its right-hand controls are cut off).
func TestScreens_FitEveryWindow(t *testing.T) {
	tk := newTestKiosk(t)
	tk.fitsEveryWindow(t, tk.everyScreen(t))
}

func (tk *testKiosk) fitsEveryWindow(t *testing.T, screens []shown) {
	t.Helper()
	defer tk.w.Resize(fyne.NewSize(1280, 800))
	for _, size := range windowSizes {
		tk.w.Resize(size)
		for _, sh := range screens {
			tk.nav.Show(sh.s)
			if sh.then != nil {
				sh.then()
			}
			where := fmt.Sprintf("%v %s", size, sh.name)
			tk.saveShot(t, fmt.Sprintf("%dx%d %s", int(size.Width), int(size.Height), sh.name))
			content := tk.nav.stack.Objects[0]
			if min := content.MinSize(); min.Width > size.Width+0.5 || min.Height > size.Height+0.5 {
				t.Errorf("%s needs %v", where, min)
			}
			checkFits(t, where, content, size)
		}
	}
}

// saveShot writes what the window shows to $SCREEN_SHOTS/name.png, when
// set, for a person to look at every screen at every size.
func (tk *testKiosk) saveShot(t *testing.T, name string) {
	dir := os.Getenv("SCREEN_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, strings.NewReplacer("/", "-", " ", "_", ",", "").Replace(name)+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, tk.w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// checkFits walks what is on show and reports what does not fit.
func checkFits(t *testing.T, where string, root fyne.CanvasObject, window fyne.Size) {
	t.Helper()
	walkShown(root, fyne.NewPos(0, 0), func(o fyne.CanvasObject, at fyne.Position) bool {
		s := o.Size()
		if at.X < -0.5 || at.Y < -0.5 || at.X+s.Width > window.Width+0.5 || at.Y+s.Height > window.Height+0.5 {
			t.Errorf("%s: %T %q at %v, %v, leaves the window", where, o, textOf(o), at, s)
			return false
		}
		switch x := o.(type) {
		case *Target:
			if x.overflow {
				t.Errorf("%s: the words %q do not fit their target (%v)", where, x.Text, s)
			}
		case *container.Scroll:
			if x.Direction == container.ScrollVerticalOnly && x.Content.Size().Width > s.Width+0.5 {
				t.Errorf("%s: a form %v wide in a scroll %v wide", where, x.Content.Size().Width, s.Width)
			}
			return false // what is scrolled out of view is meant to be
		}
		return true
	})
}

// walkShown visits every visible object with its position in the window,
// going into containers and widgets while visit says so.
func walkShown(o fyne.CanvasObject, parent fyne.Position, visit func(fyne.CanvasObject, fyne.Position) bool) {
	if o == nil || !o.Visible() {
		return
	}
	at := parent.Add(o.Position())
	if !visit(o, at) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkShown(c, at, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkShown(c, at, visit)
		}
	}
}

func textOf(o fyne.CanvasObject) string {
	if t, ok := o.(*Target); ok {
		return t.Text
	}
	return ""
}

func TestScaleFor(t *testing.T) {
	for _, c := range []struct {
		size fyne.Size
		want float32
	}{
		{fyne.NewSize(1280, 800), 1}, {fyne.NewSize(1920, 1080), 1.3}, {fyne.NewSize(1024, 600), 0.75},
		{fyne.NewSize(1280, 720), 0.9}, {fyne.NewSize(1279, 800), 0.95}, {fyne.NewSize(320, 200), smallestUI},
		{fyne.NewSize(3840, 2160), largestUI},
	} {
		if got := scaleFor(c.size); got < c.want-0.001 || got > c.want+0.001 {
			t.Errorf("scaleFor(%v) = %v, want %v", c.size, got, c.want)
		}
	}
}
