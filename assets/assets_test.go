package assets_test

import (
	"bufio"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/audio"
	"smartkiosk/policy"
)

// The speaking rate every clip must have, by this formula:
//
//	wpm = 60 × words ÷ (duration − pause × (sentences − 1) − padding)
//
// words are the clip's text as written (script.tsv), split at spaces and
// "/"; sentences are its lines in script.tsv, between which
// tools/narration.sh puts at least pause of silence; padding is the silence
// it puts before and after the speech at most. So pauses and padding do not
// count as speaking time. tools/narration.sh aims at 130–160 wpm.
const (
	minWPM  = 110
	maxWPM  = 170
	pause   = 700 * time.Millisecond
	padding = 300 * time.Millisecond
)

// builtIn are the packs the kiosk carries: every test here checks each.
var builtIn = []string{"example", "wrotham"}

// TestPackIDs: the packs the kiosk offers are the folders it embeds, and
// each loads as itself.
func TestPackIDs(t *testing.T) {
	if got := assets.PackIDs(); !slices.Equal(got, builtIn) {
		t.Fatalf("PackIDs = %q, want %q", got, builtIn)
	}
	if !slices.Contains(builtIn, assets.DefaultPackID) {
		t.Errorf("the default pack %q is not built in", assets.DefaultPackID)
	}
	for _, id := range []string{"", ".", "..", "packs", "example/pictures", "Wrotham"} {
		if assets.HasPack(id) {
			t.Errorf("HasPack(%q) = true", id)
		}
	}
	eachPack(t, func(t *testing.T, id string, _ fs.FS, p *policy.Pack) {
		if p.ID != id {
			t.Errorf("the pack in folder %s has id %q", id, p.ID)
		}
	})
}

// eachPack runs test on every built-in pack, loaded and validated.
func eachPack(t *testing.T, test func(t *testing.T, id string, fsys fs.FS, p *policy.Pack)) {
	t.Helper()
	for _, id := range assets.PackIDs() {
		t.Run(id, func(t *testing.T) {
			if !assets.HasPack(id) {
				t.Fatalf("HasPack(%q) = false", id)
			}
			fsys, err := assets.Pack(id)
			if err != nil {
				t.Fatal(err)
			}
			p, err := policy.Load(fsys)
			if err != nil {
				t.Fatalf("load the %s pack:\n%v", id, err)
			}
			test(t, id, fsys, p)
		})
	}
}

// TestNarration_EveryClip decodes every clip each built-in pack references
// and checks its length against what it says.
func TestNarration_EveryClip(t *testing.T) {
	eachPack(t, checkClips)
}

func checkClips(t *testing.T, _ string, fsys fs.FS, p *policy.Pack) {
	scripts := map[string]map[string][]string{} // language → clip → sentences
	for _, lang := range p.Languages {
		scripts[lang] = readScript(t, fsys, lang)
	}
	clips := clipLanguages(p)
	if len(clips) == 0 {
		t.Fatal("the pack references no clips")
	}
	for _, clip := range slices.Sorted(maps.Keys(clips)) {
		t.Run(clip, func(t *testing.T) {
			data, err := fs.ReadFile(fsys, clip)
			if err != nil {
				t.Fatalf("missing: %v", err)
			}
			d, err := audio.Duration(data)
			if err != nil {
				t.Fatal(err)
			}
			sentences, ok := scripts[clips[clip]][clip]
			if !ok {
				t.Fatalf("not in narration/%s/script.tsv: run tools/narration.sh", clips[clip])
			}
			words := 0
			for _, s := range sentences {
				words += len(strings.Fields(strings.ReplaceAll(s, "/", " ")))
			}
			speaking := d - pause*time.Duration(len(sentences)-1) - padding
			wpm := float64(words) / speaking.Minutes()
			t.Logf("%d words, %d sentences, %v: %.0f wpm", words, len(sentences), d.Round(time.Millisecond), wpm)
			if speaking <= 0 || wpm < minWPM || wpm > maxWPM {
				t.Errorf("%d words in %v (%d sentences) is %.0f words a minute, want %d–%d",
					words, d.Round(time.Millisecond), len(sentences), wpm, minWPM, maxWPM)
			}
		})
	}
}

// TestNarration_SaysTheWording checks that each statement, section and
// heading clip of each built-in pack says the pack's current wording, so a
// wording change without re-running tools/narration.sh fails.
func TestNarration_SaysTheWording(t *testing.T) {
	eachPack(t, checkWording)
}

