package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"smartkiosk/hub"
)

// CreateUser adds a user; ErrUserExists when the name is taken.
func (s *Store) CreateUser(ctx context.Context, u hub.User) error {
	classes, err := json.Marshal(append([]string{}, u.Classes...))
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, password_hash, role, classes, failures,
			locked_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			u.Name, u.PasswordHash, u.Role, string(classes), 0, nil, ts(u.CreatedAt))
		if err != nil {
			return fmt.Errorf("create user %s: %w", u.Name, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, fmt.Errorf("create user %s: %w", u.Name, hub.ErrUserExists))
		}
		return nil
	})
}

const userColumns = `name, password_hash, role, classes, created_at`

func scanUser(row interface{ Scan(...any) error }) (hub.User, error) {
	var u hub.User
	var classes string
	err := row.Scan(&u.Name, &u.PasswordHash, &u.Role, &classes, timeCol{&u.CreatedAt})
	if err == nil {
		err = json.Unmarshal([]byte(classes), &u.Classes)
	}
	return u, err
}

// User returns a user by name (compared exactly), or ErrNotFound.
func (s *Store) User(ctx context.Context, name string) (hub.User, error) {
	var u hub.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE name = ?`, name))
		return notFound(err, "user "+name)
	})
	return u, err
}

// Users lists users by name.
func (s *Store) Users(ctx context.Context) ([]hub.User, error) {
	var list []hub.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			list = append(list, u)
		}
		return rows.Err()
	})
	return list, err
}

// ClaimSignIn takes one attempt in one write transaction (BEGIN
// IMMEDIATE: writers take turns), so parallel attempts are counted one by
// one.
func (s *Store) ClaimSignIn(ctx context.Context, name, source string, now time.Time, max int, lockout time.Duration) (time.Time, error) {
	var locked time.Time
	err := s.write(ctx, func(tx *sql.Tx) error {
		var failures int
		var until time.Time
		err := tx.QueryRowContext(ctx, `SELECT failures, locked_until FROM sign_in_throttle WHERE name = ? AND source = ?`,
			name, source).Scan(&failures, timeCol{&until})
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if now.Before(until) {
			locked = until
			return nil
		}
		failures, until = failures+1, time.Time{}
		if failures >= max {
			failures, until = 0, now.Add(lockout)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sign_in_throttle (name, source, failures, locked_until) VALUES (?, ?, ?, ?)
			ON CONFLICT (name, source) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
			name, source, failures, nullTS(until))
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("claim a sign-in for %s: %w", name, err)
	}
	return locked, nil
}

// ClearSignIns forgets name's counted attempts from source ("" for all).
func (s *Store) ClearSignIns(ctx context.Context, name, source string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sign_in_throttle WHERE name = ? AND (? = '' OR source = ?)`, name, source, source)
		return err
	})
}

// CreateSession keeps a new session, and forgets those expired by its
// creation.
func (s *Store) CreateSession(ctx context.Context, sess hub.Session) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ts(sess.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserName, sess.CSRF, ts(sess.CreatedAt), ts(sess.ExpiresAt))
		if err != nil {
			return fmt.Errorf("create session for %s: %w", sess.UserName, err)
		}
		return nil
	})
}

// Session returns an unexpired session by token hash, or ErrNotFound.
func (s *Store) Session(ctx context.Context, tokenHash string, now time.Time) (hub.Session, error) {
	var sess hub.Session
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT token_hash, user_name, csrf, created_at, expires_at
			FROM sessions WHERE token_hash = ? AND expires_at > ?`, tokenHash, ts(now)).
			Scan(&sess.TokenHash, &sess.UserName, &sess.CSRF, timeCol{&sess.CreatedAt}, timeCol{&sess.ExpiresAt})
		return notFound(err, "session")
	})
	return sess, err
}

// DeleteSession ends a session; ending an unknown one is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}
