package store

import (
	"context"
	"errors"
	"testing"
)

func mustAddStaff(tb testing.TB, s *Store, name, role, pin string) int64 {
	tb.Helper()
	id, err := s.AddStaff(context.Background(), name, role, pin)
	if err != nil {
		tb.Fatalf("AddStaff: %v", err)
	}
	return id
}

func TestStore_AddStaff(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	t.Run("OK", func(t *testing.T) {
		id := mustAddStaff(t, s, "Pat Example", RoleTeacher, "1234")
		var salt, hash []byte
		err := s.db.QueryRow(`SELECT pin_salt, pin_hash FROM staff WHERE staff_id = ?`, id).
			Scan(&salt, &hash)
		if err != nil || len(salt) != pinSaltBytes || len(hash) != argonKeyBytes {
			t.Errorf("stored salt %d bytes, hash %d bytes, %v", len(salt), len(hash), err)
		}
		if string(hash) == "1234" || string(hashPIN("1234", salt)) != string(hash) {
			t.Error("stored hash is not argon2id of the PIN with its salt")
		}
	})
	for name, pin := range map[string]string{
		"ErrBadPINShort":    "123",
		"ErrBadPINEmpty":    "",
		"ErrBadPINLetters":  "12a4",
		"ErrBadPINSpace":    "1234 ",
		"ErrBadPINNonASCII": "١٢٣٤",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.AddStaff(ctx, "Lee Example", RoleTA, pin); !errors.Is(err, ErrBadPIN) {
				t.Errorf("AddStaff(PIN %q) err = %v, want ErrBadPIN", pin, err)
			}
		})
	}
	t.Run("ErrPINInUse", func(t *testing.T) {
		mustAddStaff(t, s, "Kim Example", RoleTA, "55555")
		if _, err := s.AddStaff(ctx, "Jo Example", RoleTA, "55555"); !errors.Is(err, ErrPINInUse) {
			t.Errorf("err = %v, want ErrPINInUse", err)
		}
	})
	t.Run("ErrRole", func(t *testing.T) {
		if _, err := s.AddStaff(ctx, "Lee Example", "head", "98765"); err == nil {
			t.Error("role head was accepted")
		}
	})
	t.Run("ErrName", func(t *testing.T) {
		if _, err := s.AddStaff(ctx, "  ", RoleTA, "98765"); err == nil {
			t.Error("a blank name was accepted")
		}
	})
}

func TestStore_CheckPIN(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	ta := mustAddStaff(t, s, "Sam Example", RoleTA, "246810")
	mustAddStaff(t, s, "Alex Example", RoleAdmin, "135790")
	left := mustAddStaff(t, s, "Former Example", RoleTeacher, "111111")
	if _, err := s.db.Exec(`UPDATE staff SET active = 0 WHERE staff_id = ?`, left); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := s.CheckPIN(ctx, "246810")
		want := Staff{ID: ta, Name: "Sam Example", Role: RoleTA}
		if err != nil || got != want {
			t.Errorf("CheckPIN = %+v, %v; want %+v", got, err, want)
		}
	})
	for name, pin := range map[string]string{
		"ErrWrongPIN":         "246811",
		"ErrWrongPINPrefix":   "2468",
		"ErrWrongPINEmpty":    "",
		"ErrWrongPINLetters":  "abcdef",
		"ErrWrongPINInactive": "111111",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := s.CheckPIN(ctx, pin)
			if !errors.Is(err, ErrWrongPIN) || got != (Staff{}) {
				t.Errorf("CheckPIN(%q) = %+v, %v; want no one, ErrWrongPIN", pin, got, err)
			}
		})
	}
}
