package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// mustAddStaff adds an adult as the kiosk's setup (actor 0) would, or as
// its first admin where there is one.
func mustAddStaff(tb testing.TB, s *Store, name, role, pin string) int64 {
	tb.Helper()
	ctx := context.Background()
	var admin int64
	s.db.QueryRow(`SELECT COALESCE(MIN(staff_id), 0) FROM staff WHERE role = 'admin' AND active = 1`).Scan(&admin)
	id, err := s.AddStaff(ctx, admin, name, role, pin)
	if err != nil {
		tb.Fatalf("AddStaff: %v", err)
	}
	return id
}

func TestStore_AddStaff(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	admin := mustAddStaff(t, s, "Alex Example", RoleAdmin, "135790")
	t.Run("OK", func(t *testing.T) {
		id := mustAddStaff(t, s, "Pat Example", RoleTeacher, "123456")
		var salt, hash []byte
		var scheme int
		err := s.db.QueryRow(`SELECT pin_salt, pin_hash, pin_scheme FROM staff WHERE staff_id = ?`, id).
			Scan(&salt, &hash, &scheme)
		if err != nil || len(salt) != pinSaltBytes || len(hash) != argonKeyBytes || scheme != pinSchemePeppered {
			t.Fatalf("stored salt %d bytes, hash %d bytes, scheme %d, %v", len(salt), len(hash), scheme, err)
		}
		// Worked out here from the parameters, not through the store's code:
		// argon2id (2 passes, 19 MiB, 1 lane) over HMAC-SHA256(device secret, PIN).
		m := hmac.New(sha256.New, s.keys.pinPepper)
		m.Write([]byte("123456"))
		if want := argon2.IDKey(m.Sum(nil), salt, 2, 19*1024, 1, 32); string(want) != string(hash) {
			t.Error("stored hash is not argon2id(2, 19 MiB, 1) of the peppered PIN with its salt")
		}
		if bare := argon2.IDKey([]byte("123456"), salt, 2, 19*1024, 1, 32); string(bare) == string(hash) {
			t.Error("the hash can be found from the database alone: the device secret is not in it")
		}
		if len(s.keys.pinPepper) != 32 || string(s.keys.pinPepper) == string(make([]byte, 32)) {
			t.Errorf("device secret = %x", s.keys.pinPepper)
		}
	})
	for name, pin := range map[string]string{
		"ErrBadPINShort":    "12345",
		"ErrBadPINEmpty":    "",
		"ErrBadPINLetters":  "12a456",
		"ErrBadPINSpace":    "123456 ",
		"ErrBadPINNonASCII": "١٢٣٤٥٦",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.AddStaff(ctx, admin, "Lee Example", RoleTA, pin); !errors.Is(err, ErrBadPIN) {
				t.Errorf("AddStaff(PIN %q) err = %v, want ErrBadPIN", pin, err)
			}
		})
	}
	t.Run("ErrPINInUse", func(t *testing.T) {
		mustAddStaff(t, s, "Kim Example", RoleTA, "555555")
		if _, err := s.AddStaff(ctx, admin, "Jo Example", RoleTA, "555555"); !errors.Is(err, ErrPINInUse) {
			t.Errorf("err = %v, want ErrPINInUse", err)
		}
	})
	t.Run("ErrRole", func(t *testing.T) {
		if _, err := s.AddStaff(ctx, admin, "Lee Example", "head", "987654"); err == nil {
			t.Error("role head was accepted")
		}
	})
	t.Run("ErrName", func(t *testing.T) {
		if _, err := s.AddStaff(ctx, admin, "  ", RoleTA, "987654"); !errors.Is(err, ErrNameRequired) {
			t.Errorf("a blank name: err = %v", err)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		ta := mustAddStaff(t, s, "Tay Example", RoleTA, "246810")
		for _, actor := range []int64{0, ta} {
			if _, err := s.AddStaff(ctx, actor, "Lee Example", RoleAdmin, "987654"); !errors.Is(err, ErrNotAdmin) {
				t.Errorf("AddStaff by %d: err = %v, want ErrNotAdmin", actor, err)
			}
		}
	})
}

