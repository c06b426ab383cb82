// Package audio plays narration clips (Ogg Vorbis) through the speaker.
// It is the only package that imports beep. A machine with no sound device
// is normal here: the Player then stays silent and never blocks its caller.
package audio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/vorbis"
)

// Rate is the output sample rate. Clips at other rates are resampled.
const Rate = beep.SampleRate(44100)

// Sink is where decoded samples go: the speaker, or a null sink in tests
// and on machines without sound.
type Sink interface {
	// Play starts s, replacing whatever was playing.
	Play(s beep.Streamer)
	// Clear stops whatever is playing.
	Clear()
}

// Player plays one narration clip at a time.
type Player struct {
	mu   sync.Mutex
	sink Sink
	gen  uint64 // bumped by every Play and Stop so a stale done never fires
}

// NewPlayer returns a Player writing to sink (nil: silent).
func NewPlayer(sink Sink) *Player { return &Player{sink: sink} }

// SetSink swaps the output, e.g. once the speaker has come up.
func (p *Player) SetSink(sink Sink) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sink != nil {
		p.sink.Clear()
	}
	p.sink = sink
}

// Play decodes an Ogg Vorbis clip and starts it, stopping any clip already
// playing. done, if not nil, is called on another goroutine when the clip
// ends, and never when it was stopped or replaced. Play returns as soon as
// the samples are queued; it never waits for playback.
func (p *Player) Play(clip []byte, done func()) error {
	s, format, err := vorbis.Decode(io.NopCloser(bytes.NewReader(clip)))
	if err != nil {
		return fmt.Errorf("decode narration: %w", err)
	}
	var stream beep.Streamer = s
	if format.SampleRate != Rate {
		stream = beep.Resample(3, format.SampleRate, Rate, s)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	if p.sink == nil {
		return nil
	}
	gen := p.gen
	p.sink.Play(beep.Seq(stream, beep.Callback(func() {
		// Runs under the sink's lock: hand off only, never call back into it.
		go p.finished(gen, done)
	})))
	return nil
}

func (p *Player) finished(gen uint64, done func()) {
	p.mu.Lock()
	current := gen == p.gen
	p.mu.Unlock()
	if current && done != nil {
		done()
	}
}

// Stop silences the current clip, if any.
func (p *Player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	if p.sink != nil {
		p.sink.Clear()
	}
}

// Duration decodes a clip and returns its length.
func Duration(clip []byte) (time.Duration, error) {
	s, format, err := vorbis.Decode(io.NopCloser(bytes.NewReader(clip)))
	if err != nil {
		return 0, fmt.Errorf("decode narration: %w", err)
	}
	defer s.Close()
	n := s.Len()
	if n <= 0 { // the stream does not know its length: count the samples
		buf := make([][2]float64, 4096)
		for {
			got, ok := s.Stream(buf)
			n += got
			if !ok {
				break
			}
		}
	}
	if err := s.Err(); err != nil {
		return 0, fmt.Errorf("decode narration: %w", err)
	}
	if n <= 0 {
		return 0, errors.New("decode narration: clip is empty")
	}
	return format.SampleRate.D(n), nil
}
