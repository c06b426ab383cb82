package policy_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/policy"
)

// validTOML is a small valid pack: band a (symbols, no headings) and band c
// (headed, text), every pupil statement and section with its symbol strip
// and narration clip, a text-only staff form, and UI narration and symbols.
// Symbol strips are written both as tables and inline.
const validTOML = `
id = "test"
version = "1"
title.en-GB = "Acceptable Use of Technology Policy"
reviewed = "2026-01-01"
next_review = "2027-01-01"
languages = ["en-GB"]

[school]
name = "Test School"

[ui_narration]
welcome.en-GB = "narration/ui/welcome.ogg"

[ui_symbols]
agree = { file = "pictures/agree.svg", caption.en-GB = "agree" }

[[bands]]
id = "a"
title.en-GB = "Listening & symbols"
alias = "P4–P7"
max_words = 2

[[bands]]
id = "c"
title.en-GB = "Reading with support"
alias = "L2–L4"
headings = true
max_words = 15

[[forms]]
id = "pupil-a"
kind = "pupil"
band = "a"
title.en-GB = "Pupil agreement"

[[forms.rules]]
id = "1"

[[forms.rules.statements]]
id = "a.1"
text.en-GB = "I ask a grown up if I want to use the computer"
narration.en-GB = "narration/a.1.ogg"

[[forms.rules.statements.symbols]]
file = "pictures/ask.svg"
caption.en-GB = "ask"

[[forms.rules.statements.symbols]]
file = "pictures/adult.svg"
caption.en-GB = "adult"

[forms.consequences]
id = "a.cons"
lead.en-GB = "I know that if I do not follow the school rules then:"
narration.en-GB = "narration/a.cons.ogg"
symbols = [{ file = "pictures/rules.svg", caption.en-GB = "rules" }]

[[forms.consequences.statements]]
id = "a.cons.1"
text.en-GB = "my access will be reduced"
narration.en-GB = "narration/a.cons.1.ogg"
symbols = [{ file = "pictures/less.svg", caption.en-GB = "less" }]

[forms.agreement]
id = "a.agree"
lead.en-GB = "I agree to follow the AUP when:"
narration.en-GB = "narration/a.agree.ogg"
symbols = [{ file = "pictures/agree.svg", caption.en-GB = "agree" }]

[[forms.agreement.statements]]
id = "a.agree.1"
text.en-GB = "I use school systems and devices, both on and offsite"
narration.en-GB = "narration/a.agree.1.ogg"
symbols = [{ file = "pictures/school.svg", caption.en-GB = "school" }]

[[forms]]
id = "pupil-c"
kind = "pupil"
band = "c"
title.en-GB = "Pupil agreement"

[[forms.rules]]
id = "S"
heading.en-GB = "Safe"
narration.en-GB = "narration/S.ogg"

[[forms.rules.statements]]
id = "c.s.1"
text.en-GB = "I ask an adult if I want to use the internet"
narration.en-GB = "narration/c.s.1.ogg"
symbols = [
  { file = "pictures/ask.svg", caption.en-GB = "ask" },
  { file = "pictures/adult.svg", caption.en-GB = "adult" },
]

[forms.consequences]
id = "c.cons"
lead.en-GB = "I know that if I do not follow the school rules then:"
narration.en-GB = "narration/c.cons.ogg"
symbols = [{ file = "pictures/rules.svg", caption.en-GB = "rules" }]

[[forms.consequences.statements]]
id = "c.cons.1"
text.en-GB = "my access will be reduced"
narration.en-GB = "narration/c.cons.1.ogg"
symbols = [{ file = "pictures/less.svg", caption.en-GB = "less" }]

[forms.agreement]
id = "c.agree"
lead.en-GB = "I agree to follow the AUP when:"
narration.en-GB = "narration/c.agree.ogg"
symbols = [{ file = "pictures/agree.svg", caption.en-GB = "agree" }]

[[forms.agreement.statements]]
id = "c.agree.1"
text.en-GB = "I use school systems and devices, both on and offsite"
narration.en-GB = "narration/c.agree.1.ogg"
symbols = [{ file = "pictures/school.svg", caption.en-GB = "school" }]

[[forms]]
id = "staff"
kind = "staff"
title.en-GB = "Staff Acceptable Use of Technology Policy"
declaration.en-GB = "I have read, understood and agreed to comply."

[[forms.rules]]
id = "scope"
heading.en-GB = "Policy Scope"

[[forms.rules.statements]]
id = "staff.scope.1"
text.en-GB = "I understand that this AUP applies to my use of technology systems and services provided to me or accessed as part of my role, both professionally and personally."
`

