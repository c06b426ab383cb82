package policy

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"smartkiosk/signoff"
)

// MaxSymbols is the most key symbols a statement (or rule, or section) may show.
const MaxSymbols = 4

// Validate checks a pack against the files in fsys and returns a
// *ValidationError listing every problem, or nil. It checks:
//   - the pack has an id, a version, a school name and a title, its
//     languages include en-GB, reviewed and next_review are YYYY-MM-DD dates
//     and next_review comes after reviewed;
//   - band ids are unique and well formed (signoff.ValidBandID), every band has a
//     title and an alias, and reading is empty, "symbols" or "sentences";
//     any number of bands is fine, none too when there is no pupil form;
//   - form ids are unique and kinds known; a pupil form names an existing
//     band and every band has exactly one pupil form; pupil forms have
//     consequences and an agreement, staff, visitor and Wi-Fi forms a
//     declaration;
//   - statement and section ids are unique across the whole pack (answers
//     are recorded under them); rule ids are unique within their form
//     (bands b and c both have rules S, M, A, R, T);
//   - every text has a non-empty en-GB entry; rule headings are present
//     when the band shows headings and absent when it does not;
//   - at most MaxSymbols symbols, each with a caption and a picture file;
//     every narration clip listed is for one of the pack's languages;
//   - pupil forms: every statement and section has 1–MaxSymbols symbols
//     and a narration clip in every pack language, and every headed rule
//     a clip of its heading (adult forms are text only);
//   - one picture, one caption: a picture has the same caption (per
//     language) everywhere in the pupil forms and UI symbols, and a caption
//     always names the same picture;
//   - every UI narration clip (ui_narration) is there in every pack
//     language, and every UI symbol has a caption and a picture;
//   - the band word limits (see checkWords);
//   - a pupil form has at most MaxPupilScreens screens, a section at most
//     MaxSectionStatements statements, any form at most MaxFormStatements;
//   - every file named is a regular file of the pack itself (no symbolic
//     link, device or folder), within MaxPictureBytes or MaxClipBytes, a
//     picture parses as SVG (.svg) or PNG (.png), a clip decodes as Ogg
//     Vorbis, and pack.toml and the files together are within MaxPackBytes.
func Validate(fsys fs.FS, p *Pack) error {
	if p == nil {
		return &ValidationError{Problems: []string{"no pack"}}
	}
	c := &checker{fsys: fsys, p: p, ids: map[string]string{}, vocab: newVocabulary(), files: map[string]checkedFile{}}
	c.checkPack()
	c.checkBands()
	c.checkForms()
	c.checkUI()
	c.checkTotal()
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.problems, ID: p.ID, Version: p.Version}
}

// checker walks a pack and collects problems.
type checker struct {
	fsys     fs.FS
	p        *Pack
	problems []string
	ids      map[string]string // statement or section id → where it was first seen
	vocab    *vocabulary       // pictures and captions of the pupil forms and UI
	files    map[string]checkedFile
	total    int64 // bytes of the files referenced, each counted once
}

func (c *checker) addf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) checkPack() {
	const where = "pack"
	if strings.TrimSpace(c.p.ID) == "" {
		c.addf("%s: no id", where)
	}
	if strings.TrimSpace(c.p.Version) == "" {
		c.addf("%s: no version", where)
	}
	if strings.TrimSpace(c.p.School.Name) == "" {
		c.addf("%s: no school name", where)
	}
	for i, k := range c.p.School.Contacts {
		if strings.TrimSpace(k.Role) == "" || strings.TrimSpace(k.How) == "" {
			c.addf("%s: contact %d needs both a role and how to reach it", where, i+1)
		}
	}
	c.text(where, "title", c.p.Title, true)
	if !slices.Contains(c.p.Languages, DefaultLang) {
		c.addf("%s: languages %q do not include %s", where, c.p.Languages, DefaultLang)
	}
	reviewed, okR := c.date(where, "reviewed", c.p.Reviewed)
	next, okN := c.date(where, "next_review", c.p.NextReview)
	if okR && okN && !next.After(reviewed) {
		c.addf("%s: next_review %s is not after reviewed %s", where, c.p.NextReview, c.p.Reviewed)
	}
}

