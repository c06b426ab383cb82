package policy

import (
	"fmt"
	"maps"
	"slices"
)

// checkSymbols checks a symbol strip: at most MaxSymbols, each with a
// caption and a picture; a required strip needs at least one. The pictures
// and captions of a pupil form join the pack's vocabulary (see vocabulary).
func (c *checker) checkSymbols(where string, syms []Symbol, pupil, required bool) {
	if required && len(syms) == 0 {
		c.addf("%s: no symbols (a pupil statement or section shows 1–%d)", where, MaxSymbols)
	}
	if len(syms) > MaxSymbols {
		c.addf("%s: %d symbols, at most %d allowed", where, len(syms), MaxSymbols)
	}
	for i, s := range syms {
		sw := fmt.Sprintf("%s symbol %d", where, i+1)
		c.checkSymbol(sw, s, pupil)
	}
}

func (c *checker) checkSymbol(where string, s Symbol, pupil bool) {
	c.text(where, "caption", s.Caption, true)
	c.checkFile(where, "picture", s.File, kindPicture)
	if pupil {
		c.vocab.add(c, where, s)
	}
}

// checkClip checks a narration clip: every file listed exists and is for a
// language of the pack; when required, every pack language has one.
func (c *checker) checkClip(where string, clip Clip, required bool) {
	for _, lang := range slices.Sorted(maps.Keys(clip)) {
		what := "narration clip (" + lang + ")"
		if !slices.Contains(c.p.Languages, lang) {
			c.addf("%s: %s is for a language the pack does not list in languages", where, what)
		}
		c.checkFile(where, what, clip[lang], kindClip)
	}
	if !required {
		return
	}
	for _, lang := range c.p.Languages {
		if _, ok := clip[lang]; !ok {
			c.addf("%s: no narration clip (%s)", where, lang)
		}
	}
}

// checkUI checks the UI narration clips and symbols.
func (c *checker) checkUI() {
	for _, key := range slices.Sorted(maps.Keys(c.p.UINarration)) {
		c.checkClip(fmt.Sprintf("ui_narration %q", key), c.p.UINarration[key], true)
	}
	for _, key := range slices.Sorted(maps.Keys(c.p.UISymbols)) {
		c.checkSymbol(fmt.Sprintf("ui_symbols %q", key), c.p.UISymbols[key], true)
	}
}

// vocabulary holds the pupil-facing pictures and captions seen so far, so
// that one concept keeps one picture and one caption across the bands:
// a picture always has the same caption (per language), and a caption
// always names the same picture.
type vocabulary struct {
	captions map[string]seen // language + "\x00" + picture → its caption
	pictures map[string]seen // language + "\x00" + caption → its picture
}

// seen is a value and where it was first seen.
type seen struct{ value, where string }

func newVocabulary() *vocabulary {
	return &vocabulary{captions: map[string]seen{}, pictures: map[string]seen{}}
}

func (v *vocabulary) add(c *checker, where string, s Symbol) {
	if s.File == "" {
		return
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Caption)) {
		caption := s.Caption[lang]
		if caption == "" {
			continue
		}
		if first, ok := v.captions[lang+"\x00"+s.File]; !ok {
			v.captions[lang+"\x00"+s.File] = seen{caption, where}
		} else if first.value != caption {
			c.addf("%s: picture %q has caption %q (%s) here but %q in %s",
				where, s.File, caption, lang, first.value, first.where)
		}
		if first, ok := v.pictures[lang+"\x00"+caption]; !ok {
			v.pictures[lang+"\x00"+caption] = seen{s.File, where}
		} else if first.value != s.File {
			c.addf("%s: caption %q (%s) names picture %q here but %q in %s",
				where, caption, lang, s.File, first.value, first.where)
		}
	}
}
