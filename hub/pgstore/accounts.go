package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
)

// CreateUser adds a user; hub.ErrUserExists when the name is taken.
func (s *Store) CreateUser(ctx context.Context, u hub.User) error {
	classes := u.Classes
	if classes == nil {
		classes = []string{}
	}
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO users (name, password_hash, role, classes, failures, locked_until, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (name) DO NOTHING`,
		u.Name, u.PasswordHash, u.Role, classes, 0, nil, u.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Name, wrapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("create user %s: %w", u.Name, hub.ErrUserExists)
	}
	return nil
}

const userColumns = `name, password_hash, role, classes, created_at`

func scanUser(row pgx.Row) (hub.User, error) {
	var u hub.User
	err := row.Scan(&u.Name, &u.PasswordHash, &u.Role, &u.Classes, &u.CreatedAt)
	if len(u.Classes) == 0 {
		u.Classes = nil
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// User returns a user by name (case as given), or hub.ErrNotFound.
func (s *Store) User(ctx context.Context, name string) (hub.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, fmt.Errorf("user %s: %w", name, hub.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user %s: %w", name, wrapErr(err))
	}
	return u, nil
}

// Users lists users by name (byte order, as Go sorts strings).
func (s *Store) Users(ctx context.Context) ([]hub.User, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name COLLATE "C"`)
	us, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.User, error) { return scanUser(row) })
	if err != nil {
		return nil, fmt.Errorf("users: %w", wrapErr(err))
	}
	return us, nil
}

// ClaimSignIn takes one attempt under the (name, source) row's lock, so
// parallel attempts are counted one by one.
func (s *Store) ClaimSignIn(ctx context.Context, name, source string, now time.Time, max int, lockout time.Duration) (time.Time, error) {
	var locked time.Time
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sign_in_throttle (name, source, failures) VALUES ($1, $2, 0)
			ON CONFLICT (name, source) DO NOTHING`, name, source); err != nil {
			return err
		}
		var failures int
		var until *time.Time
		err := tx.QueryRow(ctx, `SELECT failures, locked_until FROM sign_in_throttle WHERE name = $1 AND source = $2 FOR UPDATE`,
			name, source).Scan(&failures, &until)
		if err != nil {
			return err
		}
		if u := utc(until); now.Before(u) {
			locked = u
			return nil
		}
		failures++
		var next *time.Time
		if failures >= max {
			t := now.Add(lockout).UTC()
			failures, next = 0, &t
		}
		_, err = tx.Exec(ctx, `UPDATE sign_in_throttle SET failures = $3, locked_until = $4 WHERE name = $1 AND source = $2`,
			name, source, failures, next)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("claim a sign-in for %s: %w", name, wrapErr(err))
	}
	return locked, nil
}

// ClearSignIns forgets name's counted attempts from source ("" for all).
func (s *Store) ClearSignIns(ctx context.Context, name, source string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sign_in_throttle WHERE name = $1 AND ($2 = '' OR source = $2)`, name, source); err != nil {
		return fmt.Errorf("clear sign-ins of %s: %w", name, wrapErr(err))
	}
	return nil
}

// CreateSession keeps a new session (only its token's hash), and forgets
// the sessions expired by its creation.
func (s *Store) CreateSession(ctx context.Context, sess hub.Session) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, sess.CreatedAt.UTC())
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`,
			sess.TokenHash, sess.UserName, sess.CSRF, sess.CreatedAt.UTC(), sess.ExpiresAt.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session returns a session by token hash, or hub.ErrNotFound (also once it
// has expired at now).
func (s *Store) Session(ctx context.Context, tokenHash string, now time.Time) (hub.Session, error) {
	var sess hub.Session
	err := s.pool.QueryRow(ctx, `
		SELECT token_hash, user_name, csrf, created_at, expires_at FROM sessions
		 WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now.UTC()).
		Scan(&sess.TokenHash, &sess.UserName, &sess.CSRF, &sess.CreatedAt, &sess.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sess, fmt.Errorf("session: %w", hub.ErrNotFound)
	}
	if err != nil {
		return sess, fmt.Errorf("session: %w", wrapErr(err))
	}
	sess.CreatedAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	return sess, nil
}

// DeleteSession ends a session; ending an unknown one is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", wrapErr(err))
	}
	return nil
}
