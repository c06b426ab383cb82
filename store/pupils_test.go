package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"smartkiosk/signoff"
)

// testPupil is a fictional pupil with a valid UPN (serial 900+n).
func testPupil(n int, given, family, class, band string) Pupil {
	return Pupil{Pupil: signoff.Pupil{
		UPN: demoUPN(900 + n), GivenName: given, FamilyName: family,
		Class: class, Year: "Year 8", Band: band,
	}}
}

func mustAddPupil(tb testing.TB, s *Store, p Pupil) int64 {
	tb.Helper()
	id, err := s.AddPupil(context.Background(), p)
	if err != nil {
		tb.Fatalf("AddPupil: %v", err)
	}
	return id
}

func TestStore_AddPupil(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		in := testPupil(1, "Ada", "Lovelace", "Oak", "b")
		id := mustAddPupil(t, s, in)
		got, err := s.Pupil(ctx, id)
		if err != nil {
			t.Fatalf("Pupil: %v", err)
		}
		want := in
		want.ID, want.Active, want.Language, want.Profile = id, true, "en-GB", DefaultProfile()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Pupil = %+v, want %+v", got, want)
		}
		var created string
		s.db.QueryRow(`SELECT created_at FROM pupils WHERE pupil_id = ?`, id).Scan(&created)
		if created != "2025-09-08T09:30:00Z" {
			t.Errorf("created_at = %q, want the store clock in UTC RFC 3339", created)
		}
	})
	t.Run("ErrDuplicateUPN", func(t *testing.T) {
		s := mustOpen(t)
		mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "b"))
		if _, err := s.AddPupil(ctx, testPupil(1, "Bea", "Other", "Oak", "a")); err == nil {
			t.Error("a second pupil with the same UPN was added")
		}
	})
	t.Run("ErrBand", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.AddPupil(ctx, testPupil(1, "Ada", "Lovelace", "Oak", "d")); err == nil {
			t.Error("band d was accepted")
		}
	})
}

func TestStore_Pupil(t *testing.T) {
	s := mustOpen(t)
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Pupil(context.Background(), 42); !errors.Is(err, ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestStore_Classes(t *testing.T) {
	s := mustOpen(t)
	mustAddPupil(t, s, testPupil(1, "A", "One", "Willow", "a"))
	mustAddPupil(t, s, testPupil(2, "B", "Two", "Oak", "b"))
	mustAddPupil(t, s, testPupil(3, "C", "Three", "Willow", "c"))
	gone := mustAddPupil(t, s, testPupil(4, "D", "Four", "Ash", "c"))
	if _, err := s.db.Exec(`UPDATE pupils SET active = 0 WHERE pupil_id = ?`, gone); err != nil {
		t.Fatal(err)
	}
	got, err := s.Classes(context.Background())
	if err != nil {
		t.Fatalf("Classes: %v", err)
	}
	if want := []string{"Oak", "Willow"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Classes = %q, want %q", got, want)
	}
}

func TestStore_PupilsInClass(t *testing.T) {
	s := mustOpen(t)
	mustAddPupil(t, s, testPupil(1, "Zoe", "Brown", "Oak", "a"))
	mustAddPupil(t, s, testPupil(2, "Amy", "Brown", "Oak", "b"))
	mustAddPupil(t, s, testPupil(3, "Ben", "Adams", "Oak", "c"))
	mustAddPupil(t, s, testPupil(4, "Cal", "Abbott", "Willow", "c"))
	gone := mustAddPupil(t, s, testPupil(5, "Dan", "Aaron", "Oak", "c"))
	s.db.Exec(`UPDATE pupils SET active = 0 WHERE pupil_id = ?`, gone)
	got, err := s.PupilsInClass(context.Background(), "Oak")
	if err != nil {
		t.Fatalf("PupilsInClass: %v", err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Name())
	}
	if want := []string{"Ben Adams", "Amy Brown", "Zoe Brown"}; !reflect.DeepEqual(names, want) {
		t.Errorf("PupilsInClass = %q, want %q", names, want)
	}
}

func TestStore_SetProfile(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id := mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "a"))
	t.Run("OK", func(t *testing.T) {
		want := DefaultProfile()
		want.AutoPlay, want.TapGuardMS, want.ScanMode, want.ScanStepMS = false, 1500, ScanAuto, 2500
		want.HoldMS, want.MarkType, want.AnswerMode = 500, MarkTick, AnswerTwoChoice
		if err := s.SetProfile(ctx, 0, id, want); err != nil {
			t.Fatalf("SetProfile: %v", err)
		}
		got, err := s.Pupil(ctx, id)
		if err != nil || got.Profile != want {
			t.Errorf("Profile = %+v, %v; want %+v", got.Profile, err, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := s.SetProfile(ctx, 0, id+1, DefaultProfile()); !errors.Is(err, ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
	for name, change := range map[string]func(*Profile){
		"ErrTapGuard":   func(p *Profile) { p.TapGuardMS = 2001 },
		"ErrHold":       func(p *Profile) { p.HoldMS = 300 },
		"ErrScanStep":   func(p *Profile) { p.ScanStepMS = 400 },
		"ErrScanMode":   func(p *Profile) { p.ScanMode = "joystick" },
		"ErrMarkType":   func(p *Profile) { p.MarkType = "stamp" },
		"ErrAnswerMode": func(p *Profile) { p.AnswerMode = "five" },
		"ErrRepeat":     func(p *Profile) { p.RepeatFilterMS = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			p := DefaultProfile()
			change(&p)
			if err := s.SetProfile(ctx, 0, id, p); err == nil {
				t.Errorf("profile %+v was accepted", p)
			}
		})
	}
}

func TestDecodeProfile(t *testing.T) {
	for in, want := range map[string]Profile{
		`{}`:                     DefaultProfile(),
		`{"auto_play":false}`:    withDefaults(func(p *Profile) { p.AutoPlay = false }),
		`{"tap_guard_ms":0}`:     withDefaults(func(p *Profile) { p.TapGuardMS = 0 }),
		`{"tap_guard_ms":1000}`:  withDefaults(func(p *Profile) { p.TapGuardMS = 1000 }),
		`{"scan_mode":"auto"}`:   withDefaults(func(p *Profile) { p.ScanMode = ScanAuto }),
		`{"unknown_field":true}`: DefaultProfile(),
	} {
		got, err := decodeProfile(in)
		if err != nil || got != want {
			t.Errorf("decodeProfile(%s) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := decodeProfile(`not json`); err == nil {
		t.Error("decodeProfile accepted invalid JSON")
	}
}

func withDefaults(change func(*Profile)) Profile {
	p := DefaultProfile()
	change(&p)
	return p
}
