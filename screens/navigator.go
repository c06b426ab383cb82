package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// screen is one full-window step of the kiosk. targets lists what can be
// chosen in switch-scanning order (most likely choice first), after buildUI.
type screen interface {
	buildUI() fyne.CanvasObject
	targets() []*Target
}

// cleaner is a screen with something to stop when it is left (narration, timers).
type cleaner interface{ cleanup() }

// runeTaker is a screen that takes typed characters (the PIN pad).
type runeTaker interface{ typedRune(r rune) }

// keyTaker is a screen that takes keys other than the switch keys (Backspace).
type keyTaker interface{ typedKey(k fyne.KeyName) }

// typist is a screen with text fields (typing.go): while one is being typed
// into, characters, Space and Backspace go to it, and the scan order is
// the on-screen keyboard's keys.
type typist interface{ typist() *typing }

// Access is how the person in front of the kiosk chooses: the pupil's
// profile during a sign-off, the adult defaults otherwise.
type Access struct {
	TapGuard       time.Duration // taps and presses this soon after a screen change are ignored
	Hold           time.Duration // a touch must be held this long to count (0: a tap)
	RepeatFilter   time.Duration // a second choice this soon after one is ignored
	AutoScan       bool          // one switch: the highlight moves by itself, Space selects
	ScanStep       time.Duration // how long the highlight stays on each choice
	SpeakHighlight bool          // say each highlighted choice aloud
}

// Navigator shows one screen at a time in a stack, like fyne-io/demo, and
// turns the switch keys into scanning. Two switches: Space or Tab moves the
// highlight, Shift-Tab moves it back, Enter selects. One switch (auto-scan):
// the highlight moves every ScanStep (twice as long on the first choice),
// stops after two rounds until Space is pressed again, and Space selects.
type Navigator struct {
	root    *keyRoot
	stack   *fyne.Container
	canvas  fyne.Canvas
	current screen
	targets []*Target
	index   int // highlighted target, -1 for none

	Access
	now        func() time.Time
	after      func(d time.Duration, f func()) (stop func()) // a timer whose f runs on the UI goroutine
	speak      func(clip []byte)
	shownAt    time.Time
	lastChoice time.Time
	lastInput  time.Time // the last touch, key or screen change: the adult area's idle lock
	scanStop   func()
	scanSteps  int
}

func newNavigator(now func() time.Time) *Navigator {
	n := &Navigator{stack: container.NewStack(), index: -1, now: now, after: uiAfter}
	n.root = newKeyRoot(n)
	return n
}

