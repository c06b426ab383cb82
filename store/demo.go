package store

import (
	"context"
	"database/sql"
	"fmt"

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
// serial follows.
const demoUPNPrefix = "999" + "9001" + "24"

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

var demoStaff = []struct{ name, role, pin string }{
	{"Sam Patel", RoleTA, DemoTAPIN},
	{"Alex Morgan", RoleAdmin, DemoAdminPIN},
}

// SeedDemo fills an empty store (no pupils, no staff) with the fictional
// demo school in one transaction. It reports false, writing nothing, when
// the store already holds pupils or staff.
func (s *Store) SeedDemo(ctx context.Context) (seeded bool, err error) {
	err = s.write(ctx, func(tx *sql.Tx) (err error) {
		seeded, err = s.seedDemo(ctx, tx)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("seed demo: %w", err)
	}
	return seeded, nil
}

func (s *Store) seedDemo(ctx context.Context, tx *sql.Tx) (bool, error) {
	var empty bool
	err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM pupils)
		AND NOT EXISTS (SELECT 1 FROM staff)`).Scan(&empty)
	if err != nil || !empty {
		return false, err
	}
	for i, p := range demoPupils {
		p.UPN = demoUPN(i + 1)
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

// demoUPN is the demo school's serial'th UPN, check letter included.
func demoUPN(serial int) string {
	rest := fmt.Sprintf("%s%03d", demoUPNPrefix, serial)
	return string(roster.UPNCheckLetter(rest)) + rest
}

// ValidUPN reports whether upn is 13 characters with a correct check letter.
func ValidUPN(upn string) bool { return roster.CheckUPN(upn) == nil }
