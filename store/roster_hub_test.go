package store

import (
	"context"
	"testing"

	"smartkiosk/signoff"
)

// TestStore_ApplyRosterLanguage: the hub's roster carries each pupil's
// language from the school's file; the kiosk takes it, written the usual
// way, and a pupil the hub gives none (or a malformed one) keeps theirs.
func TestStore_ApplyRosterLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := mustOpen(t)
	var list []signoff.Pupil
	for i, name := range []string{"Ada", "Ben", "Cat"} {
		p := testPupil(i+1, name, "Example", "Oak", "b")
		mustAddPupil(t, s, p)
		list = append(list, signoff.Pupil{UPN: p.UPN, GivenName: p.GivenName, FamilyName: p.FamilyName, Class: p.Class, Year: p.Year})
	}
	language := func(i int) string { return pupilByUPN(t, s, list[i].UPN).Language }
	cat := language(2)

	list[0].Language, list[1].Language = "CY", "pl"
	if err := s.ApplyRoster(ctx, list); err != nil {
		t.Fatal(err)
	}
	if language(0) != "cy" || language(1) != "pl" || language(2) != cat {
		t.Fatalf("languages %q, %q, %q; want cy, pl and Cat's own, %q", language(0), language(1), language(2), cat)
	}
	list[0].Language, list[1].Language = "", "welsh"
	if err := s.ApplyRoster(ctx, list); err != nil {
		t.Fatal(err)
	}
	if language(0) != "cy" || language(1) != "pl" {
		t.Errorf("languages %q, %q; want the pupils' own kept, cy and pl", language(0), language(1))
	}
}
