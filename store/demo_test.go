package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"smartkiosk/signoff"
)

func TestStore_SeedDemo(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		seeded, err := s.SeedDemo(ctx)
		if err != nil || !seeded {
			t.Fatalf("SeedDemo = %v, %v; want true", seeded, err)
		}
		classes, err := s.Classes(ctx)
		if err != nil || len(classes) != 3 {
			t.Fatalf("Classes = %q, %v; want 3", classes, err)
		}
		bands := map[string]int{}
		for _, c := range classes {
			bands = checkDemoClass(t, s, c, bands)
		}
		if bands["a"] != 4 || bands["b"] != 4 || bands["c"] != 4 || len(bands) != 3 {
			t.Errorf("pupils per band = %v, want 4 each of a, b, c", bands)
		}
		if n := count(t, s, "pupils"); n != 12 {
			t.Errorf("pupils = %d, want 12", n)
		}
		if n := count(t, s, "staff"); n != 2 {
			t.Errorf("staff = %d, want 2", n)
		}
		checkDemoPIN(t, s, DemoTAPIN, Staff{Name: "Sam Patel", Role: RoleTA, Active: true})
		checkDemoPIN(t, s, DemoAdminPIN, Staff{Name: "Alex Morgan", Role: RoleAdmin, Active: true})
	})
	t.Run("Again", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		seeded, err := s.SeedDemo(ctx)
		if err != nil || seeded {
			t.Errorf("second SeedDemo = %v, %v; want false", seeded, err)
		}
		if n, m := count(t, s, "pupils"), count(t, s, "staff"); n != 12 || m != 2 {
			t.Errorf("after a second SeedDemo: %d pupils, %d staff; want 12, 2", n, m)
		}
	})
	t.Run("Wrotham", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.SeedDemoFor(ctx, "wrotham"); err == nil || count(t, s, "pupils")+count(t, s, "staff") != 0 {
			t.Fatalf("SeedDemoFor(wrotham) with the legacy bands = %v; want an error and nothing written", err)
		}
		s.SetBands(signoff.Bands{"ks3-5"}) // the wrotham pack's
		seeded, err := s.SeedDemoFor(ctx, "wrotham")
		if err != nil || !seeded {
			t.Fatalf("SeedDemoFor(wrotham) = %v, %v; want true", seeded, err)
		}
		checkWrothamDemo(t, s)
		checkDemoPIN(t, s, DemoTAPIN, Staff{Name: "Sam Patel", Role: RoleTA, Active: true})
		checkDemoPIN(t, s, DemoAdminPIN, Staff{Name: "Alex Morgan", Role: RoleAdmin, Active: true})
		if seeded, err := s.SeedDemoFor(ctx, "example"); err != nil || seeded {
			t.Errorf("SeedDemoFor(example) after wrotham = %v, %v; want false", seeded, err)
		}
	})
	t.Run("ErrNoDemoSchool", func(t *testing.T) {
		s := mustOpen(t)
		_, err := s.SeedDemoFor(ctx, "acme")
		want := `seed demo: no demo school for the pack "acme" (there is one for "example" and "wrotham")`
		if err == nil || err.Error() != want {
			t.Errorf("SeedDemoFor(acme) = %v, want %q", err, want)
		}
		if n := count(t, s, "pupils") + count(t, s, "staff"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
	t.Run("NotEmpty", func(t *testing.T) {
		s := mustOpen(t)
		mustAddStaff(t, s, "Only Adult", RoleAdmin, "999999")
		seeded, err := s.SeedDemo(ctx)
		if err != nil || seeded || count(t, s, "pupils") != 0 {
			t.Errorf("SeedDemo on a store with staff = %v, %v; want false, nothing added", seeded, err)
		}
	})
}

// checkWrothamDemo checks the Wrotham demo: a secondary school's tutor
// groups from Year 7 to the sixth form, all in band ks3-5, with UPNs unlike
// the Example School's.
func checkWrothamDemo(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	classes, err := s.Classes(ctx)
	if want := []string{"7A", "9B", "11C", "12D"}; err != nil || !slices.Equal(classes, want) {
		t.Fatalf("Classes = %q, %v; want %q", classes, err, want)
	}
	years := map[string]bool{}
	for _, c := range classes {
		pupils, err := s.PupilsInClass(ctx, c)
		if err != nil || len(pupils) != 3 {
			t.Fatalf("PupilsInClass(%s) = %d pupils, %v; want 3", c, len(pupils), err)
		}
		for _, p := range pupils {
			if p.Band != "ks3-5" || !ValidUPN(p.UPN) || !strings.HasPrefix(p.UPN[1:], wrothamDemoUPNPrefix) {
				t.Errorf("pupil %s %s: band %q, UPN %s", p.GivenName, p.FamilyName, p.Band, p.UPN)
			}
			if !strings.HasPrefix(p.Year, "Year ") || !strings.HasPrefix(c, strings.TrimPrefix(p.Year, "Year ")[:1]) {
				t.Errorf("pupil %s in tutor group %s is in %q", p.GivenName, c, p.Year)
			}
			years[p.Year] = true
		}
	}
	for _, y := range []string{"Year 7", "Year 9", "Year 11", "Year 12", "Year 13"} {
		if !years[y] {
			t.Errorf("no pupil in %s (years %v)", y, years)
		}
	}
	if n := count(t, s, "staff"); n != 2 {
		t.Errorf("staff = %d, want 2", n)
	}
}

// checkDemoClass checks a class's pupils have valid UPNs and mixed bands,
// and adds its band counts to bands.
func checkDemoClass(t *testing.T, s *Store, class string, bands map[string]int) map[string]int {
	t.Helper()
	pupils, err := s.PupilsInClass(context.Background(), class)
	if err != nil || len(pupils) != 4 {
		t.Fatalf("PupilsInClass(%s) = %d pupils, %v; want 4", class, len(pupils), err)
	}
	inClass := map[string]bool{}
	for _, p := range pupils {
		if !ValidUPN(p.UPN) {
			t.Errorf("demo UPN %s has a wrong check letter", p.UPN)
		}
		bands[p.Band]++
		inClass[p.Band] = true
	}
	if len(inClass) < 2 {
		t.Errorf("class %s has only band(s) %v", class, inClass)
	}
	return bands
}

func checkDemoPIN(t *testing.T, s *Store, pin string, want Staff) {
	t.Helper()
	got, err := s.CheckPIN(context.Background(), pin)
	want.ID = got.ID
	if err != nil || got != want {
		t.Errorf("CheckPIN(demo PIN) = %+v, %v; want %+v", got, err, want)
	}
}

func TestValidUPN(t *testing.T) {
	for upn, want := range map[string]bool{
		"B801200005001":    true,
		"A801200005001":    false,
		"D80120000501C":    true,
		"B80120000500":     false,
		"b801200005001":    false,
		"\x00801200005A01": false, // no check letter at all
	} {
		if got := ValidUPN(upn); got != want {
			t.Errorf("ValidUPN(%q) = %v, want %v", upn, got, want)
		}
	}
}