func uiAfter(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// attach puts the navigator into a window's canvas and routes keys to it.
func (n *Navigator) attach(c fyne.Canvas) {
	n.canvas = c
	c.SetContent(n.root)
	c.SetOnTypedKey(n.onKey) // when the root has lost focus
	c.SetOnTypedRune(n.onRune)
	c.Focus(n.root)
}

// Show leaves the current screen (running its cleanup) and shows s.
func (n *Navigator) Show(s screen) {
	n.stopScan()
	if c, ok := n.current.(cleaner); ok {
		c.cleanup()
	}
	n.current = s
	obj := s.buildUI()
	n.stack.Objects = []fyne.CanvasObject{obj}
	n.stack.Refresh()
	n.setTargets()
	n.index = -1
	n.shownAt = n.now()
	n.lastInput = n.shownAt
	if n.canvas != nil {
		n.canvas.Focus(n.root)
	}
	if n.AutoScan {
		n.startScan()
	}
}

// setTargets takes the screen's choices in scanning order, leaving out any
// hidden one.
func (n *Navigator) setTargets() {
	all := n.current.targets()
	if tp := n.typing(); tp != nil {
		all = tp.targets()
	}
	n.targets = nil
	for _, t := range all {
		if t != nil && !t.Hidden {
			t.nav = n
			n.targets = append(n.targets, t)
		}
	}
}

// retarget reads the screen's choices again after it changed them in
// place; the highlight stays where it was if that choice is still there.
func (n *Navigator) retarget() {
	if n.current == nil {
		return
	}
	old := n.Highlighted()
	n.setTargets()
	n.index = -1
	for i, t := range n.targets {
		if t == old {
			n.index = i
		}
	}
	if old != nil && n.index < 0 {
		old.setHighlighted(false)
	}
}

// typing is the text being typed on the screen, nil when none is.
func (n *Navigator) typing() *typing {
	if tp, ok := n.current.(typist); ok && tp.typist().isTyping() {
		return tp.typist()
	}
	return nil
}

// Poke counts as adult activity (typing in a text field) for the idle lock.
func (n *Navigator) Poke() { n.lastInput = n.now() }

// Current is the screen on show.
func (n *Navigator) Current() screen { return n.current }

// Highlighted is the target under the scan highlight, or nil.
func (n *Navigator) Highlighted() *Target {
	if n.index < 0 || n.index >= len(n.targets) {
		return nil
	}
	return n.targets[n.index]
}

func (n *Navigator) settled() bool { return n.now().Sub(n.shownAt) >= n.TapGuard }

// acceptTouch decides whether a tap that was pressed at pressedAt counts.
func (n *Navigator) acceptTouch(pressedAt time.Time) bool {
	now := n.now()
	n.lastInput = now
	if !n.settled() || now.Sub(n.lastChoice) < n.RepeatFilter {
		return false
	}
	if n.Hold > 0 && (pressedAt.IsZero() || now.Sub(pressedAt) < n.Hold) {
		return false
	}
	n.lastChoice = now
	return true
}

// acceptSwitch decides whether a switch press counts.
func (n *Navigator) acceptSwitch() bool {
	if !n.settled() {
		return false
	}
	n.lastChoice = n.now()
	return true
}

func (n *Navigator) highlight(i int) {
	if old := n.Highlighted(); old != nil {
		old.setHighlighted(false)
	}
	n.index = i
	t := n.Highlighted()
	if t == nil {
		return
	}
	t.setHighlighted(true)
	n.reveal(t)
	if n.SpeakHighlight && n.speak != nil && t.Clip != nil {
		n.speak(t.Clip)
	}
}

// reveal scrolls the form the highlighted target is in, if it is in one,
// so a switch user always sees what the highlight is on.
func (n *Navigator) reveal(t *Target) {
	path := pathTo(n.stack, t)
	for i := len(path) - 1; i >= 0; i-- {
		sc, ok := path[i].(*container.Scroll)
		if !ok || i+1 >= len(path) {
			continue
		}
		y := float32(0) // t's top within the scrolled content
		for _, o := range path[i+2:] {
			y += o.Position().Y
		}
		view := sc.Size().Height
		switch {
		case y < sc.Offset.Y:
			sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y))
		case y+t.Size().Height > sc.Offset.Y+view:
			sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y+t.Size().Height-view))
		}
		return
	}
}

