package hub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Staff passwords: argon2id, OWASP's second profile (19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// Sign-in lockout: after MaxLoginFailures wrong passwords from one
// address, the account waits LoginLockout before that address may try it
// again; from other addresses it can still sign in.
const (
	MaxLoginFailures = 5
	LoginLockout     = 15 * time.Minute
	SessionLength    = 8 * time.Hour
	MinPasswordRunes = 10
)

// ErrSignIn is every failed sign-in: which part was wrong is not said.
var ErrSignIn = errors.New("that name and password do not match")

// LockedError says how long an account must wait.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("too many wrong passwords: try again after %s", e.Until.Local().Format("15:04"))
}

// HashPassword encodes an argon2id hash of password with a fresh salt.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordRunes {
		return "", fmt.Errorf("a password needs at least %d characters", MinPasswordRunes)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an encoded hash.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 5 || parts[0] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 10 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[3])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[4])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// AddUser makes a staff account.
func AddUser(ctx context.Context, a Accounts, name, password, role string, classes []string, now time.Time) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("a user needs a name")
	}
	if !slices.Contains(Roles, role) {
		return fmt.Errorf("role %q: use admin, dsl, tutor or office", role)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return a.CreateUser(ctx, User{Name: name, PasswordHash: hash, Role: role, Classes: classes, CreatedAt: now.UTC()})
}

// SignIn checks a staff member's name and password, from source (the
// address the request came from), and starts a session. Each attempt is
// claimed in the store before the password is checked, so however many
// arrive at once no more than MaxLoginFailures are checked before the
// account locks for that address (LockedError); a stranger guessing from
// elsewhere cannot lock the DSL out. A wrong name or password is ErrSignIn,
// and takes as long either way.
func SignIn(ctx context.Context, a Accounts, name, source, password string, now time.Time) (string, Session, error) {
	u, err := a.User(ctx, strings.TrimSpace(name))
	if errors.Is(err, ErrNotFound) {
		CheckPassword(dummyHash, password) // take as long as a real check
		return "", Session{}, ErrSignIn
	} else if err != nil {
		return "", Session{}, err
	}
	until, err := a.ClaimSignIn(ctx, u.Name, source, now, MaxLoginFailures, LoginLockout)
	if err != nil {
		return "", Session{}, err
	}
	if !until.IsZero() {
		return "", Session{}, &LockedError{Until: until}
	}
	if !CheckPassword(u.PasswordHash, password) {
		return "", Session{}, ErrSignIn // the claim has counted it
	}
	if err := a.ClearSignIns(ctx, u.Name, source); err != nil {
		return "", Session{}, err
	}
	token, s := randomToken(), Session{UserName: u.Name, CSRF: randomToken(), CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(SessionLength)}
	s.TokenHash = TokenHash(token)
	return token, s, a.CreateSession(ctx, s)
}

var dummyHash, _ = HashPassword("not a real password, only for timing")

// TokenHash is how a store keeps a session token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
