package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"smartkiosk/roster"
	"smartkiosk/signoff"
)

// Errors of a roster import (compare with errors.Is).
var (
	// ErrRosterProblems: the file has rows that need fixing, so nothing
	// was imported.
	ErrRosterProblems = errors.New("the roster file has rows that need fixing")
	// ErrMassLeave: the file would mark more than half the active pupils
	// as leavers; the error is a *MassLeaveError with the numbers.
	ErrMassLeave = errors.New("the roster would mark more than half the pupils as leavers")
)

// MassLeaveError is an import refused because it would mark more than half
// the school's active pupils as leavers — most likely one class's file
// imported as if it were the whole school's.
type MassLeaveError struct{ Leavers, Active int }

func (e *MassLeaveError) Error() string {
	return fmt.Sprintf("This file would mark %d of %d pupils as leavers. "+
		"If this is the whole school's roster, import again and confirm.", e.Leavers, e.Active)
}

func (e *MassLeaveError) Is(target error) bool { return target == ErrMassLeave }

// What a roster import changes about a pupil already on the kiosk.
const (
	ChangeName        = "name"
	ChangeClass       = "class"
	ChangeYear        = "year"
	ChangeBand        = "band"
	ChangeLanguage    = "language"
	ChangeReactivated = "reactivated" // a leaver who is back
)

// RosterChange is a pupil on the kiosk whose row in the file differs.
type RosterChange struct {
	PupilID int64
	Row     roster.Row
	Changes []string // ChangeName, ChangeClass, … in that order
	after   Pupil
}

// RosterPlan is what importing a roster file would do.
type RosterPlan struct {
	Add       []roster.Row   // pupils new to the kiosk
	Update    []RosterChange // pupils whose details change
	Leave     []Pupil        // active pupils not in the file: marked as left, never deleted
	Unchanged int
	NoBand    int    // new pupils the file gives no band: they start in StartBand
	StartBand string // the pack's first band (see signoff.Bands.Default); "" when it has none
	Active    int    // active pupils before the import
	// MassLeave is set when Leave is more than half of Active: the import
	// then needs RosterOptions.AllowMassLeave.
	MassLeave bool
	Problems  []roster.Problem // the file's; any one stops the import
}

// RosterOptions confirm what an import would otherwise refuse.
type RosterOptions struct {
	AllowMassLeave bool // the file is the whole school's, however many leave
}

// RosterResult counts what an import did.
type RosterResult struct{ Added, Updated, Left, Unchanged int }

// PlanRoster compares a parsed roster with the kiosk's pupils, changing
// nothing. Pupils are matched by UPN; profiles are never part of a roster.
func (s *Store) PlanRoster(ctx context.Context, f *roster.File) (RosterPlan, error) {
	if f == nil {
		return RosterPlan{}, errors.New("plan roster: no roster file")
	}
	var plan RosterPlan
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		plan, err = s.planRoster(ctx, tx, f)
		return err
	})
	if err != nil {
		return RosterPlan{}, fmt.Errorf("plan roster: %w", err)
	}
	return plan, nil
}

// ImportRoster applies a roster file all or nothing, in one transaction:
// new pupils are added (in the pack's first band when the file gives none), changed ones
// updated (a leaver who is back made active again), and active pupils not
// in the file marked as left — never deleted, as records refer to them.
// It imports nothing if the file has any problem (ErrRosterProblems), or
// would mark more than half the active pupils as leavers without
// opts.AllowMassLeave (*MassLeaveError), or the disk is full (ErrDiskFull).
// Importing the same file again changes nothing.
func (s *Store) ImportRoster(ctx context.Context, f *roster.File, opts RosterOptions) (RosterResult, error) {
	if err := checkRosterFile(f); err != nil {
		return RosterResult{}, err
	}
	var res RosterResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		plan, err := s.planRoster(ctx, tx, f)
		if err != nil {
			return err
		}
		if len(plan.Problems) > 0 { // a band this tablet's pack does not have
			return fmt.Errorf("%w: %d problem(s) listed; fix them and import again (nothing was imported)",
				ErrRosterProblems, len(plan.Problems))
		}
		if plan.MassLeave && !opts.AllowMassLeave {
			return &MassLeaveError{Leavers: len(plan.Leave), Active: plan.Active}
		}
		res = RosterResult{Added: len(plan.Add), Updated: len(plan.Update), Left: len(plan.Leave), Unchanged: plan.Unchanged}
		return s.applyRoster(ctx, tx, plan)
	})
	var mass *MassLeaveError
	if errors.As(err, &mass) {
		return RosterResult{}, mass // a sentence for the teacher as it is
	}
	if err != nil {
		return RosterResult{}, fmt.Errorf("import roster: %w", diskFull(err))
	}
	return res, nil
}

// checkRosterFile refuses a file with problems, and a hand-made
// roster.File whose rows roster.Parse would not have given.
func checkRosterFile(f *roster.File) error {
	if f == nil {
		return errors.New("import roster: no roster file")
	}
	if len(f.Problems) > 0 {
		return fmt.Errorf("%w: %d problem(s) listed; fix them and import again (nothing was imported)",
			ErrRosterProblems, len(f.Problems))
	}
	seen := map[string]bool{}
	for _, r := range f.Rows {
		bad := roster.CheckUPN(r.UPN) != nil || seen[r.UPN] || r.GivenName == "" || r.FamilyName == "" ||
			r.Class == "" || r.Year == "" || (r.Band != "" && !signoff.ValidBandID(r.Band))
		if bad {
			return fmt.Errorf("import roster: the row from line %d is not a valid roster row", r.Line)
		}
		seen[r.UPN] = true
	}
	return nil
}

