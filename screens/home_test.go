package screens

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
)

// TestHome_PackNotice: when the kiosk is not running the pack it should
// (the hub's failed to load), the adult home says so, in red, under the
// school's name; with no notice, nothing extra is shown.
func TestHome_PackNotice(t *testing.T) {
	const notice = `The policy pack the hub sent, "acme" version 2026.2, could not be loaded, so this tablet is using the pack "example" version 2026.1 (Example School) instead.`
	tk := newTestKiosk(t, func(d *Deps) { d.Notice = notice })
	tk.signIn(t, store.DemoTAPIN)
	content := tk.nav.stack
	if !slices.Contains(labels(content), notice) {
		t.Fatalf("the adult home does not show the notice; it shows %q", labels(content))
	}
	for _, l := range allLabels(content) {
		if l.Text == notice && l.Importance != widget.DangerImportance {
			t.Errorf("the notice is not shown as a warning (importance %v)", l.Importance)
		}
	}

	plain := newTestKiosk(t)
	plain.signIn(t, store.DemoTAPIN)
	if got, want := len(labels(plain.nav.stack)), len(labels(content))-1; got != want {
		t.Errorf("with no notice the home has %d labels, want %d", got, want)
	}
}

// allLabels collects the labels in obj, as labels does their text.
func allLabels(obj fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		}
	}
	walk(obj)
	return out
}
