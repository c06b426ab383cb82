package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Staff is an adult who can countersign.
type Staff struct {
	ID     int64
	Name   string
	Role   string // RoleTA, RoleTeacher or RoleAdmin
	Active bool
}

// IsAdmin reports whether the adult may manage staff, the roster and the kiosk.
func (s Staff) IsAdmin() bool { return s.Role == RoleAdmin }

// Staff roles.
const (
	RoleTA      = "ta"
	RoleTeacher = "teacher"
	RoleAdmin   = "admin"
)

// Roles lists the roles in the order the adult area offers them.
var Roles = []string{RoleTA, RoleTeacher, RoleAdmin}

// MinPINDigits is the shortest PIN an adult may have.
const MinPINDigits = 6

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1
// lane). PINs are short, so the device secret (pinPepper) does the real
// work against a stolen database; these make each guess cost even with it.
const (
	pinSaltBytes   = 16
	argonTime      = 2
	argonMemoryKiB = 19 * 1024
	argonThreads   = 1
	argonKeyBytes  = 32
)

// PIN hash schemes (staff.pin_scheme).
const (
	pinSchemeLegacy   = 1 // argon2id(PIN), before the device secret
	pinSchemePeppered = 2 // argon2id(HMAC-SHA256(device secret, PIN))
)

// pinHash is one active adult's stored PIN.
type pinHash struct {
	staff      Staff
	scheme     int
	salt, hash []byte
}

// hashPIN hashes pin as scheme does.
func (k *keyring) hashPIN(scheme int, pin string, salt []byte) []byte {
	input := []byte(pin)
	if scheme == pinSchemePeppered {
		m := hmac.New(sha256.New, k.pinPepper)
		m.Write(input)
		input = m.Sum(nil)
	}
	return argon2.IDKey(input, salt, argonTime, argonMemoryKiB, argonThreads, argonKeyBytes)
}

func (k *keyring) matches(h pinHash, pin string) bool {
	return subtle.ConstantTimeCompare(k.hashPIN(h.scheme, pin, h.salt), h.hash) == 1
}

// checkPINFormat reports whether pin is digits only and long enough.
func checkPINFormat(pin string) error {
	bad := len(pin) < MinPINDigits
	for _, r := range pin {
		bad = bad || r < '0' || r > '9'
	}
	if bad {
		return fmt.Errorf("%w, at least %d of them", ErrBadPIN, MinPINDigits)
	}
	return nil
}

func checkRole(role string) error {
	for _, r := range Roles {
		if role == r {
			return nil
		}
	}
	return fmt.Errorf("unknown role %q", role)
}

// AddStaff adds an active adult with the given PIN and returns their id.
// actor is the admin adding them; 0 is allowed only while the kiosk has no
// active admin (the IT manager setting it up). The PIN must be digits only,
// at least MinPINDigits long, and not already belong to another active
// adult (CheckPIN must name exactly one person).
func (s *Store) AddStaff(ctx context.Context, actor int64, name, role, pin string) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		if err := s.checkAdmin(ctx, tx, actor); err != nil {
			return err
		}
		if id, err = s.addStaff(ctx, tx, name, role, pin); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, AuditStaffAdded, fmt.Sprintf("staff %d, role %s", id, role))
	})
	if err != nil {
		return 0, fmt.Errorf("add staff: %w", diskFull(err))
	}
	return id, nil
}

// checkAdmin allows actor to manage staff: an active admin, or no one
// while the kiosk has no active admin at all.
func (s *Store) checkAdmin(ctx context.Context, tx *sql.Tx, actor int64) error {
	var admins int
	var isAdmin bool
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(staff_id = ?), 0) FROM staff
		WHERE active = 1 AND role = 'admin'`, actor).Scan(&admins, &isAdmin)
	if err != nil {
		return err
	}
	if admins > 0 && !isAdmin {
		return ErrNotAdmin
	}
	return nil
}

func (s *Store) addStaff(ctx context.Context, tx *sql.Tx, name, role, pin string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, ErrNameRequired
	}
	if err := errors.Join(checkRole(role), checkPINFormat(pin)); err != nil {
		return 0, err
	}
	if err := s.checkPINFree(ctx, tx, 0, pin); err != nil {
		return 0, err
	}
	id, err := nextRowID(ctx, tx, "staff", "staff_id")
	if err != nil {
		return 0, err
	}
	salt := newSalt()
	now := s.now()
	_, err = tx.ExecContext(ctx, `INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash,
		pin_scheme, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, s.keys.sealString(name, staffNamePlace(id)), role, salt,
		s.keys.hashPIN(pinSchemePeppered, pin, salt), pinSchemePeppered, now, now)
	return id, err
}

func newSalt() []byte {
	salt := make([]byte, pinSaltBytes)
	rand.Read(salt) // never returns an error
	return salt
}

// checkPINFree fails with ErrPINInUse when pin belongs to an active adult
// other than except.
func (s *Store) checkPINFree(ctx context.Context, tx *sql.Tx, except int64, pin string) error {
	hashes, err := s.activePINHashes(ctx, tx)
	if err != nil {
		return err
	}
	for _, h := range s.matchPIN(hashes, pin) {
		if h.staff.ID != except {
			return ErrPINInUse
		}
	}
	return nil
}

