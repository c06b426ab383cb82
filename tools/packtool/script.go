package main

import (
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"smartkiosk/policy"
)

// uiTexts is what each UI prompt clip says, per language. They must match
// the screens' own strings (translations/messages.go).
var uiTexts = map[string]map[string]string{
	"en-GB": {
		policy.UIWelcome:  "Let's learn the rules for using computers and the internet safely.",
		policy.UIAgree:    "Yes, I agree",
		policy.UINotSure:  "Not sure",
		policy.UIYourTurn: "Your turn to make your mark.",
		policy.UIHandBack: "Well done! Please give the tablet to your adult.",
		policy.UIFinished: "Well done! You have finished.",
		policy.UIStart:    "Start",
		policy.UIBack:     "Back",
	},
}

// headingFormats says a rule heading, per language: letter, then heading.
var headingFormats = map[string]string{"en-GB": "%s is for %s"}

// line is one sentence of one clip.
type line struct{ clip, text string }

// runNarrationScript prints, for every narration clip a pack references in
// one language, the sentences it says: "clip path<TAB>sentence", one line
// per sentence (or list item) in order. tools/narration.sh speaks each line
// and puts at least 700 ms of silence between a clip's lines.
func runNarrationScript(args []string) error {
	fl := flag.NewFlagSet("narration-script", flag.ContinueOnError)
	dir := fl.String("pack", "assets/packs/example", "pack folder")
	lang := fl.String("lang", policy.DefaultLang, "language")
	if err := fl.Parse(args); err != nil {
		return err
	}
	var p policy.Pack
	if _, err := toml.DecodeFile(filepath.Join(*dir, policy.PackFile), &p); err != nil {
		return err
	}
	lines, err := script(&p, *lang)
	if err != nil {
		return err
	}
	for _, l := range lines {
		fmt.Printf("%s\t%s\n", l.clip, l.text)
	}
	return nil
}

// script lists the sentences of every clip of the pupil forms and the UI.
// A clip path used twice must say the same both times.
func script(p *policy.Pack, lang string) ([]line, error) {
	s := &scripter{lang: lang, said: map[string]string{}}
	for _, f := range p.Forms {
		if f.Kind != policy.KindPupil {
			continue
		}
		for _, r := range f.Rules {
			if hf, ok := headingFormats[lang]; ok && r.Heading.In(lang) != "" {
				s.add(r.Narration, fmt.Sprintf(hf, r.ID, r.Heading.In(lang)))
			}
			for _, st := range r.Statements {
				s.add(st.Narration, st.Text.In(lang))
			}
		}
		for _, sec := range []*policy.Section{f.Consequences, f.Agreement} {
			if sec == nil {
				continue
			}
			texts := []string{sec.Lead.In(lang)}
			for _, st := range sec.Statements {
				texts = append(texts, st.Text.In(lang))
				s.add(st.Narration, st.Text.In(lang))
			}
			s.add(sec.Narration, texts...)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(p.UINarration)) {
		text, ok := uiTexts[lang][key]
		if !ok {
			return nil, fmt.Errorf("ui_narration %q: no %s text for it in tools/packtool", key, lang)
		}
		s.add(p.UINarration[key], text)
	}
	return s.lines, s.err
}

type scripter struct {
	lang  string
	lines []line
	said  map[string]string // clip path → what it says
	err   error
}

func (s *scripter) add(clip policy.Clip, texts ...string) {
	path := clip[s.lang]
	if path == "" {
		return
	}
	var said []string
	for _, t := range texts {
		said = append(said, sentences(t)...)
	}
	joined := strings.Join(said, "\n")
	if prev, ok := s.said[path]; ok {
		if prev != joined && s.err == nil {
			s.err = fmt.Errorf("clip %s would say both %q and %q", path, prev, joined)
		}
		return
	}
	s.said[path] = joined
	for _, t := range said {
		s.lines = append(s.lines, line{path, t})
	}
}

var sentenceEnd = regexp.MustCompile(`[.!?:]\s+`)

// sentences splits text after each . ! ? or : that is followed by a space,
// keeping the punctuation.
func sentences(text string) []string {
	var out []string
	for {
		loc := sentenceEnd.FindStringIndex(text)
		if loc == nil {
			break
		}
		out = append(out, strings.TrimSpace(text[:loc[0]+1]))
		text = text[loc[1]:]
	}
	if t := strings.TrimSpace(text); t != "" {
		out = append(out, t)
	}
	return out
}
