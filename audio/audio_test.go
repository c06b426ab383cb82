package audio

import (
	"context"
	"os"
	"testing"
	"time"
)

func mustClip(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/tone.ogg") // 1.5 s, 22.05 kHz mono: resampled on play
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDuration(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		d, err := Duration(mustClip(t))
		if err != nil {
			t.Fatal(err)
		}
		if d < 1490*time.Millisecond || d > 1510*time.Millisecond {
			t.Fatalf("duration = %v, want 1.5s", d)
		}
	})
	t.Run("ErrGarbage", func(t *testing.T) {
		if _, err := Duration([]byte("not an ogg file")); err == nil {
			t.Fatal("want an error for bytes that are not Ogg Vorbis")
		}
	})
}

func TestPlayer_Play(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		sink := NewNullSink(time.Millisecond) // ~10x real time
		defer sink.Close()
		p := NewPlayer(sink)
		done := make(chan struct{})
		if err := p.Play(mustClip(t), func() { close(done) }); err != nil {
			t.Fatal(err)
		}
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("clip never finished playing into the null sink")
		}
		want := int64(Rate.N(1500 * time.Millisecond))
		if got := sink.Samples(); got < want*98/100 || got > want*102/100 {
			t.Fatalf("sink consumed %d samples, want about %d", got, want)
		}
	})
	t.Run("StopSilencesAndNeverCallsDone", func(t *testing.T) {
		sink := NewNullSink(10 * time.Millisecond) // real time
		defer sink.Close()
		p := NewPlayer(sink)
		done := make(chan struct{}, 1)
		if err := p.Play(mustClip(t), func() { done <- struct{}{} }); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		p.Stop()
		after := sink.Samples()
		time.Sleep(1600 * time.Millisecond)
		if sink.Samples() != after {
			t.Fatalf("samples kept flowing after Stop: %d then %d", after, sink.Samples())
		}
		select {
		case <-done:
			t.Fatal("done was called for a stopped clip")
		default:
		}
	})
	t.Run("ReplaceDropsOldDone", func(t *testing.T) {
		sink := NewNullSink(time.Millisecond)
		defer sink.Close()
		p := NewPlayer(sink)
		first := make(chan struct{}, 1)
		second := make(chan struct{})
		_ = p.Play(mustClip(t), func() { first <- struct{}{} })
		_ = p.Play(mustClip(t), func() { close(second) })
		select {
		case <-second:
		case <-time.After(10 * time.Second):
			t.Fatal("second clip never finished")
		}
		if len(first) != 0 {
			t.Fatal("the replaced clip's done was called")
		}
	})
	t.Run("ErrGarbageLeavesPlayerUsable", func(t *testing.T) {
		p := NewPlayer(nil)
		if err := p.Play([]byte{1, 2, 3}, nil); err == nil {
			t.Fatal("want a decode error")
		}
		if err := p.Play(mustClip(t), nil); err != nil {
			t.Fatalf("silent player: %v", err)
		}
		p.Stop()
	})
}

func TestStartSpeaker_NeverBlocks(t *testing.T) {
	// On a machine with no sound device the outcome is an error; with one
	// it is nil. Either way the call itself returns at once and the outcome
	// arrives by the deadline.
	p := NewPlayer(nil)
	res := StartSpeaker(context.Background(), p, 2*time.Second)
	select {
	case err := <-res:
		t.Logf("speaker: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("StartSpeaker gave no outcome within its own deadline")
	}
	if err := p.Play(mustClip(t), nil); err != nil {
		t.Fatal(err)
	}
	p.Stop()
}
