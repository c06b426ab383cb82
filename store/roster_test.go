package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"smartkiosk/roster"
	"smartkiosk/signoff"
)

// readRosterFile is one of the roster package's test files.
func readRosterFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "roster", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// exampleBands are the built-in Example School pack's, as its rosters
// name them.
var exampleBands = []signoff.BandName{{ID: "a", Alias: "P4–P7"}, {ID: "b", Alias: "P7–L1"}, {ID: "c", Alias: "L2–L4"}}

func mustParseRoster(tb testing.TB, data []byte) *roster.File {
	tb.Helper()
	f, err := roster.Parse(bytes.NewReader(data), exampleBands)
	if err != nil {
		tb.Fatalf("roster.Parse: %v", err)
	}
	return f
}

// withCheckLetter makes a UPN from the 12 characters after its check letter.
func withCheckLetter(tb testing.TB, rest12 string) string {
	tb.Helper()
	c := roster.UPNCheckLetter(rest12)
	if c == 0 {
		tb.Fatalf("%q cannot follow a UPN check letter", rest12)
	}
	return string(c) + rest12
}

// rosterCSV is a roster file with one line per pupil: "UPN,Surname,
// Preferred Forename,Forename,Reg Group,Year".
func rosterCSV(lines ...string) []byte {
	return []byte("UPN,Surname,Preferred Forename,Forename,Reg Group,Year\n" + strings.Join(lines, "\n") + "\n")
}