func TestStore_ManageStaff(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	admin := mustAddStaff(t, s, "Alex Example", RoleAdmin, "135790")
	ta := mustAddStaff(t, s, "Sam Example", RoleTA, "246810")
	t.Run("ErrLastAdmin", func(t *testing.T) {
		if err := s.DeactivateStaff(ctx, admin, admin); !errors.Is(err, ErrLastAdmin) {
			t.Errorf("err = %v, want ErrLastAdmin", err)
		}
	})
	t.Run("SetPIN", func(t *testing.T) {
		if err := s.SetPIN(ctx, ta, admin, "999999"); !errors.Is(err, ErrNotAdmin) {
			t.Errorf("a TA set the admin's PIN: err = %v", err)
		}
		if err := s.SetPIN(ctx, ta, ta, "864200"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.CheckPIN(ctx, "864200"); err != nil || got.ID != ta {
			t.Errorf("new PIN: %+v, %v", got, err)
		}
		if _, err := s.CheckPIN(ctx, "246810"); !errors.Is(err, ErrWrongPIN) {
			t.Errorf("old PIN still works: %v", err)
		}
	})
	t.Run("Deactivate", func(t *testing.T) {
		if err := s.DeactivateStaff(ctx, admin, ta); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CheckPIN(ctx, "864200"); !errors.Is(err, ErrWrongPIN) {
			t.Errorf("a deactivated adult signed in: %v", err)
		}
		list, err := s.StaffList(ctx)
		if err != nil || len(list) != 2 || !list[0].Active || list[1].Active || list[1].Name != "Sam Example" {
			t.Errorf("StaffList = %+v, %v; want Alex active, then Sam inactive", list, err)
		}
	})
}

func TestStore_CheckPIN(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustAddStaff(t, s, "Alex Example", RoleAdmin, "135790")
	ta := mustAddStaff(t, s, "Sam Example", RoleTA, "246810")
	left := mustAddStaff(t, s, "Former Example", RoleTeacher, "111111")
	if _, err := s.db.Exec(`UPDATE staff SET active = 0 WHERE staff_id = ?`, left); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := s.CheckPIN(ctx, "246810")
		want := Staff{ID: ta, Name: "Sam Example", Role: RoleTA, Active: true}
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

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Date(2026, 9, 7, 9, 0, 0, 0, time.UTC)} }
func (c *clock) openAt(t *testing.T, path string) *Store {
	t.Helper()
	s := openAt(t, path)
	s.Now = c.now
	return s
}

// failPINs enters n wrong PINs, expecting ErrWrongPIN for each.
func failPINs(t *testing.T, s *Store, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := s.CheckPIN(context.Background(), "000000"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("wrong PIN %d: err = %v, want ErrWrongPIN", i+1, err)
		}
	}
}

// lockedFor expects PIN entry to be locked for about want: the right PIN
// is refused, unchecked.
func lockedFor(t *testing.T, s *Store, want time.Duration) {
	t.Helper()
	_, err := s.CheckPIN(context.Background(), "246810")
	var locked *LockedOutError
	if !errors.As(err, &locked) || !errors.Is(err, ErrLockedOut) {
		t.Fatalf("right PIN while locked: err = %v, want a LockedOutError", err)
	}
	if locked.Remaining != want {
		t.Errorf("locked for %v more, want %v", locked.Remaining, want)
	}
	if d, err := s.Lockout(context.Background()); err != nil || d != want {
		t.Errorf("Lockout() = %v, %v; want %v", d, err, want)
	}
}

