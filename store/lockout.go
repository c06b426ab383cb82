package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lockout rules: every run of failuresPerLockout wrong PINs locks PIN entry
// on this device, for firstLockout, doubling each time up to maxLockout,
// until a right PIN starts the count again.
const (
	failuresPerLockout = 5
	firstLockout       = time.Minute
	maxLockout         = 15 * time.Minute
)

// ErrLockedOut is wrapped by *LockedOutError.
var ErrLockedOut = errors.New("PIN entry is locked after too many wrong PINs")

// LockedOutError says how long PIN entry stays locked.
type LockedOutError struct{ Remaining time.Duration }

func (e *LockedOutError) Error() string {
	return fmt.Sprintf("%v: try again in %v", ErrLockedOut, e.Remaining.Round(time.Second))
}

func (e *LockedOutError) Unwrap() error { return ErrLockedOut }

// pinGuard is the pin_guard row.
type pinGuard struct {
	failures, lockouts int
	locked             time.Duration
	checkedAt          time.Time
}

// lockoutFor is the length of the n-th lockout (n ≥ 1).
func lockoutFor(n int) time.Duration {
	d := firstLockout
	for i := 1; i < n && d < maxLockout; i++ {
		d *= 2
	}
	return min(d, maxLockout)
}

// loadGuard reads the guard and counts down the lockout by the time since
// it was last counted — only forwards: a clock set back counts nothing.
func (s *Store) loadGuard(ctx context.Context, tx *sql.Tx) (pinGuard, error) {
	now := s.Now().UTC()
	g := pinGuard{checkedAt: now}
	var ms int64
	var checked string
	err := tx.QueryRowContext(ctx, `SELECT failures, lockouts, locked_ms, checked_at FROM pin_guard
		WHERE pin_guard_id = 1`).Scan(&g.failures, &g.lockouts, &ms, &checked)
	if errors.Is(err, sql.ErrNoRows) {
		return g, nil
	}
	if err != nil {
		return g, err
	}
	g.locked = time.Duration(ms) * time.Millisecond
	if last, err := time.Parse(time.RFC3339Nano, checked); err == nil && now.After(last) {
		g.locked = max(0, g.locked-now.Sub(last))
	}
	return g, nil
}

func saveGuard(ctx context.Context, tx *sql.Tx, g pinGuard) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO pin_guard (pin_guard_id, failures, lockouts, locked_ms, checked_at)
		VALUES (1, ?, ?, ?, ?) ON CONFLICT (pin_guard_id) DO UPDATE SET failures = excluded.failures,
		lockouts = excluded.lockouts, locked_ms = excluded.locked_ms, checked_at = excluded.checked_at`,
		g.failures, g.lockouts, g.locked.Milliseconds(), g.checkedAt.Format(time.RFC3339Nano))
	return err
}

// guardOpen counts the lockout down and refuses, with a *LockedOutError,
// while it lasts. A refused PIN is audited but not counted again.
func (s *Store) guardOpen(ctx context.Context) error {
	var locked time.Duration
	err := s.write(ctx, func(tx *sql.Tx) error {
		g, err := s.loadGuard(ctx, tx)
		if err != nil {
			return err
		}
		if err := saveGuard(ctx, tx, g); err != nil {
			return err
		}
		if locked = g.locked; locked > 0 {
			return s.audit(ctx, tx, 0, AuditPINFailed, "refused while locked out")
		}
		return nil
	})
	if err != nil {
		return diskFull(err)
	}
	if locked > 0 {
		return &LockedOutError{Remaining: locked}
	}
	return nil
}

// guardFailed counts a wrong PIN, locking PIN entry after every
// failuresPerLockout in a row.
func (s *Store) guardFailed(ctx context.Context) error {
	return diskFull(s.write(ctx, func(tx *sql.Tx) error {
		g, err := s.loadGuard(ctx, tx)
		if err != nil {
			return err
		}
		g.failures++
		if err := s.audit(ctx, tx, 0, AuditPINFailed, fmt.Sprintf("wrong PIN %d in a row", g.failures)); err != nil {
			return err
		}
		if g.failures%failuresPerLockout == 0 {
			g.lockouts++
			g.locked = lockoutFor(g.lockouts)
			if err := s.audit(ctx, tx, 0, AuditLockedOut, fmt.Sprintf("PIN entry locked for %v", g.locked)); err != nil {
				return err
			}
		}
		return saveGuard(ctx, tx, g)
	}))
}

// guardPassed clears the count after a right PIN, and rehashes a PIN kept
// from before the device secret.
func (s *Store) guardPassed(ctx context.Context, h pinHash, pin string) error {
	return diskFull(s.write(ctx, func(tx *sql.Tx) error {
		if err := saveGuard(ctx, tx, pinGuard{checkedAt: s.Now().UTC()}); err != nil {
			return err
		}
		if h.scheme == pinSchemePeppered {
			return nil
		}
		salt := newSalt()
		_, err := tx.ExecContext(ctx, `UPDATE staff SET pin_salt = ?, pin_hash = ?, pin_scheme = ?
			WHERE staff_id = ?`, salt, s.keys.hashPIN(pinSchemePeppered, pin, salt), pinSchemePeppered, h.staff.ID)
		return err
	}))
}

// Lockout reports how long PIN entry stays locked (0 when it is open),
// for the PIN screens to say so before anyone types.
func (s *Store) Lockout(ctx context.Context) (time.Duration, error) {
	var g pinGuard
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		g, err = s.loadGuard(ctx, tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("lockout: %w", err)
	}
	return g.locked, nil
}
