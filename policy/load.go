package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/BurntSushi/toml"

	"smartkiosk/signoff"
)

// PackFile is the name of the pack description at the root of a pack folder.
const PackFile = "pack.toml"

// ValidationError lists every problem found in a pack, each naming where it
// is (form, rule, statement…) so a school IT manager can fix their pack.
type ValidationError struct {
	Problems []string
	// ID and Version are the pack's as pack.toml gives them (maybe empty),
	// so that a kiosk can say which pack it could not use.
	ID, Version string
}

// Error returns the problems one per line.
func (e *ValidationError) Error() string { return strings.Join(e.Problems, "\n") }

// Load reads pack.toml at the root of fsys, validates the pack against the
// pictures and clips in fsys and sets its Fingerprint. Unknown TOML keys are
// problems too. An invalid pack gives a *ValidationError listing every
// problem; a pack.toml that cannot be read or parsed gives a plain error.
func Load(fsys fs.FS) (*Pack, error) {
	data, err := readPackTOML(fsys)
	if err != nil {
		return nil, err
	}
	var p Pack
	md, err := toml.Decode(string(data), &p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", PackFile, err)
	}
	problems := unknownKeys(md)
	if err := Validate(fsys, &p); err != nil {
		var verr *ValidationError
		if !errors.As(err, &verr) {
			return nil, err
		}
		problems = append(problems, verr.Problems...)
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems, ID: p.ID, Version: p.Version}
	}
	if p.Fingerprint, err = fingerprint(fsys, data, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// unknownKeys reports each key of pack.toml that Pack has no field for,
// once: the keys under an unknown table are not listed again.
func unknownKeys(md toml.MetaData) []string {
	var problems []string
	reported := map[string]bool{}
outer:
	for _, key := range md.Undecoded() {
		for i := 1; i < len(key); i++ {
			if reported[key[:i].String()] {
				continue outer
			}
		}
		reported[key.String()] = true
		problems = append(problems, fmt.Sprintf("%s: unknown key %q", PackFile, key.String()))
	}
	return problems
}

// Band returns the band with the given id.
func (p *Pack) Band(id string) (Band, bool) {
	for _, b := range p.Bands {
		if b.ID == id {
			return b, true
		}
	}
	return Band{}, false
}

// BandIDs returns the ids of the pack's bands, in its order: what the
// kiosk's store takes in SetBands.
func (p *Pack) BandIDs() signoff.Bands {
	ids := make(signoff.Bands, 0, len(p.Bands))
	for _, b := range p.Bands {
		ids = append(ids, b.ID)
	}
	return ids
}

// BandNames returns the pack's bands as a school writes them, with titles
// in the pack's default language: what a roster's Band column may name.
func (p *Pack) BandNames() []signoff.BandName {
	names := make([]signoff.BandName, 0, len(p.Bands))
	for _, b := range p.Bands {
		names = append(names, signoff.BandName{ID: b.ID, Alias: b.Alias, Title: b.Title.In(DefaultLang)})
	}
	return names
}

// PupilForm returns the pupil form for the given band id.
func (p *Pack) PupilForm(band string) (*Form, bool) {
	for i := range p.Forms {
		if f := &p.Forms[i]; f.Kind == KindPupil && f.Band == band {
			return f, true
		}
	}
	return nil, false
}

// FormOfKind returns the first form of a kind (the parent/carer form).
func (p *Pack) FormOfKind(kind string) (*Form, bool) {
	for i := range p.Forms {
		if f := &p.Forms[i]; f.Kind == kind {
			return f, true
		}
	}
	return nil, false
}

// FormByID returns the form with the given id.
func (p *Pack) FormByID(id string) (*Form, bool) {
	for i := range p.Forms {
		if f := &p.Forms[i]; f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// Step is one screen of a form: a rule statement (Rule and Statement set)
// or a whole section (Section set: the consequences or the agreement).
type Step struct {
	Rule      *Rule
	Section   *Section
	Statement *Statement
}

// ID returns the id the answer to this step is recorded under: the
// statement id, or the section id.
func (s Step) ID() string {
	if s.Statement != nil {
		return s.Statement.ID
	}
	if s.Section != nil {
		return s.Section.ID
	}
	return ""
}

// Steps flattens the form into the screens a pupil sees, in order: one step
// per statement of each rule, then the consequences, then the agreement.
// The steps point into f.
func (f *Form) Steps() []Step {
	var steps []Step
	for i := range f.Rules {
		r := &f.Rules[i]
		for j := range r.Statements {
			steps = append(steps, Step{Rule: r, Statement: &r.Statements[j]})
		}
	}
	for _, s := range []*Section{f.Consequences, f.Agreement} {
		if s != nil {
			steps = append(steps, Step{Section: s})
		}
	}
	return steps
}
