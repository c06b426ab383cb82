package screens

import (
	"os"
	"smartkiosk/store"
	"sort"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/audio"
	"smartkiosk/policy"
)

// BenchmarkShow times building and laying out each kind of screen at the
// reference 1280×800, as the navigator does on every screen change.
func BenchmarkShow(b *testing.B) {
	tk := newTestKiosk(b)
	tk.adult = &store.Staff{ID: 2, Name: "Alex Morgan", Role: store.RoleAdmin}
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
		{"baseline: one label", func() screen { return bareScreen{} }},
		{"home", func() screen { return newHome(tk.Kiosk) }},
		{"pupils", func() screen { return newPupils(tk.Kiosk, p.Class) }},
		{"welcome", func() screen { return newWelcome(tk.Kiosk, so) }},
		{"statement", func() screen { return newStep(tk.Kiosk, so, 0) }},
		{"agreement", func() screen { return newStep(tk.Kiosk, so, len(so.steps)-1) }},
		{"countersign", func() screen { return newCountersign(tk.Kiosk, so) }},
		{"parent form", func() screen { return newParentForm(tk.Kiosk, p) }},
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

// bareScreen is the baseline: one Fyne label on a page, no kiosk at all.
type bareScreen struct{}

func (bareScreen) buildUI() fyne.CanvasObject { return widget.NewLabel("SMART Kiosk") }
func (bareScreen) targets() []*Target         { return nil }

// BenchmarkKeyboard_Key is one key typed on the on-screen keyboard: the
// field changes and the keys are made again for the next letter (capitals
// or not, the accents of the letter just typed).
func BenchmarkKeyboard_Key(b *testing.B) {
	tk := newTestKiosk(b)
	pf := newParentForm(tk.Kiosk, tk.pupilInBand(b, "c"))
	tk.nav.Show(pf)
	pf.typing.open(pf.name)
	for i := 0; i < b.N; i++ {
		if i%40 == 0 {
			pf.name.set("")
		}
		pf.typing.typeRune([]rune("siân zoë łucja ")[i%15])
	}
}

// timedNarrator is the real audio.Player noting when each Play returns,
// that is, when the clip's samples are queued for the speaker.
type timedNarrator struct {
	p      *audio.Player
	queued time.Time
}

func (n *timedNarrator) Play(clip []byte, done func()) error {
	err := n.p.Play(clip, done)
	n.queued = time.Now()
	return err
}

func (n *timedNarrator) Stop() { n.p.Stop() }

// BenchmarkNarration measures, with the real player decoding a real Ogg
// Vorbis clip into a null sink: rule screen shown → narration samples
// queued, and Replay → narration restarted. It reports p95 in ms.
func BenchmarkNarration(b *testing.B) {
	clip, err := os.ReadFile("../audio/testdata/tone.ogg")
	if err != nil {
		b.Fatal(err)
	}
	tk := newTestKiosk(b)
	sink := audio.NewNullSink(10 * time.Millisecond)
	defer sink.Close()
	n := &timedNarrator{p: audio.NewPlayer(sink)}
	tk.Narrator = n
	tk.PackFS = fstest.MapFS{"narration/bench.ogg": {Data: clip}}
	p := tk.pupilInBand(b, "b")
	so, err := newSignOff(tk.Kiosk, p)
	if err != nil {
		b.Fatal(err)
	}
	st := *so.steps[0].Statement
	st.Narration = policy.Clip{"en-GB": "narration/bench.ogg"}
	so.steps[0].Statement = &st
	b.Run("screen-to-queued", func(b *testing.B) {
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			start := time.Now()
			tk.nav.Show(newStep(tk.Kiosk, so, 0))
			lat = append(lat, n.queued.Sub(start))
		}
		reportP95(b, lat)
	})
	b.Run("replay-to-restart", func(b *testing.B) {
		s := newStep(tk.Kiosk, so, 0)
		tk.nav.Show(s)
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			start := time.Now()
			s.onReplay()
			lat = append(lat, n.queued.Sub(start))
		}
		reportP95(b, lat)
	})
}

func reportP95(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}
