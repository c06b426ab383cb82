package export

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Entry is one signed record with what a renderer reads beside its body
// (signoff.Entry: the kiosk and the hub build them from their stores).
type Entry = signoff.Entry

// Pack is a policy pack with its files (pictures), as a renderer needs it
// to show again what a pupil saw.
type Pack struct {
	*policy.Pack
	Files fs.FS
}

// Packs finds the pack a record pins, by fingerprint.
type Packs map[string]Pack

// For returns the pack a record was shown, if it is held.
func (ps Packs) For(b *record.Body) (Pack, bool) {
	p, ok := ps[b.Pack.Fingerprint]
	return p, ok && p.Pack != nil
}

// StatementTexts maps a record's answer ids (statements, and sections
// answered as one) to their words in the record's language, from the pack
// it pins; empty when that pack is not held.
func (ps Packs) StatementTexts(b *record.Body) map[string]string {
	out := map[string]string{}
	p, ok := ps.For(b)
	if !ok {
		return out
	}
	f, ok := p.FormByID(b.Form)
	if !ok {
		return out
	}
	for _, st := range f.Steps() {
		if st.Statement != nil {
			out[st.ID()] = st.Statement.Text.In(b.Language)
		} else {
			out[st.ID()] = st.Section.Lead.In(b.Language)
		}
	}
	return out
}

// Add loads nothing: it files an already-loaded pack under its fingerprint.
func (ps Packs) Add(p *policy.Pack, files fs.FS) {
	ps[p.Fingerprint] = Pack{Pack: p, Files: files}
}

// Load loads the pack folder fsys and files it, unless a pack with the
// same fingerprint is held already.
func (ps Packs) Load(fsys fs.FS) error {
	p, err := policy.Load(fsys)
	if err != nil {
		return err
	}
	if _, held := ps[p.Fingerprint]; !held {
		ps.Add(p, fsys)
	}
	return nil
}

// answerWords are how an answer reads in exports.
var answerWords = map[string]string{
	record.AnswerAgree:   "agree",
	record.AnswerNotSure: "not sure",
	record.AnswerNoClear: "no clear response",
}

// AnswerWords is how an answer reads to staff ("not sure").
func AnswerWords(answer string) string {
	if w, ok := answerWords[answer]; ok {
		return w
	}
	return answer
}

// ModeWords is how a response mode reads to staff ("physically supported").
func ModeWords(mode string) string { return strings.ReplaceAll(mode, "_", " ") }

// LeftWords is "left the school on 3 Dec 2026" (the day in London) for a
// pupil who has left the roster, or "" for one still on it.
func LeftWords(p signoff.Pupil) string {
	if p.OnRoster() {
		return ""
	}
	loc, err := londonTime()
	if err != nil {
		loc = time.UTC
	}
	return "left the school on " + p.Left.In(loc).Format("2 Jan 2006")
}

// londonTime is the schools' time zone, where dates are counted, loaded
// once (an export may ask for it once a row).
var londonTime = sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("Europe/London") })

// Progress is told how far a long export has gone: done of total items.
// It may be nil.
type Progress func(done, total int)

func (p Progress) report(done, total int) {
	if p != nil {
		p(done, total)
	}
}

func errEntry(e *Entry, err error) error { return fmt.Errorf("record %s: %w", e.ID(), err) }