func (c *checker) date(where, key, s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		c.addf("%s: %s %q is not a YYYY-MM-DD date", where, key, s)
		return t, false
	}
	return t, true
}

// checkBands checks the pack's bands. Any number is fine, none too (a
// reception tablet's pack has no pupil forms; checkForms asks for a band
// where a pupil form needs one).
func (c *checker) checkBands() {
	seen := map[string]bool{}
	for _, b := range c.p.Bands {
		where := fmt.Sprintf("band %q", b.ID)
		switch {
		case b.ID == "":
			c.addf("%s: no id", where)
		case !signoff.ValidBandID(b.ID):
			c.addf("%s: a band id is 1 to %d lower-case letters, digits or '-' (it is kept in every record and roster)", where, signoff.MaxBandID)
		case seen[b.ID]:
			c.addf("%s: duplicate band id", where)
		}
		switch b.Reading {
		case "", ReadSymbols, ReadSentences:
		default:
			c.addf("%s: reading %q is not %q or %q", where, b.Reading, ReadSymbols, ReadSentences)
		}
		seen[b.ID] = true
		c.text(where, "title", b.Title, true)
		if strings.TrimSpace(b.Alias) == "" {
			c.addf("%s: no alias", where)
		}
		if b.MaxWords < 0 {
			c.addf("%s: max_words %d is negative", where, b.MaxWords)
		}
	}
}

func (c *checker) checkForms() {
	seen := map[string]bool{}
	pupilForms := map[string]int{} // band id → number of pupil forms
	for i := range c.p.Forms {
		f := &c.p.Forms[i]
		where := fmt.Sprintf("form %q", f.ID)
		switch {
		case f.ID == "":
			c.addf("%s: no id", where)
		case seen[f.ID]:
			c.addf("%s: duplicate form id", where)
		}
		seen[f.ID] = true
		c.text(where, "title", f.Title, true)
		c.text(where, "intro", f.Intro, false)
		var band *Band
		switch f.Kind {
		case KindPupil:
			pupilForms[f.Band]++
			band = c.pupilBand(where, f)
		case KindParent, KindStaff, KindVisitor, KindWiFi:
			if f.Band != "" {
				c.addf("%s: band %q is for pupil forms only", where, f.Band)
			}
		default:
			c.addf("%s: unknown kind %q (want %s, %s, %s, %s or %s)", where, f.Kind,
				KindPupil, KindParent, KindStaff, KindVisitor, KindWiFi)
		}
		needsDeclaration := f.Kind == KindStaff || f.Kind == KindVisitor || f.Kind == KindWiFi
		c.text(where, "declaration", f.Declaration, needsDeclaration)
		pupil := f.Kind == KindPupil
		c.checkRules(where, f, band, pupil)
		c.checkSection(where, "consequences", f.Consequences, band, pupil)
		c.checkSection(where, "agreement", f.Agreement, band, pupil)
		c.checkLength(where, f)
	}
	for _, b := range c.p.Bands {
		if n := pupilForms[b.ID]; n != 1 {
			c.addf("band %q: has %d pupil forms, want exactly 1", b.ID, n)
		}
	}
}

// checkLength reports a form longer than anyone could answer in one
// sitting: a pupil form over MaxPupilScreens screens, any form over
// MaxFormStatements statements.
func (c *checker) checkLength(where string, f *Form) {
	if f.Kind == KindPupil {
		if n := len(f.Steps()); n > MaxPupilScreens {
			c.addf("%s: the pupil form of band %q has %d screens to answer, and a pupil is asked at most %d in one sitting: "+
				"shorten the form, or move rules to another band", where, f.Band, n, MaxPupilScreens)
		}
	}
	n := 0
	for _, r := range f.Rules {
		n += len(r.Statements)
	}
	for _, s := range []*Section{f.Consequences, f.Agreement} {
		if s != nil {
			n += len(s.Statements)
		}
	}
	if n > MaxFormStatements {
		c.addf("%s: %d statements, and a form may have at most %d: split it into shorter forms", where, n, MaxFormStatements)
	}
}

