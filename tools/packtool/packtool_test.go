package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"smartkiosk/policy"
)

func TestExplicitPath(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"RepeatedArcs", "a 1,1 0 0 0 -1,1 1,1 0 0 0 1,1", "a 1 1 0 0 0 -1 1 a 1 1 0 0 0 1 1"},
		{"MovetoPairsAreLinetos", "M1 2 3 4 5 6m1 1 2 2z", "M 1 2 L 3 4 L 5 6 m 1 1 l 2 2 z"},
		{"CompactArcFlags", "a1 1 0 011 1", "a 1 1 0 0 1 1 1"},
		{"PackedNumbers", "m.5.5-1e-2,3Z", "m .5 .5 l -1e-2 3 Z"},
		{"Curves", "c1 2 3 4 5 6 7 8 9 10 11 12", "c 1 2 3 4 5 6 c 7 8 9 10 11 12"},
		{"Unchanged", "M 1 2 H 3 V 4 Z", "M 1 2 H 3 V 4 Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := explicitPath(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("explicitPath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{"1 2", "M 1", "a 1 1 0 2 0 1 1"} {
		t.Run("Err", func(t *testing.T) {
			if got, err := explicitPath(in); err == nil {
				t.Errorf("explicitPath(%q) = %q, want an error", in, got)
			}
		})
	}
}

func TestCompose(t *testing.T) {
	dir := t.TempDir()
	write := func(name, svg string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("A.svg", `<svg id="emoji" viewBox="0 0 72 72" xmlns="http://www.w3.org/2000/svg"><g id="color"><circle cx="36" cy="36" r="26" fill="#fff"/><path fill="#d22f27" d="m1 1h2z"/></g></svg>`)
	write("B.svg", `<svg id="emoji" viewBox="0 0 72 72"><g id="line"><path d="m2 2h2z"/></g></svg>`)
	t.Run("OneLayerUnchanged", func(t *testing.T) {
		got, err := compose(dir, []string{"B"})
		if err != nil || !strings.HasPrefix(got, `<svg id="emoji" viewBox="0 0 72 72"><g id="line">`) {
			t.Errorf("compose = %q, %v", got, err)
		}
	})
	t.Run("Layers", func(t *testing.T) {
		got, err := compose(dir, []string{"B@18,17.5,0.5", "A!nowhite"})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			`transform="translate(18 17.5) scale(0.5 0.5)"`, // both factors: oksvg reads scale(s) as scale(s, 0)
			`id="l1-line"`, `id="l2-color"`, `fill="#d22f27"`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("composite lacks %s:\n%s", want, got)
			}
		}
		if strings.Contains(got, `fill="#fff"`) {
			t.Errorf("!nowhite kept a white shape:\n%s", got)
		}
	})
	t.Run("ErrLayer", func(t *testing.T) {
		for _, spec := range []string{"A@1,2", "A@x,1,1", "C"} {
			if _, err := compose(dir, []string{spec}); err == nil {
				t.Errorf("compose(%q) = nil error", spec)
			}
		}
	})
}

func TestSentences(t *testing.T) {
	for in, want := range map[string][]string{
		"Well done! Please give the tablet to your adult.": {"Well done!", "Please give the tablet to your adult."},
		"I, with my parents/carers, have read the Policy. I agree to follow the AUP when:": {
			"I, with my parents/carers, have read the Policy.", "I agree to follow the AUP when:"},
		"I do not open messages or emails from strangers.": {"I do not open messages or emails from strangers."},
		"Not sure": {"Not sure"},
	} {
		if got := sentences(in); !slices.Equal(got, want) {
			t.Errorf("sentences(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestScript_DefaultPack checks the narration script of the real pack:
// every clip once, sections read lead then statements, headings spoken.
func TestScript_DefaultPack(t *testing.T) {
	var p policy.Pack
	if _, err := toml.DecodeFile(filepath.Join("..", "..", "assets", "packs", "example", policy.PackFile), &p); err != nil {
		t.Fatal(err)
	}
	lines, err := script(&p, policy.DefaultLang)
	if err != nil {
		t.Fatal(err)
	}
	said := map[string][]string{}
	var order []string
	for _, l := range lines {
		if _, ok := said[l.clip]; ok && order[len(order)-1] != l.clip {
			t.Errorf("clip %s: its lines are not adjacent", l.clip)
		}
		if _, ok := said[l.clip]; !ok {
			order = append(order, l.clip)
		}
		said[l.clip] = append(said[l.clip], l.text)
	}
	want := map[string][]string{
		"narration/en-GB/headings/S.ogg": {"S is for Safe"},
		"narration/en-GB/b.cons.ogg": {"I know that if I do not follow the school rules then:",
			"my parents/carers will be told", "I may not be able to use the technology", "my access will be reduced"},
		"narration/en-GB/ui/hand_back.ogg": {"Well done!", "Please give the tablet to your adult."},
		"narration/en-GB/a.1.ogg":          {"I ask a grown up if I want to use the computer"},
	}
	for clip, w := range want {
		if !slices.Equal(said[clip], w) {
			t.Errorf("%s says %q, want %q", clip, said[clip], w)
		}
	}
	t.Run("ErrUnknownUIKey", func(t *testing.T) {
		p.UINarration = map[string]policy.Clip{"dance": {"en-GB": "narration/en-GB/ui/dance.ogg"}}
		if _, err := script(&p, policy.DefaultLang); err == nil {
			t.Error("script with a UI clip it has no text for = nil error")
		}
	})
}

// TestScript_WrothamPack: the second pack's script speaks its own
// headings and reads its sections lead first, like the default pack's.
func TestScript_WrothamPack(t *testing.T) {
	var p policy.Pack
	if _, err := toml.DecodeFile(filepath.Join("..", "..", "assets", "packs", "wrotham", policy.PackFile), &p); err != nil {
		t.Fatal(err)
	}
	lines, err := script(&p, policy.DefaultLang)
	if err != nil {
		t.Fatal(err)
	}
	said := map[string][]string{}
	for _, l := range lines {
		said[l.clip] = append(said[l.clip], l.text)
	}
	for clip, want := range map[string][]string{
		"narration/en-GB/headings/A.ogg": {"A is for Acceptable Use"},
		"narration/en-GB/headings/N.ogg": {"N is for Network and System Integrity"},
		"narration/en-GB/st.cons.ogg": {"Misuse of ICT resources may result in disciplinary action in accordance with the school's behaviour policy.",
			"This may include:", "loss of ICT privileges", "detention", "more severe sanctions",
			"When unlawful activity has taken place, the school will report this to the police, social services, LADO or other relevant body as appropriate."},
	} {
		if !slices.Equal(said[clip], want) {
			t.Errorf("%s says %q, want %q", clip, said[clip], want)
		}
	}
	for clip := range said {
		if strings.Contains(clip, "staff") || strings.Contains(clip, "visitor") {
			t.Errorf("%s: adult forms have no narration", clip)
		}
	}
}
