package hub

import (
	"context"
	"io"

	"smartkiosk/hub/proto"
	"smartkiosk/roster"
)

// What a pupil's listing changes, in RosterChange.Changes: words for the
// IT manager's preview, never a name.
const (
	ChangeName     = "name"
	ChangeClass    = "class"
	ChangeYear     = "year"
	ChangeBand     = "band"
	ChangeLanguage = "language"
	ChangeReturned = "back on the roster"
)

// RosterChange is a listed pupil the hub already has, and what changes.
type RosterChange struct {
	Pupil   proto.Pupil
	Changes []string
}

// RosterPlan is what replacing the hub's roster with a file's pupils
// would do, as Store.PutRoster does it: new pupils added, changed ones
// updated, active pupils not listed marked as left (their records kept).
type RosterPlan struct {
	Add       []proto.Pupil
	Update    []RosterChange
	Leave     []proto.Pupil
	Unchanged int
	Active    int   // pupils on the roster before
	Version   int64 // the roster version it was planned against
	// MassLeave is set when more than half the pupils on the roster would
	// leave: the file is probably one class's, and importing it would
	// mark the rest of the school as leavers on every tablet.
	MassLeave bool
}

// PlanRoster compares listed with the hub's roster. A UPN listed twice
// counts once, the last listing winning, as PutRoster takes it.
func PlanRoster(ctx context.Context, st Store, listed []proto.Pupil) (RosterPlan, error) {
	page, err := st.Roster(ctx, 0)
	if err != nil {
		return RosterPlan{}, err
	}
	plan := planRoster(page.Pupils, listed)
	plan.Version = page.Version
	return plan, nil
}

func planRoster(current, listed []proto.Pupil) RosterPlan {
	var plan RosterPlan
	have := make(map[string]proto.Pupil, len(current))
	for _, p := range current {
		have[p.UPN] = p
		if p.Active {
			plan.Active++
		}
	}
	want := make(map[string]proto.Pupil, len(listed))
	var order []string
	for _, p := range listed {
		if _, dup := want[p.UPN]; !dup {
			order = append(order, p.UPN)
		}
		want[p.UPN] = p
	}
	for _, upn := range order {
		p := want[upn]
		before, ok := have[upn]
		if !ok {
			plan.Add = append(plan.Add, p)
			continue
		}
		var ch []string
		for _, c := range []struct {
			differ bool
			what   string
		}{
			{before.GivenName != p.GivenName || before.FamilyName != p.FamilyName, ChangeName},
			{before.Class != p.Class, ChangeClass},
			{before.Year != p.Year, ChangeYear},
			{before.Band != p.Band, ChangeBand},
			{before.Language != p.Language, ChangeLanguage},
			{!before.Active, ChangeReturned},
		} {
			if c.differ {
				ch = append(ch, c.what)
			}
		}
		if len(ch) == 0 {
			plan.Unchanged++
		} else {
			plan.Update = append(plan.Update, RosterChange{Pupil: p, Changes: ch})
		}
	}
	for _, p := range current {
		if _, listed := want[p.UPN]; p.Active && !listed {
			plan.Leave = append(plan.Leave, p)
		}
	}
	plan.MassLeave = 2*len(plan.Leave) > plan.Active
	return plan
}

// ReadRoster reads a MIS export as the kiosk does (roster.Parse), with the
// bands of the pack the hub publishes, and gives its rows as the hub's
// roster holds them. A file it cannot read at all is a *roster.FileError;
// rows it cannot import are the File's Problems, and then no pupils.
func ReadRoster(ctx context.Context, st Store, r io.Reader) (*roster.File, []proto.Pupil, error) {
	pack, err := CurrentPack(ctx, st) // the bands a roster may name are the pack's
	if err != nil {
		return nil, nil, err
	}
	f, err := roster.Parse(r, pack.BandNames())
	if err != nil || len(f.Problems) > 0 {
		return f, nil, err
	}
	pupils := make([]proto.Pupil, len(f.Rows))
	for i, row := range f.Rows {
		pupils[i] = proto.RosterPupil(row.Pupil)
	}
	return f, pupils, nil
}
