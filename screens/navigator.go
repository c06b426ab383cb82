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

// Navigator shows one screen at a time in a stack, like fyne-io/demo, and
// turns the switch keys into scanning: Space or Tab moves the highlight to
// the next target, Shift-Tab back, Enter selects the highlighted target.
type Navigator struct {
	root    *keyRoot
	stack   *fyne.Container
	canvas  fyne.Canvas
	current screen
	targets []*Target
	index   int // highlighted target, -1 for none

	now      func() time.Time
	shownAt  time.Time
	TapGuard time.Duration // taps this soon after a screen change are ignored
}

func newNavigator(now func() time.Time) *Navigator {
	n := &Navigator{stack: container.NewStack(), index: -1, now: now}
	n.root = newKeyRoot(n)
	return n
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
	if c, ok := n.current.(cleaner); ok {
		c.cleanup()
	}
	n.current = s
	obj := s.buildUI()
	n.stack.Objects = []fyne.CanvasObject{obj}
	n.stack.Refresh()
	n.targets = s.targets()
	for _, t := range n.targets {
		t.accept = n.acceptTap
	}
	n.index = -1
	n.shownAt = n.now()
	if n.canvas != nil {
		n.canvas.Focus(n.root)
	}
}

// Current is the screen on show.
func (n *Navigator) Current() screen { return n.current }

// Highlighted is the target under the scan highlight, or nil.
func (n *Navigator) Highlighted() *Target {
	if n.index < 0 || n.index >= len(n.targets) {
		return nil
	}
	return n.targets[n.index]
}

func (n *Navigator) acceptTap() bool {
	return n.now().Sub(n.shownAt) >= n.TapGuard
}

func (n *Navigator) move(step int) {
	if len(n.targets) == 0 {
		return
	}
	if old := n.Highlighted(); old != nil {
		old.setHighlighted(false)
	}
	switch {
	case n.index < 0 && step < 0:
		n.index = len(n.targets) - 1
	case n.index < 0:
		n.index = 0
	default:
		n.index = (n.index + step + len(n.targets)) % len(n.targets)
	}
	n.targets[n.index].setHighlighted(true)
}

func (n *Navigator) onKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace:
		n.move(1)
	case fyne.KeyTab:
		if n.root.shift {
			n.move(-1)
		} else {
			n.move(1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if t := n.Highlighted(); t != nil {
			t.Select()
		}
	default:
		if k, ok := n.current.(keyTaker); ok {
			k.typedKey(ev.Name)
		}
	}
}

func (n *Navigator) onRune(r rune) {
	if r == ' ' {
		return // Space is a switch key, handled in onKey
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
	_ fyne.Tappable   = (*Target)(nil)
)

func newKeyRoot(n *Navigator) *keyRoot {
	k := &keyRoot{nav: n}
	k.ExtendBaseWidget(k)
	return k
}

func (k *keyRoot) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(k.nav.stack)
}

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
