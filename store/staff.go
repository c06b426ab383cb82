package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Staff is an adult who can countersign.
type Staff struct {
	ID   int64
	Name string
	Role string // RoleTA, RoleTeacher or RoleAdmin
}

// Staff roles.
const (
	RoleTA      = "ta"
	RoleTeacher = "teacher"
	RoleAdmin   = "admin"
)

// PIN rules and argon2id parameters (OWASP's minimum: 19 MiB, 1 pass).
const (
	minPINDigits   = 4
	pinSaltBytes   = 16
	argonTime      = 1
	argonMemoryKiB = 19 * 1024
	argonThreads   = 1
	argonKeyBytes  = 32
)

// pinHash is one active adult's stored PIN.
type pinHash struct {
	staff      Staff
	salt, hash []byte
}

func hashPIN(pin string, salt []byte) []byte {
	return argon2.IDKey([]byte(pin), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyBytes)
}

func (h pinHash) matches(pin string) bool {
	return subtle.ConstantTimeCompare(hashPIN(pin, h.salt), h.hash) == 1
}

// checkPINFormat reports whether pin is digits only and long enough.
func checkPINFormat(pin string) error {
	if len(pin) < minPINDigits {
		return fmt.Errorf("%w, at least %d of them", ErrBadPIN, minPINDigits)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w, at least %d of them", ErrBadPIN, minPINDigits)
		}
	}
	return nil
}

func checkRole(role string) error {
	switch role {
	case RoleTA, RoleTeacher, RoleAdmin:
		return nil
	}
	return fmt.Errorf("unknown role %q", role)
}

// AddStaff adds an active adult with the given PIN and returns their id.
// The PIN must be digits only, at least minPINDigits long, and not already
// belong to another active adult (CheckPIN must name exactly one person).
func (s *Store) AddStaff(ctx context.Context, name, role, pin string) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		id, err = s.addStaff(ctx, tx, name, role, pin)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add staff: %w", err)
	}
	return id, nil
}

func (s *Store) addStaff(ctx context.Context, tx *sql.Tx, name, role, pin string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, errors.New("a name is required")
	}
	if err := errors.Join(checkRole(role), checkPINFormat(pin)); err != nil {
		return 0, err
	}
	hashes, err := s.activePINHashes(ctx, tx)
	if err != nil {
		return 0, err
	}
	if len(matchPIN(hashes, pin)) > 0 {
		return 0, ErrPINInUse
	}
	salt := make([]byte, pinSaltBytes)
	rand.Read(salt) // never returns an error
	id, err := nextRowID(ctx, tx, "staff", "staff_id")
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, s.keys.sealString(name, staffNamePlace(id)), role, salt,
		hashPIN(pin, salt), s.now())
	return id, err
}

// CheckPIN returns the active adult whose PIN this is, or ErrWrongPIN.
func (s *Store) CheckPIN(ctx context.Context, pin string) (Staff, error) {
	if checkPINFormat(pin) != nil {
		return Staff{}, ErrWrongPIN
	}
	var hashes []pinHash
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		hashes, err = s.activePINHashes(ctx, tx)
		return err
	})
	if err != nil {
		return Staff{}, fmt.Errorf("check PIN: %w", err)
	}
	found := matchPIN(hashes, pin) // hashed outside the transaction
	if len(found) != 1 {
		return Staff{}, ErrWrongPIN // none, or (against AddStaff's rule) shared
	}
	return found[0], nil
}

// matchPIN checks pin against every hash, without stopping early.
func matchPIN(hashes []pinHash, pin string) []Staff {
	var found []Staff
	for _, h := range hashes {
		if h.matches(pin) {
			found = append(found, h.staff)
		}
	}
	return found
}

func (s *Store) activePINHashes(ctx context.Context, tx *sql.Tx) ([]pinHash, error) {
	rows, err := tx.QueryContext(ctx, `SELECT staff_id, name, role, pin_salt, pin_hash
		FROM staff WHERE active = 1 ORDER BY staff_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pinHash
	for rows.Next() {
		var h pinHash
		var name []byte
		err := rows.Scan(&h.staff.ID, &name, &h.staff.Role, &h.salt, &h.hash)
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
