package hubtest

import (
	"context"
	"sync"
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
	if got.Name != want.Name || got.PasswordHash != want.PasswordHash || got.Role != want.Role {
		tb.Errorf("user %s %q %s, want %s %q %s", got.Name, got.PasswordHash, got.Role, want.Name, want.PasswordHash, want.Role)
	}
	sameStrings(tb, "user "+want.Name+" Classes", got.Classes, want.Classes)
	sameTime(tb, "user "+want.Name+" CreatedAt", got.CreatedAt, want.CreatedAt)
}

func testUsers(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		zoe, adam := newUser("zoe", hub.RoleTutor, "8B", "7A"), newUser("adam", hub.RoleAdmin)
		mia, olu := newUser("mia", hub.RoleDSL), newUser("olu", hub.RoleOffice)
		for _, u := range []hub.User{zoe, adam, mia, olu} {
			must(t, "CreateUser", s.CreateUser(ctx, u))
		}
		got, err := s.User(ctx, "zoe")
		must(t, "User", err)
		checkUser(t, got, zoe)
		list, err := s.Users(ctx)
		must(t, "Users", err)
		want := []hub.User{adam, mia, olu, zoe}
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
	t.Run("SignInThrottle", func(t *testing.T) {
		s := open(t)
		const max, lockout = 3, 15 * time.Minute
		claim := func(source string, at time.Time) time.Time {
			t.Helper()
			until, err := s.ClaimSignIn(ctx, "zoe", source, at, max, lockout)
			must(t, "ClaimSignIn", err)
			return until
		}
		for i := range max {
			if until := claim("10.0.0.9", base.Add(secs(i))); !until.IsZero() {
				t.Fatalf("attempt %d refused until %v", i+1, until)
			}
		}
		lockedAt := base.Add(secs(max - 1))
		if until := claim("10.0.0.9", base.Add(secs(10))); !until.Equal(lockedAt.Add(lockout)) {
			t.Errorf("after %d attempts: locked until %v, want %v", max, until, lockedAt.Add(lockout))
		}
		if until := claim("10.0.0.7", base.Add(secs(11))); !until.IsZero() {
			t.Errorf("another address is locked out too, until %v", until)
		}
		if until := claim("10.0.0.9", lockedAt.Add(lockout)); !until.IsZero() {
			t.Errorf("the lock outlasted its time: until %v", until)
		}
		must(t, "ClearSignIns", s.ClearSignIns(ctx, "zoe", "10.0.0.9"))
		for i := range max - 1 {
			if until := claim("10.0.0.9", lockedAt.Add(lockout+secs(1+i))); !until.IsZero() {
				t.Errorf("after ClearSignIns, attempt %d refused", i+1)
			}
		}
		claim("10.0.0.7", base.Add(secs(12)))
		claim("10.0.0.7", base.Add(secs(13))) // the third from .7: locked
		must(t, "ClearSignIns", s.ClearSignIns(ctx, "zoe", ""))
		if until := claim("10.0.0.7", base.Add(secs(14))); !until.IsZero() {
			t.Errorf("a lock survived ClearSignIns of every address: until %v", until)
		}
	})
	t.Run("SignInThrottleParallel", func(t *testing.T) {
		s := open(t)
		const max, tries = 5, 60
		var mu sync.Mutex
		let := 0
		var wg sync.WaitGroup
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				until, err := s.ClaimSignIn(ctx, "dsl", "203.0.113.5", base, max, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if until.IsZero() {
					mu.Lock()
					let++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if let != max {
			t.Errorf("%d of %d parallel attempts were let through, want exactly %d", let, tries, max)
		}
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