// pupilsSnapshot is every column of every pupil, sealed names as bytes:
// resealing a name changes its bytes, so any write shows.
func pupilsSnapshot(tb testing.TB, s *Store) []string {
	tb.Helper()
	rows, err := s.db.Query(`SELECT pupil_id, upn, hex(given_name), hex(family_name), class_name, year_group,
		band, language, profile, active, created_at, updated_at FROM pupils ORDER BY pupil_id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var snap []string
	for rows.Next() {
		v := make([]any, 12)
		for i := range v {
			v[i] = new(any)
		}
		if err := rows.Scan(v...); err != nil {
			tb.Fatal(err)
		}
		var cols []string
		for _, c := range v {
			cols = append(cols, fmt.Sprint(*c.(*any)))
		}
		snap = append(snap, strings.Join(cols, "|"))
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return snap
}

func mustImportRoster(tb testing.TB, s *Store, data []byte, opts RosterOptions) RosterResult {
	tb.Helper()
	res, err := s.ImportRoster(context.Background(), mustParseRoster(tb, data), opts)
	if err != nil {
		tb.Fatalf("ImportRoster: %v", err)
	}
	return res
}

func pupilByUPN(tb testing.TB, s *Store, upn string) Pupil {
	tb.Helper()
	var id int64
	if err := s.db.QueryRow(`SELECT pupil_id FROM pupils WHERE upn = ?`, upn).Scan(&id); err != nil {
		tb.Fatalf("pupil %s: %v", upn, err)
	}
	p, err := s.Pupil(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestStore_ImportRoster_ErrNothingImported: a bad file, whether the file
// or one row is wrong, imports nothing — not even its good rows.
func TestStore_ImportRoster_ErrNothingImported(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustImportRoster(t, s, readRosterFile(t, "sims.csv"), RosterOptions{})
	before := pupilsSnapshot(t, s)
	// Good rows beside the bad one: a new pupil and a change of class.
	good := "C999900124104,Fletcher,,Noah,Rowan,Year 9\nK999900124101,Hughes,Millie,Amelia,Willow,Year 7\n" +
		"Z999900124102,Bennett,,Oliver,Oak,Year 7\nN999900124103,Carter,,Isla,Willow,Year 8"
	for _, tc := range []struct {
		name string
		bad  string
		want string
	}{
		{"MalformedUPN", "N99990012410,Dawson,,Freya,Oak,Year 7", "line 6: The UPN is 12 characters long"},
		{"WrongCheckLetter", "A999900124105,Dawson,,Freya,Oak,Year 7", "line 6: UPN A999900124105: the check letter"},
		{"DuplicateUPN", "C999900124104,Fletcher,,Noah,Oak,Year 9", "line 6: UPN C999900124104 is also on line 2"},
		{"MissingUPN", ",Dawson,,Freya,Oak,Year 7", "line 6: The UPN is missing."},
		{"MissingClass", "R999900124105,Dawson,,Freya,,Year 7", "line 6: The Reg Group is empty."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParseRoster(t, rosterCSV(good, tc.bad))
			if len(f.Problems) != 1 || f.Problems[0].String()[:len(tc.want)] != tc.want {
				t.Fatalf("Problems = %v, want one starting %q", f.Problems, tc.want)
			}
			res, err := s.ImportRoster(ctx, f, RosterOptions{AllowMassLeave: true})
			if !errors.Is(err, ErrRosterProblems) || res != (RosterResult{}) {
				t.Errorf("ImportRoster = %+v, %v; want ErrRosterProblems", res, err)
			}
			if after := pupilsSnapshot(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("pupils changed:\n%q\nwant\n%q", after, before)
			}
		})
	}
}

// TestStore_ImportRoster_Reimport imports a roster, then next term's: a
// pupil moves class, one changes name, one leaves (their record stays),
// one comes back; the same file twice changes nothing.
func TestStore_ImportRoster_Reimport(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	term1 := []string{
		"K999900124101,Hughes,,Amelia,Oak,Year 7",
		"Z999900124102,Bennett,,Oliver,Oak,Year 7",
		"N999900124103,Carter,,Isla,Willow,Year 8",
		"C999900124104,Fletcher,,Noah,Willow,Year 8",
		"R999900124105,Dawson,,Freya,Willow,Year 8",
	}
	if res := mustImportRoster(t, s, rosterCSV(term1...), RosterOptions{}); res != (RosterResult{Added: 5}) {
		t.Fatalf("first import = %+v, want 5 added", res)
	}
	amelia := pupilByUPN(t, s, "K999900124101")
	if amelia.Band != "a" || amelia.Language != "en-GB" || amelia.Profile != DefaultProfile() || !amelia.Active {
		t.Errorf("a new pupil without a band = %+v; want band a, en-GB, the default profile, active", amelia)
	}
	profile := DefaultProfile()
	profile.TapGuardMS = 1500
	if err := s.SetProfile(ctx, 0, amelia.ID, profile); err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`UPDATE pupils SET band = 'b' WHERE pupil_id = ?`, amelia.ID)
	isla := pupilByUPN(t, s, "N999900124103")
	f := fixture{s: s, pupil: isla, staffID: mustAddStaff(t, s, "Sam Example", RoleTA, "246810")}
	saved := f.body(0)
	f.mustSave(t, saved)

	// Term 2: Amelia moves to Willow, Oliver goes by Olly, Isla and Freya
	// leave, Poppy joins.
	term2 := []string{
		"K999900124101,Hughes,,Amelia,Willow,Year 7",
		"Z999900124102,Bennett,Olly,Oliver,Oak,Year 7",
		"C999900124104,Fletcher,,Noah,Willow,Year 8",
		"V999900124107,Harding,,Poppy,Oak,Year 7",
	}
	plan, err := s.PlanRoster(ctx, mustParseRoster(t, rosterCSV(term2...)))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Add) != 1 || plan.Add[0].UPN != "V999900124107" || plan.NoBand != 1 || plan.Unchanged != 1 ||
		plan.Active != 5 || plan.MassLeave {
		t.Errorf("plan = %+v", plan)
	}
	checkChanges(t, plan, map[string][]string{"K999900124101": {ChangeClass}, "Z999900124102": {ChangeName}})
	if got := upns(plan.Leave); !reflect.DeepEqual(got, []string{"N999900124103", "R999900124105"}) {
		t.Errorf("leavers = %v", got)
	}
	s.Now = func() time.Time { return time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) }
	if res := mustImportRoster(t, s, rosterCSV(term2...), RosterOptions{}); res != (RosterResult{Added: 1, Updated: 2, Left: 2, Unchanged: 1}) {
		t.Errorf("term 2 import = %+v", res)
	}
	amelia = pupilByUPN(t, s, "K999900124101")
	if amelia.Class != "Willow" || amelia.Band != "b" || amelia.Profile != profile {
		t.Errorf("Amelia after the import = %+v; want class Willow, her band b and her profile kept", amelia)
	}
	if olly := pupilByUPN(t, s, "Z999900124102"); olly.Name() != "Olly Bennett" {
		t.Errorf("the preferred name = %q, want Olly Bennett", olly.Name())
	}
	isla = pupilByUPN(t, s, "N999900124103")
	if isla.Active || isla.Class != "Willow" {
		t.Errorf("a leaver = %+v; want inactive and otherwise unchanged", isla)
	}
	recs, err := s.RecordsForPupil(ctx, isla.ID)
	if err != nil || len(recs) != 1 || recs[0].Body.ID != saved.ID || recs[0].Pupil.Name() != "Isla Carter" {
		t.Errorf("the leaver's records = %d, %v; want the saved one, readable", len(recs), err)
	}
	if classes, _ := s.Classes(ctx); !reflect.DeepEqual(classes, []string{"Oak", "Willow"}) {
		t.Errorf("Classes = %q", classes)
	}
	if ps, _ := s.PupilsInClass(ctx, "Willow"); len(ps) != 2 {
		t.Errorf("Willow has %d active pupils, want Amelia and Noah", len(ps))
	}

	// Term 3: Freya is back.
	term3 := append(term2, "R999900124105,Dawson,,Freya,Oak,Year 8")
	plan, _ = s.PlanRoster(ctx, mustParseRoster(t, rosterCSV(term3...)))
	checkChanges(t, plan, map[string][]string{"R999900124105": {ChangeClass, ChangeReactivated}})
	if res := mustImportRoster(t, s, rosterCSV(term3...), RosterOptions{}); res != (RosterResult{Updated: 1, Unchanged: 4}) {
		t.Errorf("term 3 import = %+v", res)
	}
	if freya := pupilByUPN(t, s, "R999900124105"); !freya.Active || freya.Class != "Oak" {
		t.Errorf("a returner = %+v; want active in Oak", freya)
	}

	// The same file again, a day later: nothing changes, not even updated_at.
	before := pupilsSnapshot(t, s)
	s.Now = func() time.Time { return time.Date(2026, 1, 6, 8, 0, 0, 0, time.UTC) }
	if res := mustImportRoster(t, s, rosterCSV(term3...), RosterOptions{}); res != (RosterResult{Unchanged: 5}) {
		t.Errorf("the same import again = %+v, want 5 unchanged", res)
	}
	if after := pupilsSnapshot(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("the same import again changed pupils:\n%q\nwant\n%q", after, before)
	}
}

func TestStore_ImportRoster_BandAndLanguage(t *testing.T) {
	s := mustOpen(t)
	header := "UPN,Surname,Forename,Reg Group,Year,Band,Language\n"
	mustImportRoster(t, s, []byte(header+"K999900124101,Hughes,Amelia,Oak,Year 7,P7–L1,cy\n"), RosterOptions{})
	if p := pupilByUPN(t, s, "K999900124101"); p.Band != "b" || p.Language != "cy" {
		t.Errorf("band, language = %q, %q; want b, cy", p.Band, p.Language)
	}
	// Empty cells keep the pupil's own band and language.
	f := mustParseRoster(t, []byte(header+"K999900124101,Hughes,Amelia,Oak,Year 7,,\n"))
	if plan, _ := s.PlanRoster(context.Background(), f); plan.Unchanged != 1 {
		t.Errorf("empty band and language: plan = %+v, want unchanged", plan)
	}
	mustImportRoster(t, s, []byte(header+"K999900124101,Hughes,Amelia,Oak,Year 7,l2-l4,en-gb\n"), RosterOptions{})
	if p := pupilByUPN(t, s, "K999900124101"); p.Band != "c" || p.Language != "en-GB" {
		t.Errorf("band, language = %q, %q; want c, en-GB", p.Band, p.Language)
	}
}

// TestStore_ImportRoster_ErrMassLeave: one class's file imported as the
// whole school's would mark everyone else as left.
func TestStore_ImportRoster_ErrMassLeave(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	school := []string{
		"K999900124101,Hughes,,Amelia,Oak,Year 7", "Z999900124102,Bennett,,Oliver,Oak,Year 7",
		"N999900124103,Carter,,Isla,Willow,Year 8", "C999900124104,Fletcher,,Noah,Willow,Year 8",
		"R999900124105,Dawson,,Freya,Willow,Year 8",
	}
	mustImportRoster(t, s, rosterCSV(school...), RosterOptions{})
	before := pupilsSnapshot(t, s)
	oak := mustParseRoster(t, rosterCSV(school[:2]...))
	plan, err := s.PlanRoster(ctx, oak)
	if err != nil || !plan.MassLeave || len(plan.Leave) != 3 {
		t.Errorf("plan = %+v, %v; want 3 leavers and MassLeave", plan, err)
	}
	_, err = s.ImportRoster(ctx, oak, RosterOptions{})
	var mass *MassLeaveError
	if !errors.Is(err, ErrMassLeave) || !errors.As(err, &mass) {
		t.Fatalf("ImportRoster = %v, want a *MassLeaveError", err)
	}
	const want = "This file would mark 3 of 5 pupils as leavers. If this is the whole school's roster, import again and confirm."
	if err.Error() != want {
		t.Errorf("error = %q\nwant %q", err, want)
	}
	if after := pupilsSnapshot(t, s); !reflect.DeepEqual(after, before) {
		t.Error("a refused import changed pupils")
	}
	// Exactly half may leave without confirming.
	half := mustParseRoster(t, rosterCSV(school[:3]...))
	if plan, _ := s.PlanRoster(ctx, half); plan.MassLeave {
		t.Errorf("2 of 5 leaving is flagged as a mass leave")
	}
	if res := mustImportRoster(t, s, rosterCSV(school[:2]...), RosterOptions{AllowMassLeave: true}); res.Left != 3 {
		t.Errorf("confirmed import = %+v, want 3 left", res)
	}
	// 2 active now; 1 leaving is half: allowed.
	if res := mustImportRoster(t, s, rosterCSV(school[:1]...), RosterOptions{}); res.Left != 1 {
		t.Errorf("half leaving = %+v, want 1 left", res)
	}
}

// TestStore_PlanRoster_Problems previews a file with a bad row: the
// problems are listed, and the pupil on the bad row is not a leaver.
func TestStore_PlanRoster_Problems(t *testing.T) {
	s := mustOpen(t)
	mustImportRoster(t, s, readRosterFile(t, "sims.csv"), RosterOptions{})
	f := mustParseRoster(t, rosterCSV("K999900124101,Hughes,Millie,Amelia,Oak,Year 7", "Z999900124102,Bennett,,Oliver,,Year 7"))
	plan, err := s.PlanRoster(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.Problems, f.Problems) || len(plan.Problems) != 1 {
		t.Errorf("Problems = %+v, want the file's one", plan.Problems)
	}
	if got := upns(plan.Leave); !reflect.DeepEqual(got, []string{"N999900124103"}) {
		t.Errorf("leavers = %v, want only the pupil missing from the file", got)
	}
	if plan.Unchanged != 1 {
		t.Errorf("Unchanged = %d, want 1", plan.Unchanged)
	}
}

func TestStore_ImportRoster_ErrInvalidRows(t *testing.T) {
	s := mustOpen(t)
	millie := roster.Row{Line: 2, Pupil: signoff.Pupil{UPN: "K999900124101", GivenName: "Millie", FamilyName: "Hughes", Class: "Oak", Year: "Year 7"}}
	for name, f := range map[string]*roster.File{
		"Nil":          nil,
		"BadUPN":       {Rows: []roster.Row{{Line: 2, Pupil: signoff.Pupil{UPN: "X", GivenName: "A", FamilyName: "B", Class: "C", Year: "Y"}}}},
		"DuplicateUPN": {Rows: []roster.Row{millie, millie}},
		"BadBand":      {Rows: []roster.Row{{Line: 2, Pupil: signoff.Pupil{UPN: millie.UPN, GivenName: "A", FamilyName: "B", Class: "C", Year: "Y", Band: "d"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.ImportRoster(context.Background(), f, RosterOptions{}); err == nil {
				t.Error("ImportRoster accepted it")
			}
			if n := count(t, s, "pupils"); n != 0 {
				t.Errorf("%d pupils imported", n)
			}
		})
	}
}

func checkChanges(t *testing.T, plan RosterPlan, want map[string][]string) {
	t.Helper()
	got := map[string][]string{}
	for _, ch := range plan.Update {
		got[ch.Row.UPN] = ch.Changes
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %v, want %v", got, want)
	}
}

func upns(ps []Pupil) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.UPN)
	}
	return out
}

// TestStore_ImportRoster_DiskFull imports a large roster on a full disk:
// ErrDiskFull, nothing imported, the database sound; once space is freed
// the same import succeeds. (Needs root, as TestStore_DiskFull does.)
func TestStore_ImportRoster_DiskFull(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, "4m")
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	first := "K999900124101,Hughes,,Amelia,Oak,Year 7"
	mustImportRoster(t, s, rosterCSV(first), RosterOptions{})
	before := pupilsSnapshot(t, s)
	lines := []string{first}
	for i := range 3000 { // about 2 MB of pages, more than the WAL already holds
		upn := withCheckLetter(t, fmt.Sprintf("99990012%04d", i))
		lines = append(lines, fmt.Sprintf("%s,%s,,Pupil,Oak,Year 7", upn, strings.Repeat("n", 90)))
	}
	f := mustParseRoster(t, rosterCSV(lines...))

	filler := fillDisk(t, dir)
	if _, err := s.ImportRoster(ctx, f, RosterOptions{}); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("ImportRoster on a full disk: err = %v, want ErrDiskFull", err)
	}
	if after := pupilsSnapshot(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed import left %d pupils, want the %d before", len(after), len(before))
	}
	if lines, err := checkLines(ctx, s.db, "integrity_check"); err != nil || lines[0] != "ok" {
		t.Errorf("integrity_check after a failed import = %q, %v", lines, err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if res, err := s.ImportRoster(ctx, f, RosterOptions{}); err != nil || res.Added != 3000 {
		t.Errorf("the same import once space was freed = %+v, %v", res, err)
	}
}
