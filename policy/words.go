package policy

import (
	"maps"
	"slices"
	"strings"
)

// checkWords applies the band's MaxWords to one statement of its pupil form
// (zero means no limit), in every language the statement has:
//   - symbol-led bands (see Band.SymbolLed): the caption words of the statement's
//     symbol strip, added together, must not exceed MaxWords (a section's
//     own strip too, see checkStripWords).
//   - other bands: each sentence of the statement text (split at . ! ?) must
//     have at most MaxWords words. Only rule statements are counted: the
//     consequences and agreement contexts are the school's formal wording,
//     read with an adult.
//
// Words are runs of non-space characters, so "don't" is one word.
func (c *checker) checkWords(where string, s *Statement, b Band, inRule bool) {
	if b.MaxWords <= 0 {
		return
	}
	if b.SymbolLed() {
		c.checkCaptionWords(where, s.Symbols, b)
		return
	}
	if !inRule {
		return
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Text)) {
		for _, sentence := range sentences(s.Text[lang]) {
			if n := len(strings.Fields(sentence)); n > b.MaxWords {
				c.addf("%s: sentence %q has %d words (%s), band %q allows %d",
					where, sentence, n, lang, b.ID, b.MaxWords)
			}
		}
	}
}

// checkStripWords applies a symbol-led band's MaxWords to a section's strip.
func (c *checker) checkStripWords(where string, syms []Symbol, b Band) {
	if b.MaxWords > 0 && b.SymbolLed() {
		c.checkCaptionWords(where, syms, b)
	}
}

func (c *checker) checkCaptionWords(where string, syms []Symbol, b Band) {
	langs := map[string]bool{}
	for _, sym := range syms {
		for lang := range sym.Caption {
			langs[lang] = true
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(langs)) {
		n := 0
		for _, sym := range syms {
			n += len(strings.Fields(sym.Caption.In(lang)))
		}
		if n > b.MaxWords {
			c.addf("%s: symbol captions have %d words (%s), band %q allows %d",
				where, n, lang, b.ID, b.MaxWords)
		}
	}
}

// sentences splits text at . ! and ?, dropping empty pieces.
func sentences(text string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '!' || r == '?' }) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
