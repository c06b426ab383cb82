package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"smartkiosk/roster"
	"smartkiosk/signoff"
)

// ErrEmptyRoster: the hub sent a roster with no pupils. Applied, it would
// mark every pupil as a leaver — far more likely a hub whose roster was
// never imported than a school with no pupils — so nothing changes.
var ErrEmptyRoster = errors.New("the hub's roster has no pupils")

// ApplyRoster makes the kiosk's roster the hub's whole list, in one
// transaction, as ImportRoster does for a file: new pupils added (in the
// pack's first band when the hub gives none, or one this tablet's pack
// does not have yet), changed ones updated (a pupil the hub gives no
// language, or a malformed one, keeps theirs), and active pupils not
// listed marked as left, their records kept. The hub's list is the
// school's own, so it may mark any number as leavers. An entry with a bad
// UPN, band or name, a UPN listed twice, or an empty list is an error and
// nothing changes.
func (s *Store) ApplyRoster(ctx context.Context, pupils []signoff.Pupil) error {
	f, err := hubRosterFile(pupils, s.Bands())
	if err != nil {
		return fmt.Errorf("apply the hub's roster: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		plan, err := s.planRoster(ctx, tx, f)
		if err != nil {
			return err
		}
		if err := s.applyRoster(ctx, tx, plan); err != nil {
			return err
		}
		return s.audit(ctx, tx, 0, AuditRosterImported, fmt.Sprintf("from the hub: %d added, %d updated, %d left",
			len(plan.Add), len(plan.Update), len(plan.Leave)))
	})
	if err != nil {
		return fmt.Errorf("apply the hub's roster: %w", diskFull(err))
	}
	return nil
}

// hubRosterFile checks the hub's entries as roster.Parse checks a file's
// rows and turns them into the rows the roster plan reads. Errors name an
// entry by its position and UPN, never by name.
func hubRosterFile(pupils []signoff.Pupil, bands signoff.Bands) (*roster.File, error) {
	if len(pupils) == 0 {
		return nil, ErrEmptyRoster
	}
	f := &roster.File{HasBand: true, HasLanguage: true}
	seen := make(map[string]int, len(pupils))
	for i, e := range pupils {
		row := roster.Row{Line: i + 1, Pupil: signoff.Pupil{UPN: roster.NormalizeUPN(e.UPN),
			GivenName: strings.TrimSpace(e.GivenName), FamilyName: strings.TrimSpace(e.FamilyName),
			Class: strings.TrimSpace(e.Class), Year: strings.TrimSpace(e.Year), Band: strings.ToLower(strings.TrimSpace(e.Band))}}
		if err := roster.CheckUPN(row.UPN); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if first, dup := seen[row.UPN]; dup {
			return nil, fmt.Errorf("entry %d: UPN %s is also entry %d", i+1, row.UPN, first)
		}
		seen[row.UPN] = i + 1
		if err := checkHubRow(row); err != nil {
			return nil, fmt.Errorf("entry %d (UPN %s): %w", i+1, row.UPN, err)
		}
		// A language the hub should not have sent is not worth refusing
		// the roster over: the pupil keeps the language they have.
		row.Language, _ = roster.ParseLanguage(e.Language)
		if !bands.Has(row.Band) {
			// The hub's pack has a band this tablet's has not (the new
			// pack is on its way): the pupil keeps the band they have.
			row.Band = ""
		}
		f.Rows = append(f.Rows, row)
	}
	return f, nil
}

func checkHubRow(r roster.Row) error {
	if r.Band != "" && !signoff.ValidBandID(r.Band) {
		return errors.New("the band is not a band id") // not repeated: it may be a name in the wrong field
	}
	for _, field := range []struct{ name, value string }{
		{"given name", r.GivenName}, {"family name", r.FamilyName}, {"class", r.Class}, {"year", r.Year},
	} {
		switch {
		case field.value == "":
			return fmt.Errorf("the %s is empty", field.name)
		case utf8.RuneCountInString(field.value) > roster.MaxNameRunes:
			return fmt.Errorf("the %s is longer than %d characters", field.name, roster.MaxNameRunes)
		case strings.ContainsFunc(field.value, unicode.IsControl):
			return fmt.Errorf("the %s has a control character in it", field.name)
		}
	}
	return nil
}
