package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"smartkiosk/roster"
	"smartkiosk/signoff"
)

// PINs of the fictional demo school's adults (documented in the README).
const (
	DemoTAPIN    = "246810" // Sam Patel, teaching assistant
	DemoAdminPIN = "135790" // Alex Morgan, admin
)

// demoUPNPrefix is LA 999 (allocated to no local authority, so a demo UPN
// can never be a real pupil's), establishment 9001, year 24; a 3-digit
// serial follows. The Wrotham demo is establishment 9002.
const (
	demoUPNPrefix        = "999" + "9001" + "24"
	wrothamDemoUPNPrefix = "999" + "9002" + "24"
)

// demoPupils is a fictional school: every name is made up.
var demoPupils = []Pupil{
	{Pupil: signoff.Pupil{GivenName: "Amelia", FamilyName: "Hughes", Class: "Oak", Year: "Year 7", Band: "a"}},
	{Pupil: signoff.Pupil{GivenName: "Oliver", FamilyName: "Bennett", Class: "Oak", Year: "Year 7", Band: "b"}},
	{Pupil: signoff.Pupil{GivenName: "Isla", FamilyName: "Carter", Class: "Oak", Year: "Year 8", Band: "c"}},
	{Pupil: signoff.Pupil{GivenName: "Noah", FamilyName: "Fletcher", Class: "Oak", Year: "Year 8", Band: "a"}},
	{Pupil: signoff.Pupil{GivenName: "Freya", FamilyName: "Dawson", Class: "Willow", Year: "Year 9", Band: "b"}},
	{Pupil: signoff.Pupil{GivenName: "Jacob", FamilyName: "Ellis", Class: "Willow", Year: "Year 9", Band: "c"}},
	{Pupil: signoff.Pupil{GivenName: "Poppy", FamilyName: "Harding", Class: "Willow", Year: "Year 9", Band: "a"}},
	{Pupil: signoff.Pupil{GivenName: "Theo", FamilyName: "Lawson", Class: "Willow", Year: "Year 10", Band: "b"}},
	{Pupil: signoff.Pupil{GivenName: "Ruby", FamilyName: "Marsh", Class: "Rowan", Year: "Year 10", Band: "c"}},
	{Pupil: signoff.Pupil{GivenName: "Harry", FamilyName: "Stanton", Class: "Rowan", Year: "Year 11", Band: "a"}},
	{Pupil: signoff.Pupil{GivenName: "Evie", FamilyName: "Turner", Class: "Rowan", Year: "Year 11", Band: "b"}},
	{Pupil: signoff.Pupil{GivenName: "Alfie", FamilyName: "Whitlock", Class: "Rowan", Year: "Year 11", Band: "c"}},
}

// wrothamDemoPupils is the fictional Wrotham Example School, a secondary
// school with a sixth form: four tutor groups from Year 7 to Year 13, every
// pupil in the pack's one band, ks3-5. Every name is made up.
var wrothamDemoPupils = []Pupil{
	{Pupil: signoff.Pupil{GivenName: "Maya", FamilyName: "Ashworth", Class: "7A", Year: "Year 7", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Leo", FamilyName: "Brennan", Class: "7A", Year: "Year 7", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Zara", FamilyName: "Coulson", Class: "7A", Year: "Year 7", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Finley", FamilyName: "Drury", Class: "9B", Year: "Year 9", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Grace", FamilyName: "Elford", Class: "9B", Year: "Year 9", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Reuben", FamilyName: "Farrow", Class: "9B", Year: "Year 9", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Imogen", FamilyName: "Garside", Class: "11C", Year: "Year 11", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Kian", FamilyName: "Holloway", Class: "11C", Year: "Year 11", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Lola", FamilyName: "Iveson", Class: "11C", Year: "Year 11", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Aaron", FamilyName: "Jessop", Class: "12D", Year: "Year 12", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Nadia", FamilyName: "Kershaw", Class: "12D", Year: "Year 12", Band: "ks3-5"}},
	{Pupil: signoff.Pupil{GivenName: "Owen", FamilyName: "Latimer", Class: "12D", Year: "Year 13", Band: "ks3-5"}},
}

var demoStaff = []struct{ name, role, pin string }{
	{"Sam Patel", RoleTA, DemoTAPIN},
	{"Alex Morgan", RoleAdmin, DemoAdminPIN},
}

// demoSchool is a fictional school for --demo: its pupils, in the bands
// of the pack it is for, and their UPNs' prefix. Every demo school has
// the same two adults (demoStaff), so the PINs are the same in each.
type demoSchool struct {
	pupils    []Pupil
	upnPrefix string
}

// demoSchools are the demo schools by the id of the built-in pack they
// are for.
var demoSchools = map[string]demoSchool{
	"example": {demoPupils, demoUPNPrefix},
	"wrotham": {wrothamDemoPupils, wrothamDemoUPNPrefix},
}

// DemoPacks returns the ids of the packs that have a demo school, sorted.
func DemoPacks() []string { return slices.Sorted(maps.Keys(demoSchools)) }

// SeedDemo fills an empty store (no pupils, no staff) with the fictional
// demo school of the default pack, the Example School, in one transaction.
// It reports false, writing nothing, when the store already holds pupils
// or staff.
func (s *Store) SeedDemo(ctx context.Context) (seeded bool, err error) {
	return s.SeedDemoFor(ctx, "example")
}

// SeedDemoFor is SeedDemo with the demo school of the pack packID (one of
// DemoPacks).
func (s *Store) SeedDemoFor(ctx context.Context, packID string) (seeded bool, err error) {
	school, ok := demoSchools[packID]
	if !ok {
		return false, fmt.Errorf("seed demo: no demo school for the pack %q (there is one for %s)", packID, quotedList(DemoPacks()))
	}
	err = s.write(ctx, func(tx *sql.Tx) (err error) {
		seeded, err = s.seedDemo(ctx, tx, school)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("seed demo: %w", err)
	}
	return seeded, nil
}

func (s *Store) seedDemo(ctx context.Context, tx *sql.Tx, school demoSchool) (bool, error) {
	var empty bool
	err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM pupils)
		AND NOT EXISTS (SELECT 1 FROM staff)`).Scan(&empty)
	if err != nil || !empty {
		return false, err
	}
	for i, p := range school.pupils {
		p.UPN = upnWithCheck(school.upnPrefix, i+1)
		if _, err := s.addPupil(ctx, tx, p); err != nil {
			return false, err
		}
	}
	for _, st := range demoStaff {
		if _, err := s.addStaff(ctx, tx, st.name, st.role, st.pin); err != nil {
			return false, err
		}
	}
	return true, nil
}

// quotedList is "a", "b" and "c".
func quotedList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// demoUPN is the Example School's serial'th UPN, check letter included.
func demoUPN(serial int) string { return upnWithCheck(demoUPNPrefix, serial) }

// upnWithCheck is a demo school's serial'th UPN: its prefix, a 3-digit
// serial and the check letter in front.
func upnWithCheck(prefix string, serial int) string {
	rest := fmt.Sprintf("%s%03d", prefix, serial)
	return string(roster.UPNCheckLetter(rest)) + rest
}

// ValidUPN reports whether upn is 13 characters with a correct check letter.
func ValidUPN(upn string) bool { return roster.CheckUPN(upn) == nil }
