package screens

import (
	"testing"

	"fyne.io/fyne/v2"
)

// BenchmarkShow times building and laying out each kind of screen at the
// reference 1280×800, as the navigator does on every screen change.
func BenchmarkShow(b *testing.B) {
	tk := newTestKiosk(b)
	p := tk.pupilInBand(b, "c")
	so, err := newSignOff(tk.Kiosk, p)
	if err != nil {
		b.Fatal(err)
	}
	for i := range so.steps {
		so.answer(i, "agree", 0, tk.clk)
	}
	cases := []struct {
		name  string
		build func() screen
	}{
		{"home", func() screen { return newHome(tk.Kiosk) }},
		{"pupils", func() screen { return newPupils(tk.Kiosk, p.Class) }},
		{"welcome", func() screen { return newWelcome(tk.Kiosk, so) }},
		{"statement", func() screen { return newStep(tk.Kiosk, so, 0) }},
		{"agreement", func() screen { return newStep(tk.Kiosk, so, len(so.steps)-1) }},
		{"countersign", func() screen { return newCountersign(tk.Kiosk, so) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				tk.nav.Show(c.build())
				tk.w.Canvas().Content().Resize(fyne.NewSize(1280, 800))
			}
		})
	}
}
