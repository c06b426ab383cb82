package policy

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/jfreymuth/oggvorbis"
)

// FuzzPictureSVG: whatever a picture named .svg holds, the check does not
// panic, gives the same answer twice, and accepts only XML with an <svg>
// element.
func FuzzPictureSVG(f *testing.F) {
	for _, seed := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72"><circle cx="36" cy="36" r="30"/></svg>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><svg width="72px" height="72px"><g/></svg>`,
		`<!DOCTYPE html><html><body>Not found</body></html>`, `<svg viewBox="0 0 72 72"><g></svg>`,
		"This is where the ask picture will go.\n", "\x89PNG\r\n\x1a\n",
	} {
		f.Add([]byte(seed))
	}
	if shipped, err := os.ReadFile(filepath.Join("..", "assets", "packs", "example", "pictures", "tell.svg")); err == nil {
		f.Add(shipped)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		problem := pictureProblem("pictures/x.svg", data)
		if again := pictureProblem("pictures/x.svg", data); again != problem {
			t.Fatalf("two answers: %q, %q", problem, again)
		}
		if problem == "" && !bytes.Contains(data, []byte("svg")) {
			t.Fatalf("accepted %q, which has no <svg> element", data)
		}
	})
}

// FuzzClipOgg: whatever a clip holds, the check does not panic, and a
// clip it accepts decodes to its end without panicking, as the kiosk's
// player will decode it while a pupil listens.
func FuzzClipOgg(f *testing.F) {
	tone, err := os.ReadFile(filepath.Join("testdata", "tone.ogg"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tone)
	f.Add(tone[:200])
	f.Add(tone[:3424]) // the headers, no sound
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x00 an MP3"))
	f.Add([]byte("OggS\x00\x02"))
	// A page of no segments: the decoder panics on it, which clipProblem
	// turns into "damaged".
	f.Add([]byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if clipProblem(data) != "" {
			return
		}
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("an accepted clip panics the decoder further on: %v", r)
			}
		}()
		// Not seekable, as beep's vorbis.Decode reads it through io.NopCloser.
		r, err := oggvorbis.NewReader(struct{ io.Reader }{bytes.NewReader(data)})
		if err != nil {
			t.Fatalf("an accepted clip does not open: %v", err)
		}
		buf := make([]float32, 4096*max(r.Channels(), 1))
		for range len(data) + 1 { // every Read takes at least a packet, so the clip is done by then
			if _, err := r.Read(buf); err != nil {
				return // at its end, or damaged further on: it stops early; it must not crash
			}
		}
	})
}
