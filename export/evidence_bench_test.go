package export

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkEvidence writes and verifies a 30-record pack with the example
// policy pack (about 2.3 MB, mostly narration).
func BenchmarkEvidence(b *testing.B) {
	ev := newEvidence(b, 30)
	data := writeTestEvidence(b, ev)
	b.Run("Write", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := WriteEvidence(io.Discard, ev); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Verify", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			rep, err := VerifyEvidence(bytes.NewReader(data), int64(len(data)), VerifyOptions{})
			if err != nil || !rep.OK() {
				b.Fatal(rep, err)
			}
		}
	})
}