// pupilBand returns the band a pupil form names, or nil with a problem.
func (c *checker) pupilBand(where string, f *Form) *Band {
	if f.Band == "" {
		c.addf("%s: pupil form names no band", where)
		return nil
	}
	b, ok := c.p.Band(f.Band)
	if !ok {
		c.addf("%s: unknown band %q", where, f.Band)
		return nil
	}
	return &b
}

// checkRules checks the rules of a form; band is nil outside pupil forms
// (or when the pupil form's band is unknown).
func (c *checker) checkRules(where string, f *Form, band *Band, pupil bool) {
	if len(f.Rules) == 0 {
		c.addf("%s: no rules", where)
	}
	seen := map[string]bool{}
	for i := range f.Rules {
		r := &f.Rules[i]
		rw := fmt.Sprintf("%s rule %q", where, r.ID)
		switch {
		case r.ID == "":
			c.addf("%s: no id", rw)
		case seen[r.ID]:
			c.addf("%s: duplicate rule id in this form", rw)
		}
		seen[r.ID] = true
		switch {
		case band == nil:
			c.text(rw, "heading", r.Heading, false)
		case band.Headings:
			c.text(rw, "heading", r.Heading, true)
		case len(r.Heading) > 0:
			c.addf("%s: band %q shows no headings, so the rule must not have one", rw, band.ID)
		}
		c.checkSymbols(rw, r.Symbols, pupil, false) // a rule's own strip is optional
		c.checkClip(rw+" heading", r.Narration, pupil && len(r.Heading) > 0)
		if len(r.Statements) == 0 {
			c.addf("%s: no statements", rw)
		}
		for j := range r.Statements {
			c.checkStatement(rw, &r.Statements[j], band, pupil, true)
		}
	}
}

// checkSection checks the consequences or the agreement of a form, which
// pupil forms must have.
func (c *checker) checkSection(where, name string, s *Section, band *Band, pupil bool) {
	if s == nil {
		if pupil {
			c.addf("%s: no %s", where, name)
		}
		return
	}
	sw := fmt.Sprintf("%s %s %q", where, name, s.ID)
	c.checkID(sw, s.ID)
	c.text(sw, "lead", s.Lead, true)
	c.checkSymbols(sw, s.Symbols, pupil, pupil)
	c.checkClip(sw, s.Narration, pupil)
	if band != nil {
		c.checkStripWords(sw, s.Symbols, *band)
	}
	if len(s.Statements) == 0 {
		c.addf("%s: no statements", sw)
	}
	if len(s.Statements) > MaxSectionStatements {
		c.addf("%s: %d statements, and a section may have at most %d (they are read together on one screen)",
			sw, len(s.Statements), MaxSectionStatements)
	}
	for i := range s.Statements {
		c.checkStatement(sw, &s.Statements[i], band, pupil, false)
	}
}

// checkStatement checks one statement; band is nil outside pupil forms.
func (c *checker) checkStatement(where string, s *Statement, band *Band, pupil, inRule bool) {
	sw := fmt.Sprintf("%s statement %q", where, s.ID)
	c.checkID(sw, s.ID)
	c.text(sw, "text", s.Text, true)
	c.checkSymbols(sw, s.Symbols, pupil, pupil)
	c.checkClip(sw, s.Narration, pupil)
	if band != nil {
		c.checkWords(sw, s, *band, inRule)
	}
}

// checkID records a statement or section id and reports it if empty or taken.
func (c *checker) checkID(where, id string) {
	if id == "" {
		c.addf("%s: no id", where)
		return
	}
	if first, ok := c.ids[id]; ok {
		c.addf("%s: duplicate id, already used by %s", where, first)
		return
	}
	c.ids[id] = where
}

// text reports a Text with no en-GB entry. An optional Text may be empty.
func (c *checker) text(where, name string, t Text, required bool) {
	if len(t) == 0 && !required {
		return
	}
	if strings.TrimSpace(t[DefaultLang]) == "" {
		c.addf("%s: %s has no %s entry", where, name, DefaultLang)
	}
}
