package hubtest

import (
	"context"
	"testing"
	"time"

	"smartkiosk/hub"
)

func newUser(name, role string, classes ...string) hub.User {
	return hub.User{Name: name, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$" + name,
		Role: role, Classes: classes, CreatedAt: base}
}

func checkUser(tb testing.TB, got, want hub.User) {
	tb.Helper()
	if got.Name != want.Name || got.PasswordHash != want.PasswordHash || got.Role != want.Role ||
		got.Failures != want.Failures {
		tb.Errorf("user %s %q %s failures %d, want %s %q %s failures %d", got.Name, got.PasswordHash,
			got.Role, got.Failures, want.Name, want.PasswordHash, want.Role, want.Failures)
	}
	sameStrings(tb, "user "+want.Name+" Classes", got.Classes, want.Classes)
	sameTime(tb, "user "+want.Name+" LockedUntil", got.LockedUntil, want.LockedUntil)
	sameTime(tb, "user "+want.Name+" CreatedAt", got.CreatedAt, want.CreatedAt)
}

func testUsers(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		zoe, adam := newUser("zoe", hub.RoleTutor, "8B", "7A"), newUser("adam", hub.RoleAdmin)
		mia := newUser("mia", hub.RoleDSL)
		for _, u := range []hub.User{zoe, adam, mia} {
			must(t, "CreateUser", s.CreateUser(ctx, u))
		}
		got, err := s.User(ctx, "zoe")
		must(t, "User", err)
		checkUser(t, got, zoe)
		list, err := s.Users(ctx)
		must(t, "Users", err)
		want := []hub.User{adam, mia, zoe}
		if len(list) != len(want) {
			t.Fatalf("Users lists %d, want %d", len(list), len(want))
		}
		for i := range want {
			checkUser(t, list[i], want[i])
		}
	})
	t.Run("ErrUserExists", func(t *testing.T) {
		s := open(t)
		must(t, "CreateUser", s.CreateUser(ctx, newUser("zoe", hub.RoleTutor, "7A")))
		wantErr(t, "CreateUser again", s.CreateUser(ctx, newUser("zoe", hub.RoleAdmin)), hub.ErrUserExists)
		got, err := s.User(ctx, "zoe")
		must(t, "User", err)
		checkUser(t, got, newUser("zoe", hub.RoleTutor, "7A"))
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).User(ctx, "nobody")
		wantErr(t, "User", err, hub.ErrNotFound)
	})
	t.Run("LoginFailures", func(t *testing.T) {
		s := open(t)
		u := newUser("zoe", hub.RoleTutor, "7A")
		must(t, "CreateUser", s.CreateUser(ctx, u))
		u.Failures, u.LockedUntil = 5, base.Add(15*time.Minute)
		must(t, "SetLoginFailures", s.SetLoginFailures(ctx, u.Name, u.Failures, u.LockedUntil))
		got, err := s.User(ctx, u.Name)
		must(t, "User", err)
		checkUser(t, got, u)
		u.Failures, u.LockedUntil = 0, time.Time{}
		must(t, "SetLoginFailures", s.SetLoginFailures(ctx, u.Name, 0, time.Time{}))
		got, err = s.User(ctx, u.Name)
		must(t, "User", err)
		checkUser(t, got, u)
	})
}

func testSessions(t *testing.T, open opener) {
	ctx := context.Background()
	session := hub.Session{TokenHash: sha([]byte("cookie token")), UserName: "zoe", CSRF: "csrf-token",
		CreatedAt: base, ExpiresAt: base.Add(8 * time.Hour)}
	withUser := func(t *testing.T) hub.Store {
		s := open(t)
		must(t, "CreateUser", s.CreateUser(ctx, newUser("zoe", hub.RoleTutor, "7A")))
		must(t, "CreateSession", s.CreateSession(ctx, session))
		return s
	}
	t.Run("OK", func(t *testing.T) {
		got, err := withUser(t).Session(ctx, session.TokenHash, base.Add(time.Hour))
		must(t, "Session", err)
		if got.TokenHash != session.TokenHash || got.UserName != session.UserName || got.CSRF != session.CSRF {
			t.Errorf("Session = %+v, want %+v", got, session)
		}
		sameTime(t, "Session CreatedAt", got.CreatedAt, session.CreatedAt)
		sameTime(t, "Session ExpiresAt", got.ExpiresAt, session.ExpiresAt)
	})
	t.Run("Expired", func(t *testing.T) {
		_, err := withUser(t).Session(ctx, session.TokenHash, session.ExpiresAt.Add(time.Second))
		wantErr(t, "Session after expiry", err, hub.ErrNotFound)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := withUser(t).Session(ctx, sha([]byte("other token")), base)
		wantErr(t, "Session", err, hub.ErrNotFound)
	})
	t.Run("Delete", func(t *testing.T) {
		s := withUser(t)
		must(t, "DeleteSession", s.DeleteSession(ctx, session.TokenHash))
		_, err := s.Session(ctx, session.TokenHash, base)
		wantErr(t, "Session after DeleteSession", err, hub.ErrNotFound)
		must(t, "DeleteSession of an unknown session", s.DeleteSession(ctx, session.TokenHash))
	})
}
