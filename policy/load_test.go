package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"smartkiosk/assets"
	"smartkiosk/policy"
)

// mustLoadDefault loads the embedded example pack.
func mustLoadDefault(tb testing.TB) *policy.Pack {
	tb.Helper()
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		tb.Fatalf("assets.Pack: %v", err)
	}
	p, err := policy.Load(fsys)
	if err != nil {
		tb.Fatalf("Load default pack:\n%v", err)
	}
	return p
}

func TestLoad_DefaultPack(t *testing.T) {
	p := mustLoadDefault(t)
	t.Run("OK", func(t *testing.T) {
		if p.ID != "example" || p.Version != "2026.1" || p.School.Name != "Example School" {
			t.Errorf("got id %q version %q school %q", p.ID, p.Version, p.School.Name)
		}
		if got := p.Title.In("en-GB"); got != "Acceptable Use of Technology Policy" {
			t.Errorf("title = %q", got)
		}
		if p.Reviewed != "2026-09-01" || p.NextReview != "2027-09-01" {
			t.Errorf("reviewed %q, next review %q", p.Reviewed, p.NextReview)
		}
	})
	t.Run("Validates", func(t *testing.T) {
		fsys, _ := assets.Pack(assets.DefaultPackID)
		if err := policy.Validate(fsys, p); err != nil {
			t.Errorf("Validate:\n%v", err)
		}
	})
	t.Run("Fingerprint", func(t *testing.T) {
		fsys, _ := assets.Pack(assets.DefaultPackID)
		fp, err := policy.Fingerprint(fsys, p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.Fingerprint, "sha256:") || len(p.Fingerprint) != len("sha256:")+64 {
			t.Errorf("Fingerprint = %q", p.Fingerprint)
		}
		if fp != p.Fingerprint {
			t.Errorf("Fingerprint() = %q, Load set %q", fp, p.Fingerprint)
		}
	})
	t.Run("Forms", func(t *testing.T) {
		want := map[string]string{
			"pupil-a": policy.KindPupil, "pupil-b": policy.KindPupil, "pupil-c": policy.KindPupil,
			"parent": policy.KindParent, "staff": policy.KindStaff,
			"visitor": policy.KindVisitor, "wifi": policy.KindWiFi,
		}
		if len(p.Forms) != len(want) {
			t.Errorf("%d forms, want %d", len(p.Forms), len(want))
		}
		for id, kind := range want {
			f, ok := p.FormByID(id)
			if !ok || f.Kind != kind {
				t.Errorf("FormByID(%q) = %v, %v; want kind %q", id, f, ok, kind)
			}
		}
		if _, ok := p.FormByID("nope"); ok {
			t.Error("FormByID(nope) found a form")
		}
	})
	t.Run("AdultForms", func(t *testing.T) {
		parent, _ := p.FormByID("parent")
		if n := len(parent.Rules); n != 1 || len(parent.Rules[0].Statements) != 11 || len(parent.Rules[0].Heading) != 0 {
			t.Errorf("parent form: %d rules, want one unheaded rule of 11 statements", n)
		}
		for _, id := range []string{"staff", "visitor", "wifi"} {
			f, _ := p.FormByID(id)
			if !strings.HasPrefix(f.Declaration.In("en-GB"), "I have read, understood and agreed to comply with the Example School ") {
				t.Errorf("form %q declaration = %q", id, f.Declaration.In("en-GB"))
			}
		}
	})
	t.Run("UI", func(t *testing.T) {
		for _, key := range []string{policy.UIWelcome, policy.UIAgree, policy.UINotSure, policy.UIYourTurn,
			policy.UIHandBack, policy.UIFinished, policy.UIStart, policy.UIBack} {
			if p.UINarration[key][policy.DefaultLang] == "" {
				t.Errorf("ui_narration has no %s clip for %q", policy.DefaultLang, key)
			}
		}
		for _, key := range []string{policy.UIAgree, policy.UINotSure, policy.UIReplay, policy.UIStop, policy.UIMark} {
			if p.UISymbols[key].File == "" {
				t.Errorf("ui_symbols has no picture for %q", key)
			}
		}
	})
	t.Run("PupilFormsHavePicturesAndNarration", func(t *testing.T) {
		for _, band := range []string{"a", "b", "c"} {
			f, _ := p.PupilForm(band)
			for _, st := range f.Steps() {
				var syms []policy.Symbol
				var clip policy.Clip
				if st.Statement != nil {
					syms, clip = st.Statement.Symbols, st.Statement.Narration
				} else {
					syms, clip = st.Section.Symbols, st.Section.Narration
				}
				if len(syms) == 0 || clip[policy.DefaultLang] == "" {
					t.Errorf("band %s step %s: %d symbols, clip %q", band, st.ID(), len(syms), clip[policy.DefaultLang])
				}
			}
		}
	})
	t.Run("NoRealPeople", func(t *testing.T) {
		fsys, _ := assets.Pack(assets.DefaultPackID)
		data := mustRead(t, fsys, "pack.toml")
		for _, s := range []string{"Valence", "@", "Pauline", "Kavanagh", "Gooding", "01959", "0789", "0791"} {
			if strings.Contains(data, s) {
				t.Errorf("pack.toml contains %q", s)
			}
		}
	})
}

