package audio

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopxl/beep/v2"
)

// NullSink consumes samples like a sound card would, without making a
// sound: at real-time pace, or as fast as it can when Fast is set. Tests and
// benchmarks use it to play real decoded clips end to end.
type NullSink struct {
	mu      sync.Mutex
	mixer   beep.Mixer
	samples atomic.Int64
	quit    chan struct{}
	once    sync.Once
}

// NewNullSink starts a sink that pulls 10 ms of samples every tick: a tick
// of 10 ms is real time, shorter ticks run faster. Close stops it.
func NewNullSink(tick time.Duration) *NullSink {
	n := &NullSink{quit: make(chan struct{})}
	n.mixer.KeepAlive(false)
	go n.run(tick)
	return n
}

// Play replaces what is playing with s.
func (n *NullSink) Play(s beep.Streamer) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.mixer.Clear()
	n.mixer.Add(s)
}

// Clear stops what is playing.
func (n *NullSink) Clear() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.mixer.Clear()
}

// Samples is how many non-silent sample frames have been consumed.
func (n *NullSink) Samples() int64 { return n.samples.Load() }

// Close stops the sink's goroutine.
func (n *NullSink) Close() { n.once.Do(func() { close(n.quit) }) }

func (n *NullSink) run(tick time.Duration) {
	buf := make([][2]float64, Rate.N(10*time.Millisecond))
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for {
		select {
		case <-n.quit:
			return
		case <-ticker.C:
			n.pull(buf)
		}
	}
}

func (n *NullSink) pull(buf [][2]float64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	got, _ := n.mixer.Stream(buf)
	n.samples.Add(int64(got))
}
