package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"smartkiosk/roster"
	"smartkiosk/signoff"
)

// TestStore_BandsAreThePacks: the bands are the pack's, whatever their ids
// and however many: new pupils start in its first band, an adult may
// choose only its bands, and a band the hub knows but this tablet's pack
// does not yet leaves a pupil where they are.
func TestStore_BandsAreThePacks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := mustOpen(t)
	s.SetBands(signoff.Bands{"early", "later"})

	mustImportRoster(t, s, rosterCSV(demoUPN(1)+",Hughes,,Amelia,Oak,Year 7", demoUPN(2)+",Bennett,,Oliver,Oak,Year 7"), RosterOptions{})
	amelia := pupilByUPN(t, s, demoUPN(1))
	if amelia.Band != "early" {
		t.Fatalf("a new pupil starts in band %q, want the pack's first band, early", amelia.Band)
	}
	if err := s.SetBand(ctx, 0, amelia.ID, "later"); err != nil {
		t.Fatalf("SetBand(later): %v", err)
	}
	if p := pupilByUPN(t, s, demoUPN(1)); p.Band != "later" {
		t.Errorf("band = %q after SetBand(later)", p.Band)
	}
	if err := s.SetBand(ctx, 0, amelia.ID, "a"); err == nil || !strings.Contains(err.Error(), `no band "a"`) {
		t.Errorf("SetBand(a) on a pack with no band a = %v, want refused", err)
	}

	// A file naming a band the pack does not have is a problem on its line,
	// and nothing is imported.
	header := "UPN,Surname,Forename,Reg Group,Year,Band\n"
	f := mustParseRoster(t, []byte(header+demoUPN(5)+",Dawson,Freya,Willow,Year 9,P7–L1\n"))
	plan, err := s.PlanRoster(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Problems) != 1 || plan.Problems[0].Line != 2 || !strings.Contains(plan.Problems[0].Reason, `band "b" is not one of the policy pack's bands: early or later.`) {
		t.Errorf("problems = %v, want line 2's band named with the pack's bands", plan.Problems)
	}
	if _, err := s.ImportRoster(ctx, f, RosterOptions{}); !errors.Is(err, ErrRosterProblems) {
		t.Errorf("ImportRoster of a file with a band the pack lacks = %v, want ErrRosterProblems", err)
	}
	if n := len(pupilsSnapshot(t, s)); n != 2 {
		t.Errorf("%d pupils after the refused import, want the 2 there were", n)
	}

	// Read with the pack's bands, the school's alias is the band's id.
	f, err = roster.Parse(strings.NewReader(header+demoUPN(1)+",Hughes,Amelia,Oak,Year 7,\n"+
		demoUPN(2)+",Bennett,Oliver,Oak,Year 7,\n"+demoUPN(5)+",Dawson,Freya,Willow,Year 9,p7 - l1\n"),
		[]signoff.BandName{{ID: "early", Alias: "P4–P7"}, {ID: "later", Alias: "P7–L1"}})
	if err != nil || len(f.Problems) > 0 {
		t.Fatalf("roster.Parse = %v, %v", f, err)
	}
	if _, err := s.ImportRoster(ctx, f, RosterOptions{}); err != nil {
		t.Fatalf("ImportRoster: %v", err)
	}
	if p := pupilByUPN(t, s, demoUPN(5)); p.Band != "later" {
		t.Errorf("a pupil whose band is written P7–L1 is in band %q, want later", p.Band)
	}

	entries := []signoff.Pupil{
		{UPN: demoUPN(1), GivenName: "Amelia", FamilyName: "Hughes", Class: "Oak", Year: "Year 7", Band: "early"},
		{UPN: demoUPN(2), GivenName: "Oliver", FamilyName: "Bennett", Class: "Oak", Year: "Year 7", Band: "next-pack"},
		{UPN: demoUPN(3), GivenName: "Isla", FamilyName: "Carter", Class: "Oak", Year: "Year 8", Band: "next-pack"},
	}
	if err := s.ApplyRoster(ctx, entries); err != nil {
		t.Fatal(err)
	}
	for upn, want := range map[string]string{demoUPN(1): "early", demoUPN(2): "early", demoUPN(3): "early"} {
		if p := pupilByUPN(t, s, upn); p.Band != want {
			t.Errorf("pupil %s: band %q after the hub's roster, want %q", upn, p.Band, want)
		}
	}
	entries[2].Band = "Band C"
	if err := s.ApplyRoster(ctx, entries); err == nil {
		t.Error("a hub roster with a band that is no band id was applied")
	}

	// A reception tablet: no bands, so pupils are in none.
	r := mustOpen(t)
	r.SetBands(nil)
	mustImportRoster(t, r, rosterCSV(demoUPN(4)+",Dawson,,Freya,Willow,Year 9"), RosterOptions{})
	if p := pupilByUPN(t, r, demoUPN(4)); p.Band != "" {
		t.Errorf("on a pack with no bands a new pupil is in band %q, want none", p.Band)
	}
}
