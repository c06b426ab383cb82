package hub

import (
	"reflect"
	"testing"

	"smartkiosk/hub/proto"
)

func TestPlanRoster(t *testing.T) {
	t.Parallel()
	p := func(upn, given, class, band string, active bool) proto.Pupil {
		return proto.Pupil{UPN: upn, GivenName: given, FamilyName: "Example", Class: class, Year: "Year 7", Band: band, Active: active}
	}
	current := []proto.Pupil{
		p("A1", "Ann", "Oak", "a", true),
		p("B2", "Ben", "Oak", "b", true),
		p("C3", "Cal", "Ash", "c", true),
		p("D4", "Dee", "Ash", "a", false), // left last term
		p("E5", "Eve", "Ash", "a", true),
	}
	listed := []proto.Pupil{
		p("A1", "Ann", "Oak", "a", true),      // unchanged
		p("B2", "Benjamin", "Ash", "b", true), // renamed and moved
		p("D4", "Dee", "Ash", "b", true),      // back, in another band
		p("F6", "Fay", "Oak", "a", true),      // new
		p("F6", "Fay", "Ash", "a", true),      // listed twice: the last wins
	}
	plan := planRoster(current, listed)
	if len(plan.Add) != 1 || plan.Add[0].Class != "Ash" {
		t.Errorf("add = %+v, want F6 in Ash", plan.Add)
	}
	got := map[string][]string{}
	for _, ch := range plan.Update {
		got[ch.Pupil.UPN] = ch.Changes
	}
	want := map[string][]string{"B2": {ChangeName, ChangeClass}, "D4": {ChangeBand, ChangeReturned}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("updates = %v, want %v", got, want)
	}
	if len(plan.Leave) != 2 || plan.Leave[0].UPN != "C3" || plan.Leave[1].UPN != "E5" {
		t.Errorf("leave = %+v, want C3 and E5 (D4 had already left)", plan.Leave)
	}
	if plan.Unchanged != 1 || plan.Active != 4 || plan.MassLeave {
		t.Errorf("unchanged %d, active %d, mass leave %v; want 1, 4, false", plan.Unchanged, plan.Active, plan.MassLeave)
	}
	if plan := planRoster(current, listed[:1]); !plan.MassLeave || len(plan.Leave) != 3 {
		t.Errorf("one pupil listed of 4: leave %d, mass leave %v; want 3, true", len(plan.Leave), plan.MassLeave)
	}
}

// TestPlanRoster_Language: a pupil's new language is a change the preview
// lists, as a band is.
func TestPlanRoster_Language(t *testing.T) {
	t.Parallel()
	ann := proto.Pupil{UPN: "A1", GivenName: "Ann", FamilyName: "Example", Class: "Oak", Year: "Year 7", Active: true}
	welsh := ann
	welsh.Language = "cy"
	plan := planRoster([]proto.Pupil{ann}, []proto.Pupil{welsh})
	if len(plan.Update) != 1 || !reflect.DeepEqual(plan.Update[0].Changes, []string{ChangeLanguage}) {
		t.Errorf("updates = %+v, want Ann's language", plan.Update)
	}
	if plan := planRoster([]proto.Pupil{welsh}, []proto.Pupil{welsh}); plan.Unchanged != 1 {
		t.Errorf("the same language again: %+v", plan)
	}
}
