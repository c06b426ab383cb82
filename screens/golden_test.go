package screens

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"smartkiosk/store/record"
)

// TestGolden_PupilScreens compares every pupil screen type at each band,
// at 1280×800, with the reviewed images in testdata/. A mismatch writes
// testdata/failed/<name>.png to look at.
func TestGolden_PupilScreens(t *testing.T) {
	tk := newTestKiosk(t)
	for _, band := range []string{"a", "b", "c"} {
		p := tk.pupilInBand(t, band)
		so, err := newSignOff(tk.Kiosk, p)
		if err != nil {
			t.Fatal(err)
		}
		shot := func(kind string, s screen) {
			t.Helper()
			tk.nav.Show(s)
			tk.w.Resize(fyne.NewSize(1280, 800))
			test.AssertImageMatches(t, fmt.Sprintf("band_%s_%s.png", band, kind), tk.w.Canvas().Capture())
		}
		shot("welcome", newWelcome(tk.Kiosk, so))
		shot("rule", newStep(tk.Kiosk, so, 0))
		for i := range so.steps {
			so.answer(i, record.AnswerAgree, 0, tk.clk)
		}
		shot("consequences", newStep(tk.Kiosk, so, len(so.steps)-2))
		shot("agreement", newStep(tk.Kiosk, so, len(so.steps)-1))
		shot("mark_draw", newMark(tk.Kiosk, so))
		m := newMark(tk.Kiosk, so)
		m.tickMode = true
		shot("mark_tick", m)
		shot("handover", newCountersign(tk.Kiosk, so))
		shot("celebration", newSaved(tk.Kiosk, so, "Saved."))
	}
}
