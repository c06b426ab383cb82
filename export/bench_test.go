package export

import (
	"io"
	"testing"

	"smartkiosk/store/record"
)

// BenchmarkClassPDF30 renders a 30-pupil class PDF with the example pack's
// real pictures, a mark and a signature per pupil and a cover page: what a
// form tutor prints for a class (goal: at most 2 s an operation).
func BenchmarkClassPDF30(b *testing.B) {
	fx := newFixture(b)
	pupils := class(30)
	bands := []string{"a", "b", "c"}
	var entries []Entry
	for i, pu := range pupils {
		s := spec{n: i + 1, pupil: pu, band: bands[i%3], ack: i%2 == 0}
		if i%4 == 0 {
			s.notSure = map[string]string{"b.s.2": record.AnswerNotSure, "c.t.2": record.AnswerNoClear, "a.3": record.AnswerNotSure}
		}
		entries = append(entries, fx.entry(b, s))
	}
	doc := Document{Title: "Oak class: agreements for policy 2026.1", Version: fx.pack.Version, Pupils: pupils, Entries: entries}
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePDF(io.Discard, doc, fx.opt); err != nil {
			b.Fatal(err)
		}
	}
}