func TestLoad_BandsOfDefaultPack(t *testing.T) {
	p := mustLoadDefault(t)
	want := []policy.Band{
		{ID: "a", Title: policy.Text{"en-GB": "Listening & symbols"}, Alias: "P4–P7", Headings: false, MaxWords: 2},
		{ID: "b", Title: policy.Text{"en-GB": "Symbol sentences"}, Alias: "P7–L1", Headings: true, MaxWords: 4},
		// 17, not 15: c.t.2, the school's own wording, has a 17-word sentence.
		{ID: "c", Title: policy.Text{"en-GB": "Reading with support"}, Alias: "L2–L4", Headings: true, MaxWords: 17},
	}
	for _, w := range want {
		t.Run(w.ID, func(t *testing.T) {
			b, ok := p.Band(w.ID)
			if !ok {
				t.Fatalf("Band(%q) not found", w.ID)
			}
			if b.Title.In("en-GB") != w.Title.In("en-GB") || b.Alias != w.Alias || b.Headings != w.Headings {
				t.Errorf("Band(%q) = %+v, want %+v", w.ID, b, w)
			}
			if b.MaxWords != w.MaxWords {
				t.Errorf("Band(%q).MaxWords = %d, want %d", w.ID, b.MaxWords, w.MaxWords)
			}
			if f, ok := p.PupilForm(w.ID); !ok || f.ID != "pupil-"+w.ID {
				t.Errorf("PupilForm(%q) = %v, %v", w.ID, f, ok)
			}
		})
	}
	t.Run("ErrUnknown", func(t *testing.T) {
		if _, ok := p.Band("z"); ok {
			t.Error("Band(z) found a band")
		}
		if _, ok := p.PupilForm("z"); ok {
			t.Error("PupilForm(z) found a form")
		}
	})
	t.Run("BandAHasNoHeadings", func(t *testing.T) {
		f, _ := p.PupilForm("a")
		for _, r := range f.Rules {
			if len(r.Heading) != 0 {
				t.Errorf("band a rule %q has heading %v", r.ID, r.Heading)
			}
		}
	})
}

func TestLoad_StepsOfDefaultPack(t *testing.T) {
	p := mustLoadDefault(t)
	for band, want := range map[string]int{"a": 4 + 2, "b": 7 + 2, "c": 12 + 2} {
		t.Run(band, func(t *testing.T) {
			f, _ := p.PupilForm(band)
			steps := f.Steps()
			if len(steps) != want {
				t.Fatalf("%d steps, want %d", len(steps), want)
			}
			for i, s := range steps[:want-2] {
				if s.Rule == nil || s.Statement == nil || s.Section != nil {
					t.Errorf("step %d = %+v, want a rule statement", i, s)
				}
			}
			cons, agree := steps[want-2], steps[want-1]
			if cons.Section != f.Consequences || cons.ID() != band+".cons" {
				t.Errorf("second-last step %q is not the consequences", cons.ID())
			}
			if agree.Section != f.Agreement || agree.ID() != band+".agree" {
				t.Errorf("last step %q is not the agreement", agree.ID())
			}
			if got := steps[0].ID(); got != f.Rules[0].Statements[0].ID {
				t.Errorf("first step ID = %q", got)
			}
		})
	}
}

// statementID returns the id the seed wording test expects: "a.1" for
// band a, "b.s.1", "b.s.2" … for headed bands.
func statementID(band, rule string, n int) string {
	if band == "a" {
		return band + "." + rule
	}
	return fmt.Sprintf("%s.%s.%d", band, strings.ToLower(rule), n)
}