// validFiles are the pictures and clips validTOML references.
var validFiles = []string{
	"pictures/ask.svg", "pictures/adult.svg", "pictures/rules.svg", "pictures/less.svg",
	"pictures/agree.svg", "pictures/school.svg",
	"narration/ui/welcome.ogg", "narration/S.ogg",
	"narration/a.1.ogg", "narration/a.cons.ogg", "narration/a.cons.1.ogg", "narration/a.agree.ogg", "narration/a.agree.1.ogg",
	"narration/c.s.1.ogg", "narration/c.cons.ogg", "narration/c.cons.1.ogg", "narration/c.agree.ogg", "narration/c.agree.1.ogg",
}

// packFS returns a MapFS holding the given pack.toml and the files validTOML
// references, each with its own bytes.
func packFS(packTOML string) fstest.MapFS {
	fsys := fstest.MapFS{"pack.toml": {Data: []byte(packTOML)}}
	for i, name := range validFiles {
		fsys[name] = &fstest.MapFile{Data: fileFor(name, uint32(i+1))}
	}
	return fsys
}

// faultyTOML is validTOML with one deliberate fault of each kind.
var faultyTOML = strings.NewReplacer(
	// bad date
	`reviewed = "2026-01-01"`, `reviewed = "2026-13-01"`,
	// unknown TOML key
	`text.en-GB = "I ask an adult if I want to use the internet"`, `txet.en-GB = "I ask an adult if I want to use the internet"`,
	// over the band a word limit (4 caption words, 2 allowed)
	`caption.en-GB = "adult"`, `caption.en-GB = "a grown up"`,
	// missing picture file
	`file = "pictures/ask.svg"`, `file = "pictures/missing.svg"`,
	// duplicate statement id
	`id = "c.cons.1"`, `id = "a.cons.1"`,
	// missing en-GB text (Welsh only)
	`text.en-GB = "I use school systems and devices, both on and offsite"
`, `text.cy = "Rwy'n defnyddio systemau a dyfeisiau'r ysgol"
`,
).Replace(validTOML) + `
# unknown band
[[forms]]
id = "pupil-z"
kind = "pupil"
band = "z"
title.en-GB = "Pupil agreement"

[[forms.rules]]
id = "1"

[[forms.rules.statements]]
id = "z.1"
text.en-GB = "I make good choices on the computer"
`