func (s *Store) planRoster(ctx context.Context, tx *sql.Tx, f *roster.File) (RosterPlan, error) {
	plan := RosterPlan{Problems: slices.Clone(f.Problems)}
	pupils, err := s.allPupils(ctx, tx)
	if err != nil {
		return RosterPlan{}, err
	}
	byUPN := make(map[string]Pupil, len(pupils))
	for _, p := range pupils {
		byUPN[roster.NormalizeUPN(p.UPN)] = p
		if p.Active {
			plan.Active++
		}
	}
	bands := s.Bands()
	plan.StartBand = bands.Default()
	inFile := make(map[string]bool, len(f.Rows))
	for _, row := range f.Rows {
		inFile[row.UPN] = true
		if row.Band != "" && !bands.Has(row.Band) {
			// The file was read with other bands than this tablet's pack.
			plan.Problems = append(plan.Problems, roster.Problem{Line: row.Line, UPN: row.UPN,
				Reason: roster.UnknownBand("band", row.Band, rosterBands(bands))})
			continue
		}
		before, ok := byUPN[row.UPN]
		if !ok {
			plan.Add = append(plan.Add, row)
			if row.Band == "" && plan.StartBand != "" {
				plan.NoBand++
			}
		} else if ch := rosterChange(before, row); len(ch.Changes) > 0 {
			plan.Update = append(plan.Update, ch)
		} else {
			plan.Unchanged++
		}
	}
	for _, pr := range f.Problems {
		if pr.UPN != "" {
			inFile[pr.UPN] = true // a pupil on a row to fix is not a leaver
		}
	}
	for _, p := range pupils {
		if p.Active && !inFile[roster.NormalizeUPN(p.UPN)] {
			plan.Leave = append(plan.Leave, p)
		}
	}
	plan.MassLeave = 2*len(plan.Leave) > plan.Active
	return plan, nil
}

// rosterBands are the store's band ids as the roster parser takes them.
func rosterBands(ids signoff.Bands) []signoff.BandName {
	bands := make([]signoff.BandName, len(ids))
	for i, id := range ids {
		bands[i] = signoff.BandName{ID: id}
	}
	return bands
}

// rosterChange is what row changes about the pupil before. A row without
// a band or language keeps the pupil's own.
func rosterChange(before Pupil, row roster.Row) RosterChange {
	after := before
	after.GivenName, after.FamilyName = row.GivenName, row.FamilyName
	after.Class, after.Year, after.Active = row.Class, row.Year, true
	if row.Band != "" {
		after.Band = row.Band
	}
	if row.Language != "" {
		after.Language = row.Language
	}
	ch := RosterChange{PupilID: before.ID, Row: row, after: after}
	for _, c := range []struct {
		changed bool
		what    string
	}{
		{before.GivenName != after.GivenName || before.FamilyName != after.FamilyName, ChangeName},
		{before.Class != after.Class, ChangeClass},
		{before.Year != after.Year, ChangeYear},
		{before.Band != after.Band, ChangeBand},
		{before.Language != after.Language, ChangeLanguage},
		{!before.Active, ChangeReactivated},
	} {
		if c.changed {
			ch.Changes = append(ch.Changes, c.what)
		}
	}
	return ch
}

func (s *Store) applyRoster(ctx context.Context, tx *sql.Tx, plan RosterPlan) error {
	for _, row := range plan.Add {
		p := Pupil{Pupil: row.Pupil}
		if p.Band == "" {
			p.Band = s.Bands().Default()
		}
		if _, err := s.addPupil(ctx, tx, p); err != nil {
			return fmt.Errorf("add the pupil on line %d: %w", row.Line, err)
		}
	}
	now := s.now()
	for _, ch := range plan.Update {
		p := ch.after
		given, family := s.keys.sealPupilNames(p.ID, p)
		_, err := tx.ExecContext(ctx, `UPDATE pupils SET given_name = ?, family_name = ?, class_name = ?,
			year_group = ?, band = ?, language = ?, active = 1, updated_at = ? WHERE pupil_id = ?`,
			given, family, p.Class, p.Year, p.Band, p.Language, now, p.ID)
		if err != nil {
			return fmt.Errorf("update pupil %d: %w", p.ID, err)
		}
	}
	for _, p := range plan.Leave {
		_, err := tx.ExecContext(ctx, `UPDATE pupils SET active = 0, updated_at = ? WHERE pupil_id = ?`, now, p.ID)
		if err != nil {
			return fmt.Errorf("mark pupil %d as left: %w", p.ID, err)
		}
	}
	return nil
}

// allPupils lists every pupil, active or not, by id.
func (s *Store) allPupils(ctx context.Context, tx *sql.Tx) ([]Pupil, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+pupilColumns+` FROM pupils ORDER BY pupil_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pupils []Pupil
	for rows.Next() {
		p, err := s.scanPupil(rows)
		if err != nil {
			return nil, err
		}
		pupils = append(pupils, p)
	}
	return pupils, rows.Err()
}