// SetPIN gives adult id a new PIN; actor is an admin, or the adult themself.
func (s *Store) SetPIN(ctx context.Context, actor, id int64, pin string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if actor != id {
			if err := s.checkAdmin(ctx, tx, actor); err != nil {
				return err
			}
		}
		if err := checkPINFormat(pin); err != nil {
			return err
		}
		if err := s.checkPINFree(ctx, tx, id, pin); err != nil {
			return err
		}
		salt := newSalt()
		res, err := tx.ExecContext(ctx, `UPDATE staff SET pin_salt = ?, pin_hash = ?, pin_scheme = ?,
			updated_at = ? WHERE staff_id = ?`, salt, s.keys.hashPIN(pinSchemePeppered, pin, salt),
			pinSchemePeppered, s.now(), id)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, AuditPINChanged, fmt.Sprintf("staff %d", id))
	})
	if err != nil {
		return fmt.Errorf("set PIN of staff %d: %w", id, diskFull(err))
	}
	return nil
}

// DeactivateStaff stops adult id signing in; their records keep their
// name. The last active admin cannot be deactivated.
func (s *Store) DeactivateStaff(ctx context.Context, actor, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.checkAdmin(ctx, tx, actor); err != nil {
			return err
		}
		var otherAdmins int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE active = 1 AND role = 'admin'
			AND staff_id != ?`, id).Scan(&otherAdmins)
		if err != nil {
			return err
		}
		if otherAdmins == 0 {
			return ErrLastAdmin
		}
		res, err := tx.ExecContext(ctx, `UPDATE staff SET active = 0, updated_at = ? WHERE staff_id = ? AND active = 1`, s.now(), id)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, AuditStaffDeactivated, fmt.Sprintf("staff %d", id))
	})
	if err != nil {
		return fmt.Errorf("deactivate staff %d: %w", id, diskFull(err))
	}
	return nil
}

// oneRow turns an UPDATE that changed no row into ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, ErrNotFound)
	}
	return nil
}

// StaffList returns every adult, active first, by name.
func (s *Store) StaffList(ctx context.Context) ([]Staff, error) {
	var out []Staff
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT staff_id, name, role, active FROM staff`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st Staff
			var name []byte
			if err := rows.Scan(&st.ID, &name, &st.Role, &st.Active); err != nil {
				return err
			}
			if st.Name, err = s.keys.openStaffName(st.ID, name); err != nil {
				return err
			}
			out = append(out, st)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("staff list: %w", err)
	}
	sortStaff(out)
	return out, nil
}

// HasStaff reports whether any adult can sign in.
func (s *Store) HasStaff(ctx context.Context) (bool, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE active = 1`).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("has staff: %w", err)
	}
	return n > 0, nil
}

// CheckPIN returns the active adult whose PIN this is. A wrong PIN is
// ErrWrongPIN, counted towards a lockout (see pin_guard); while locked out
// every PIN is refused with a *LockedOutError, unchecked. Each failure is in
// the audit log.
func (s *Store) CheckPIN(ctx context.Context, pin string) (Staff, error) {
	if err := s.guardOpen(ctx); err != nil {
		return Staff{}, fmt.Errorf("check PIN: %w", err)
	}
	var hashes []pinHash
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		hashes, err = s.activePINHashes(ctx, tx)
		return err
	})
	if err != nil {
		return Staff{}, fmt.Errorf("check PIN: %w", err)
	}
	var found []pinHash
	if checkPINFormat(pin) == nil {
		found = s.matchPIN(hashes, pin) // hashed outside any transaction
	}
	if len(found) != 1 { // none, or (against AddStaff's rule) shared
		if err := s.guardFailed(ctx); err != nil {
			return Staff{}, fmt.Errorf("check PIN: %w", err)
		}
		return Staff{}, ErrWrongPIN
	}
	if err := s.guardPassed(ctx, found[0], pin); err != nil {
		return Staff{}, fmt.Errorf("check PIN: %w", err)
	}
	return found[0].staff, nil
}

// matchPIN checks pin against every hash, without stopping early.
func (s *Store) matchPIN(hashes []pinHash, pin string) []pinHash {
	var found []pinHash
	for _, h := range hashes {
		if s.keys.matches(h, pin) {
			found = append(found, h)
		}
	}
	return found
}

func (s *Store) activePINHashes(ctx context.Context, tx *sql.Tx) ([]pinHash, error) {
	rows, err := tx.QueryContext(ctx, `SELECT staff_id, name, role, pin_scheme, pin_salt, pin_hash
		FROM staff WHERE active = 1 ORDER BY staff_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pinHash
	for rows.Next() {
		h := pinHash{staff: Staff{Active: true}}
		var name []byte
		err := rows.Scan(&h.staff.ID, &name, &h.staff.Role, &h.scheme, &h.salt, &h.hash)
		if err != nil {
			return nil, err
		}
		if h.staff.Name, err = s.keys.openStaffName(h.staff.ID, name); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