// pathTo is the chain of objects from root down to t, or nil.
func pathTo(root fyne.CanvasObject, t fyne.CanvasObject) []fyne.CanvasObject {
	if root == t {
		return []fyne.CanvasObject{root}
	}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		kids = x.Objects
	case *container.Scroll:
		kids = []fyne.CanvasObject{x.Content}
	}
	for _, k := range kids {
		if p := pathTo(k, t); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

func (n *Navigator) move(step int) {
	if len(n.targets) == 0 {
		return
	}
	switch {
	case n.index < 0 && step < 0:
		n.highlight(len(n.targets) - 1)
	case n.index < 0:
		n.highlight(0)
	default:
		n.highlight((n.index + step + len(n.targets)) % len(n.targets))
	}
}

func (n *Navigator) startScan() {
	n.stopScan()
	if len(n.targets) == 0 {
		return
	}
	n.scanSteps = 0
	n.highlight(0)
	n.scanStop = n.after(2*n.ScanStep, n.scanTick) // longer on the first choice
}

func (n *Navigator) scanTick() {
	n.scanStop = nil
	n.scanSteps++
	if n.scanSteps >= 2*len(n.targets) { // two rounds: wait for the switch
		n.highlight(-1)
		return
	}
	n.move(1)
	n.scanStop = n.after(n.ScanStep, n.scanTick)
}

func (n *Navigator) stopScan() {
	if n.scanStop != nil {
		n.scanStop()
		n.scanStop = nil
	}
}

func (n *Navigator) onKey(ev *fyne.KeyEvent) {
	n.lastInput = n.now()
	if tp := n.typing(); tp != nil && n.typedKey(tp, ev.Name) {
		return
	}
	switch ev.Name {
	case fyne.KeySpace:
		n.onSpace()
	case fyne.KeyTab:
		if n.root.shift {
			n.move(-1)
		} else {
			n.move(1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		n.selectHighlighted()
	default:
		if k, ok := n.current.(keyTaker); ok {
			k.typedKey(ev.Name)
		}
	}
}

// typedKey sends a key to the text being typed; false if it is not a
// typing key (Tab and Enter still scan and select).
func (n *Navigator) typedKey(tp *typing, key fyne.KeyName) bool {
	switch key {
	case fyne.KeySpace:
		tp.typeRune(' ')
	case fyne.KeyBackspace:
		tp.backspace()
	case fyne.KeyEscape:
		tp.close()
	case fyne.KeyReturn, fyne.KeyEnter:
		if n.Highlighted() != nil {
			return false
		}
		tp.close()
	default:
		return false
	}
	return true
}

func (n *Navigator) onSpace() {
	if !n.AutoScan {
		n.move(1)
		return
	}
	if n.Highlighted() == nil { // scanning stopped after two rounds: start again
		n.startScan()
		return
	}
	n.selectHighlighted()
}

func (n *Navigator) selectHighlighted() {
	if t := n.Highlighted(); t != nil {
		t.Select()
	}
}

func (n *Navigator) onRune(r rune) {
	n.lastInput = n.now()
	if r == ' ' {
		return // Space is a switch key (or types a space), handled in onKey
	}
	if tp := n.typing(); tp != nil {
		tp.typeRune(r)
		return
	}
	if rt, ok := n.current.(runeTaker); ok {
		rt.typedRune(r)
	}
}

// keyRoot wraps the screens and keeps the keyboard focus, so that Space,
// Enter and Tab reach the scanner instead of Fyne's own focus handling.
type keyRoot struct {
	widget.BaseWidget
	nav   *Navigator
	shift bool
}

var (
	_ fyne.Focusable  = (*keyRoot)(nil)
	_ fyne.Tabbable   = (*keyRoot)(nil)
	_ desktop.Keyable = (*keyRoot)(nil)
)

func newKeyRoot(n *Navigator) *keyRoot {
	k := &keyRoot{nav: n}
	k.ExtendBaseWidget(k)
	return k
}

func (k *keyRoot) CreateRenderer() fyne.WidgetRenderer { return &rootRenderer{nav: k.nav} }

// smallestWindow is the least the kiosk asks of a window: below the
// reference size the screens scale down to fit (scale.go), so the content
// never forces a window larger than the screen.
var smallestWindow = fyne.NewSize(designWidth*smallestUI, designHeight*smallestUI)

// rootRenderer lays the screen on show over the whole window, at a scale
// that fits the window.
type rootRenderer struct{ nav *Navigator }

func (r *rootRenderer) Layout(s fyne.Size) {
	r.nav.fit(s)
	r.nav.stack.Resize(s)
}

func (r *rootRenderer) MinSize() fyne.Size           { return smallestWindow }
func (r *rootRenderer) Refresh()                     { r.nav.stack.Refresh() }
func (r *rootRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.nav.stack} }
func (r *rootRenderer) Destroy()                     {}

func (k *keyRoot) FocusGained()               {}
func (k *keyRoot) FocusLost()                 {}
func (k *keyRoot) AcceptsTab() bool           { return true }
func (k *keyRoot) TypedRune(r rune)           { k.nav.onRune(r) }
func (k *keyRoot) TypedKey(ev *fyne.KeyEvent) { k.nav.onKey(ev) }

func (k *keyRoot) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		k.shift = true
	}
}

func (k *keyRoot) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		k.shift = false
	}
}
