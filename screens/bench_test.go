package screens

import (
	"os"
	"sort"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"

	"smartkiosk/audio"
	"smartkiosk/policy"
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
