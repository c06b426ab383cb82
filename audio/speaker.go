package audio

import (
	"context"
	"fmt"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

// BufferSize keeps the speaker buffer small (about 50 ms) so a new screen's
// narration starts promptly and Stop is heard at once.
const BufferSize = 2205

type speakerSink struct{}

func (speakerSink) Play(s beep.Streamer) {
	speaker.Clear()
	speaker.Play(s)
}

func (speakerSink) Clear() { speaker.Clear() }

// StartSpeaker brings up the sound device in the background and attaches it
// to p when it is ready. On a machine with no sound device p stays silent.
// It never blocks its caller; the returned channel yields the outcome.
func StartSpeaker(ctx context.Context, p *Player, wait time.Duration) <-chan error {
	out := make(chan error, 1)
	ready := make(chan error, 1)
	go func() { ready <- speaker.Init(Rate, BufferSize) }()
	go func() {
		select {
		case err := <-ready:
			if err == nil {
				p.SetSink(speakerSink{})
			}
			out <- err
		case <-time.After(wait):
			out <- fmt.Errorf("sound device did not start within %s; narration is off", wait)
		case <-ctx.Done():
			out <- ctx.Err()
		}
	}()
	return out
}
