package hub

import (
	"context"

	"smartkiosk/hub/proto"
)

// What a pupil's listing changes, in RosterChange.Changes: words for the
// IT manager's preview, never a name.
const (
	ChangeName     = "name"
	ChangeClass    = "class"
	ChangeYear     = "year"
	ChangeBand     = "band"
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
	Active    int // pupils on the roster before
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
	return planRoster(page.Pupils, listed), nil
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