func TestStore_Lockout(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), DatabaseFile)
	c := newClock()
	s := c.openAt(t, path)
	mustAddStaff(t, s, "Sam Example", RoleAdmin, "246810")
	top := t // reopened stores live as long as the whole test

	failPINs(t, s, 4)
	if _, err := s.CheckPIN(ctx, "246810"); err != nil {
		t.Fatalf("4 wrong PINs locked the kiosk: %v", err)
	}
	failPINs(t, s, 5) // a right PIN started the count again
	lockedFor(t, s, time.Minute)

	t.Run("SurvivesRestart", func(t *testing.T) {
		s.Close()
		c.add(20 * time.Second)
		s = c.openAt(top, path)
		lockedFor(t, s, 40*time.Second)
	})
	t.Run("SurvivesClockSetBack", func(t *testing.T) {
		c.add(-24 * time.Hour)
		lockedFor(t, s, 40*time.Second)
		s.Close()
		c.add(10 * time.Second)
		s = c.openAt(top, path)
		lockedFor(t, s, 30*time.Second)
	})
	t.Run("Doubles", func(t *testing.T) {
		c.add(30 * time.Second)
		failPINs(t, s, 5)
		lockedFor(t, s, 2*time.Minute)
		for _, want := range []time.Duration{4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute} {
			c.add(time.Hour)
			failPINs(t, s, 5)
			lockedFor(t, s, want)
		}
	})
	t.Run("OpensAfterwards", func(t *testing.T) {
		c.add(15 * time.Minute)
		if got, err := s.CheckPIN(ctx, "246810"); err != nil || got.Name != "Sam Example" {
			t.Fatalf("after the lockout: %+v, %v", got, err)
		}
		failPINs(t, s, 4) // the count and the doubling started again
		failPINs(t, s, 1)
		lockedFor(t, s, time.Minute)
	})
	t.Run("Audited", func(t *testing.T) {
		log, err := s.AuditLog(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, e := range log {
			count[e.Action]++
			if e.Action == AuditPINFailed && e.StaffID != 0 {
				t.Errorf("a wrong PIN is audited against staff %d", e.StaffID)
			}
		}
		// 4+5+5·5+5 wrong PINs, and a refusal for each lockedFor call.
		if count[AuditLockedOut] != 7 || count[AuditPINFailed] < 39 {
			t.Errorf("audit counts = %v; want 7 lockouts and ≥ 39 failures", count)
		}
		if bad, err := s.VerifyAuditLog(ctx); err != nil || len(bad) != 0 {
			t.Errorf("VerifyAuditLog = %v, %v", bad, err)
		}
	})
}

func TestLockoutFor(t *testing.T) {
	var got []string
	for n := 1; n <= 7; n++ {
		got = append(got, lockoutFor(n).String())
	}
	if s := strings.Join(got, " "); s != "1m0s 2m0s 4m0s 8m0s 15m0s 15m0s 15m0s" {
		t.Errorf("lockouts = %s", s)
	}
}

func TestStore_AuditLogTamper(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	admin := mustAddStaff(t, s, "Alex Example", RoleAdmin, "135790")
	for _, a := range []string{AuditSignedIn, AuditExported, AuditAreaLocked} {
		if err := s.Audit(ctx, admin, a, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`UPDATE audit_log SET detail = 'x' WHERE audit_id = 2`); err == nil {
		t.Fatal("an audit entry was changed")
	}
	// An attacker with the file can drop the triggers; the chain still tells.
	for _, q := range []string{`DROP TRIGGER audit_log_immutable`, `DROP TRIGGER audit_log_kept`,
		`UPDATE audit_log SET action = 'records_exported' WHERE audit_id = 2`, `DELETE FROM audit_log WHERE audit_id = 3`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	bad, err := s.VerifyAuditLog(ctx)
	if err != nil || len(bad) != 2 || !strings.Contains(bad[0], "entry 2 was changed") || !strings.Contains(bad[1], "entry 4 does not follow") {
		t.Errorf("VerifyAuditLog = %q, %v", bad, err)
	}
}

// BenchmarkCheckPIN is the time from typing a PIN to knowing the adult,
// with 2 and 30 adults on the kiosk: every adult's hash is checked, as a
// PIN alone names the adult.
func BenchmarkCheckPIN(b *testing.B) {
	for _, n := range []int{2, 30} {
		b.Run(fmt.Sprintf("adults=%d", n), func(b *testing.B) {
			s := mustOpen(b)
			for i := 0; i < n; i++ {
				mustAddStaff(b, s, fmt.Sprintf("Adult %d", i), RoleTA, fmt.Sprintf("%06d", 100000+i*7))
			}
			pin := fmt.Sprintf("%06d", 100000+(n-1)*7)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.CheckPIN(context.Background(), pin); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