func checkWording(t *testing.T, id string, fsys fs.FS, p *policy.Pack) {
	for _, lang := range p.Languages {
		script := readScript(t, fsys, lang)
		says := func(clip policy.Clip) string { return strings.Join(script[clip[lang]], " ") }
		check := func(where string, clip policy.Clip, want string) {
			if got := says(clip); got != want {
				t.Errorf("%s (%s): %s says\n  %q\nwant\n  %q\n(run tools/narration.sh %s)", where, lang, clip[lang], got, want, id)
			}
		}
		for _, f := range p.Forms {
			if f.Kind != policy.KindPupil {
				continue
			}
			for _, r := range f.Rules {
				if h := r.Heading.In(lang); h != "" && !strings.Contains(says(r.Narration), h) {
					t.Errorf("form %s rule %s (%s): heading clip says %q, not the heading %q", f.ID, r.ID, lang, says(r.Narration), h)
				}
				for _, s := range r.Statements {
					check("statement "+s.ID, s.Narration, s.Text.In(lang))
				}
			}
			for _, sec := range []*policy.Section{f.Consequences, f.Agreement} {
				if sec == nil {
					continue
				}
				want := []string{sec.Lead.In(lang)}
				for _, s := range sec.Statements {
					check("statement "+s.ID, s.Narration, s.Text.In(lang))
					want = append(want, s.Text.In(lang))
				}
				check("section "+sec.ID, sec.Narration, strings.Join(want, " "))
			}
		}
	}
}

// clipLanguages returns every clip path the pack references, with its language.
func clipLanguages(p *policy.Pack) map[string]string {
	out := map[string]string{}
	add := func(c policy.Clip) {
		for lang, name := range c {
			out[name] = lang
		}
	}
	for _, f := range p.Forms {
		for _, r := range f.Rules {
			add(r.Narration)
			for _, s := range r.Statements {
				add(s.Narration)
			}
		}
		for _, sec := range []*policy.Section{f.Consequences, f.Agreement} {
			if sec == nil {
				continue
			}
			add(sec.Narration)
			for _, s := range sec.Statements {
				add(s.Narration)
			}
		}
	}
	for _, c := range p.UINarration {
		add(c)
	}
	return out
}

// readScript reads narration/<lang>/script.tsv: clip path → its sentences.
func readScript(t *testing.T, fsys fs.FS, lang string) map[string][]string {
	t.Helper()
	name := path.Join(policy.NarrationDir, lang, "script.tsv")
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatalf("%v (run tools/narration.sh)", err)
	}
	defer f.Close()
	script := map[string][]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		clip, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: want clip<TAB>text", name, n)
		}
		script[clip] = append(script[clip], text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return script
}

// TestPictures_UsedAndCredited checks that each built-in pack ships only
// pictures it uses and that the credits name each one.
func TestPictures_UsedAndCredited(t *testing.T) {
	credits := readLicence(t, "credits.txt")
	creditsMD := readLicence(t, "CREDITS.md")
	eachPack(t, func(t *testing.T, id string, fsys fs.FS, p *policy.Pack) {
		checkPictures(t, id, fsys, p, credits, creditsMD)
	})
}

func checkPictures(t *testing.T, id string, fsys fs.FS, p *policy.Pack, credits, creditsMD string) {
	entries, err := fs.ReadDir(fsys, "pictures")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no pictures")
	}
	for _, e := range entries {
		name := "pictures/" + e.Name()
		if !slices.Contains(p.Files(), name) {
			t.Errorf("%s is not used by pack.toml: delete it (tools/pictures.sh %s)", name, id)
		}
		for file, text := range map[string]string{"credits.txt": credits, "CREDITS.md": creditsMD} {
			if !strings.Contains(text, name+" (") {
				t.Errorf("%s is not credited in LICENSES/%s (run tools/pictures.sh %s)", name, file, id)
			}
		}
	}
}

func TestLicences(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"OpenMoji-CC-BY-SA-4.0.txt", "Attribution-ShareAlike 4.0 International"},
		{"credits.txt", "All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"},
		{"CREDITS.md", "License: [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/#)"},
		{"Andika-OFL.txt", "SIL Open Font License"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if got := readLicence(t, tc.file); !strings.Contains(got, tc.want) {
				t.Errorf("LICENSES/%s does not contain %q", tc.file, tc.want)
			}
		})
	}
}

func readLicence(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(assets.Licences(), name)
	if err != nil {
		t.Fatal(fmt.Errorf("LICENSES/%s: %w", name, err))
	}
	return string(b)
}