func TestValidate_Pack(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p, err := policy.Load(packFS(validTOML))
		if err != nil {
			t.Fatalf("Load:\n%v", err)
		}
		if err := policy.Validate(packFS(validTOML), p); err != nil {
			t.Errorf("Validate:\n%v", err)
		}
	})
	t.Run("ErrNil", func(t *testing.T) {
		if err := policy.Validate(packFS(validTOML), nil); err == nil {
			t.Error("Validate(nil) = nil")
		}
	})
	t.Run("ErrNoConsequences", func(t *testing.T) {
		p, err := policy.Load(packFS(validTOML))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := p.PupilForm("c")
		f.Consequences, f.Agreement = nil, nil
		err = policy.Validate(packFS(validTOML), p)
		for _, want := range []string{`form "pupil-c": no consequences`, `form "pupil-c": no agreement`} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate = %v, want %q", err, want)
			}
		}
	})
	t.Run("ErrNoPackFile", func(t *testing.T) {
		if _, err := policy.Load(fstest.MapFS{}); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Load(empty) = %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("ErrSyntax", func(t *testing.T) {
		if _, err := policy.Load(packFS(validTOML + "\nid = \n")); err == nil {
			t.Error("Load(bad TOML) = nil")
		}
	})
}

func TestLoad_ReportsEveryProblem(t *testing.T) {
	_, err := policy.Load(packFS(faultyTOML))
	var verr *policy.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Load(faulty) = %v, want a *ValidationError", err)
	}
	if verr.ID != "test" || verr.Version != "1" {
		t.Errorf("the error names pack %q version %q, want test version 1", verr.ID, verr.Version)
	}
	if got := strings.Count(err.Error(), "\n") + 1; got != len(verr.Problems) {
		t.Errorf("Error() has %d lines for %d problems", got, len(verr.Problems))
	}
	for _, tc := range []struct{ name, want string }{
		{"DuplicateID", `form "pupil-c" consequences "c.cons" statement "a.cons.1": duplicate id, already used by form "pupil-a" consequences "a.cons" statement "a.cons.1"`},
		{"UnknownBand", `form "pupil-z": unknown band "z"`},
		{"MissingEnGB", `form "pupil-c" agreement "c.agree" statement "c.agree.1": text has no en-GB entry`},
		{"MissingPicture", `form "pupil-a" rule "1" statement "a.1" symbol 1: picture file "pictures/missing.svg" is missing`},
		{"OverWordLimit", `form "pupil-a" rule "1" statement "a.1": symbol captions have 4 words (en-GB), band "a" allows 2`},
		{"BadDate", `pack: reviewed "2026-13-01" is not a YYYY-MM-DD date`},
		{"UnknownKey", `pack.toml: unknown key "forms.rules.statements.txet.en-GB"`},
		{"UnknownKeyLeavesTextEmpty", `form "pupil-c" rule "S" statement "c.s.1": text has no en-GB entry`},
		{"NoSymbols", `form "pupil-z" rule "1" statement "z.1": no symbols (a pupil statement or section shows 1–4)`},
		{"NoClip", `form "pupil-z" rule "1" statement "z.1": no narration clip (en-GB)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !contains(verr.Problems, tc.want) {
				t.Errorf("missing problem\n  %s\nin\n  %s", tc.want, strings.Join(verr.Problems, "\n  "))
			}
		})
	}
}

// TestValidate_BandsAreThePacks: a pack's bands are its own. Any ids, one
// band, or none on a reception tablet's pack with no pupil form, all run.
func TestValidate_BandsAreThePacks(t *testing.T) {
	t.Parallel()
	renamed := strings.NewReplacer("[[bands]]\nid = \"c\"", "[[bands]]\nid = \"reading-2\"",
		`band = "c"`, `band = "reading-2"`).Replace(validTOML)
	p, err := policy.Load(packFS(renamed))
	if err != nil {
		t.Fatalf("a band called reading-2: %v", err)
	}
	if _, ok := p.PupilForm("reading-2"); !ok {
		t.Errorf("no pupil form for band reading-2")
	}
	b, _ := p.Band("reading-2")
	if b.SymbolLed() {
		t.Errorf("band reading-2 (headed, no reading given) is symbol-led; band c was read by its sentences")
	}

	// One band: drop band c and its form.
	one := cutBetween(t, cutBetween(t, validTOML, "[[bands]]\nid = \"c\"", "[[forms]]"), "[[forms]]\nid = \"pupil-c\"", "[[forms]]\nid = \"staff\"")
	if p, err := policy.Load(packFS(one)); err != nil || len(p.Bands) != 1 {
		t.Fatalf("one band: %v (bands %d)", err, len(p.Bands))
	}

	// Reception: no bands, no pupil forms, a staff form only.
	reception := cutBetween(t, validTOML, "[[bands]]", "[[forms]]\nid = \"staff\"")
	if p, err := policy.Load(packFS(reception)); err != nil || len(p.Bands) != 0 {
		t.Fatalf("a pack with no pupil form: %v", err)
	}
	// …but a pupil form still needs its band.
	orphan := cutBetween(t, validTOML, "[[bands]]", "[[forms]]")
	_, err = policy.Load(packFS(orphan))
	if err == nil || !strings.Contains(err.Error(), `form "pupil-a": unknown band "a"`) {
		t.Errorf("pupil forms with no bands: %v, want unknown band", err)
	}

	// Reading, when given, decides the layout whatever the id.
	told := strings.Replace(renamed, "headings = true\nmax_words = 15", "headings = true\nreading = \"symbols\"\nmax_words = 15", 1)
	p, err = policy.Load(packFS(told))
	if err != nil {
		t.Fatalf("reading = symbols: %v", err)
	}
	if b, _ := p.Band("reading-2"); !b.SymbolLed() {
		t.Errorf("band reading-2 with reading = \"symbols\" is not symbol-led")
	}
}

// cutBetween removes s from the first from (included) to the next to after
// it (kept), failing when either is missing.
func cutBetween(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	if i < 0 {
		t.Fatalf("%q not in the fixture", from)
	}
	j := strings.Index(s[i+len(from):], to)
	if j < 0 {
		t.Fatalf("%q not after %q in the fixture", to, from)
	}
	return s[:i] + s[i+len(from)+j:]
}

func TestValidate_Problems(t *testing.T) {
	for _, tc := range []struct{ name, old, new, want string }{
		{"ErrNoID", `id = "test"`, `id = ""`, `pack: no id`},
		{"ErrNoVersion", `version = "1"`, `version = ""`, `pack: no version`},
		{"ErrNoSchoolName", `name = "Test School"`, `name = ""`, `pack: no school name`},
		{"ErrNoEnGB", `languages = ["en-GB"]`, `languages = ["cy"]`, `pack: languages ["cy"] do not include en-GB`},
		{"ErrReviewOrder", `next_review = "2027-01-01"`, `next_review = "2025-01-01"`, `pack: next_review 2025-01-01 is not after reviewed 2026-01-01`},
		{"ErrDuplicateBand", `id = "c"`, `id = "a"`, `band "a": duplicate band id`},
		{"ErrNoAlias", `alias = "L2–L4"`, `alias = ""`, `band "c": no alias`},
		{"ErrBandIDSpaces", "[[bands]]\nid = \"c\"", "[[bands]]\nid = \"Band C\"", `band "Band C": a band id is 1 to 32 lower-case letters`},
		{"ErrBandReading", "headings = true\nmax_words = 15", "headings = true\nreading = \"pictures\"\nmax_words = 15",
			`band "c": reading "pictures" is not "symbols" or "sentences"`},
		{"ErrNoPupilForm", `band = "c"`, `band = "a"`, `band "c": has 0 pupil forms, want exactly 1`},
		{"ErrTwoPupilForms", `band = "c"`, `band = "a"`, `band "a": has 2 pupil forms, want exactly 1`},
		{"ErrUnknownKind", `kind = "staff"`, `kind = "governor"`, `form "staff": unknown kind "governor"`},
		{"ErrDuplicateForm", `id = "staff"`, `id = "pupil-a"`, `form "pupil-a": duplicate form id`},
		{"ErrNoDeclaration", `declaration.en-GB = "I have read, understood and agreed to comply."`, ``, `form "staff": declaration has no en-GB entry`},
		{"ErrHeadingInBandA", "[[forms.rules]]\nid = \"1\"\n", "[[forms.rules]]\nid = \"1\"\nheading.en-GB = \"Safe\"\n", `form "pupil-a" rule "1": band "a" shows no headings, so the rule must not have one`},
		{"ErrNoHeadingInBandC", `heading.en-GB = "Safe"`, ``, `form "pupil-c" rule "S": heading has no en-GB entry`},
		{"ErrNoCaption", `caption.en-GB = "ask"`, ``, `form "pupil-a" rule "1" statement "a.1" symbol 1: caption has no en-GB entry`},
		{"ErrMissingClip", `narration.en-GB = "narration/a.1.ogg"`, `narration.en-GB = "narration/gone.ogg"`, `form "pupil-a" rule "1" statement "a.1": narration clip (en-GB) file "narration/gone.ogg" is missing`},
		{"ErrPathOutsidePack", `file = "pictures/ask.svg"`, `file = "../ask.svg"`, `picture "../ask.svg" is not a path inside the pack`},
		{"ErrSentenceTooLong", `text.en-GB = "I ask an adult if I want to use the internet"`,
			`text.en-GB = "I ask an adult. If someone is mean online then I don't reply, I save the message and show an adult"`,
			`form "pupil-c" rule "S" statement "c.s.1": sentence "If someone is mean online then I don't reply, I save the message and show an adult" has 17 words (en-GB), band "c" allows 15`},
		{"ErrNoStatementSymbols", "\nsymbols = [{ file = \"pictures/less.svg\", caption.en-GB = \"less\" }]", ``,
			`form "pupil-a" consequences "a.cons" statement "a.cons.1": no symbols (a pupil statement or section shows 1–4)`},
		{"ErrNoSectionSymbols", "\nsymbols = [{ file = \"pictures/rules.svg\", caption.en-GB = \"rules\" }]", ``,
			`form "pupil-a" consequences "a.cons": no symbols (a pupil statement or section shows 1–4)`},
		{"ErrTooManySymbols", `{ file = "pictures/ask.svg", caption.en-GB = "ask" },`,
			strings.Repeat(`{ file = "pictures/ask.svg", caption.en-GB = "ask" },`, 4),
			`form "pupil-c" rule "S" statement "c.s.1": 5 symbols, at most 4 allowed`},
		{"ErrNoClip", `narration.en-GB = "narration/c.s.1.ogg"`, ``, `form "pupil-c" rule "S" statement "c.s.1": no narration clip (en-GB)`},
		{"ErrNoSectionClip", `narration.en-GB = "narration/a.agree.ogg"`, ``, `form "pupil-a" agreement "a.agree": no narration clip (en-GB)`},
		{"ErrNoHeadingClip", `narration.en-GB = "narration/S.ogg"`, ``, `form "pupil-c" rule "S" heading: no narration clip (en-GB)`},
		{"ErrClipMissingInALanguage", `languages = ["en-GB"]`, `languages = ["en-GB", "cy"]`,
			`form "pupil-a" rule "1" statement "a.1": no narration clip (cy)`},
		{"ErrClipForUnlistedLanguage", `narration.en-GB = "narration/a.1.ogg"`, "narration.en-GB = \"narration/a.1.ogg\"\nnarration.cy = \"narration/a.1.ogg\"",
			`form "pupil-a" rule "1" statement "a.1": narration clip (cy) is for a language the pack does not list in languages`},
		{"ErrPictureTwoCaptions", `{ file = "pictures/adult.svg", caption.en-GB = "adult" },`, `{ file = "pictures/adult.svg", caption.en-GB = "grown-up" },`,
			`form "pupil-c" rule "S" statement "c.s.1" symbol 2: picture "pictures/adult.svg" has caption "grown-up" (en-GB) here but "adult" in form "pupil-a" rule "1" statement "a.1" symbol 2`},
		{"ErrCaptionTwoPictures", `{ file = "pictures/ask.svg", caption.en-GB = "ask" },`, `{ file = "pictures/agree.svg", caption.en-GB = "ask" },`,
			`form "pupil-c" rule "S" statement "c.s.1" symbol 1: caption "ask" (en-GB) names picture "pictures/agree.svg" here but "pictures/ask.svg" in form "pupil-a" rule "1" statement "a.1" symbol 1`},
		{"ErrSectionStripWords", `symbols = [{ file = "pictures/rules.svg", caption.en-GB = "rules" }]`,
			`symbols = [{ file = "pictures/rules.svg", caption.en-GB = "rules" }, { file = "pictures/school.svg", caption.en-GB = "school" }, { file = "pictures/less.svg", caption.en-GB = "less" }]`,
			`form "pupil-a" consequences "a.cons": symbol captions have 3 words (en-GB), band "a" allows 2`},
		{"ErrUIClipMissing", `welcome.en-GB = "narration/ui/welcome.ogg"`, `welcome.en-GB = "narration/ui/gone.ogg"`,
			`ui_narration "welcome": narration clip (en-GB) file "narration/ui/gone.ogg" is missing`},
		{"ErrUIClipLanguage", `welcome.en-GB = "narration/ui/welcome.ogg"`, `welcome.cy = "narration/ui/welcome.ogg"`,
			`ui_narration "welcome": no narration clip (en-GB)`},
		{"ErrUISymbolNoCaption", `agree = { file = "pictures/agree.svg", caption.en-GB = "agree" }`, `agree = { file = "pictures/agree.svg" }`,
			`ui_symbols "agree": caption has no en-GB entry`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			packTOML := strings.Replace(validTOML, tc.old, tc.new, 1)
			if packTOML == validTOML {
				t.Fatalf("fixture unchanged: %q not found", tc.old)
			}
			_, err := policy.Load(packFS(packTOML))
			var verr *policy.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Load = %v, want a *ValidationError", err)
			}
			if !containsPrefix(verr.Problems, tc.want) {
				t.Errorf("missing problem\n  %s\nin\n  %s", tc.want, strings.Join(verr.Problems, "\n  "))
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// containsPrefix reports whether some problem contains s.
func containsPrefix(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func mustRead(tb testing.TB, fsys fs.FS, name string) string {
	tb.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
