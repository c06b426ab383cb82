package hub_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"smartkiosk/hub"
)

// TestSignIn_ParallelGuesses: 100 wrong passwords sent at once from one
// address are counted one by one, so exactly MaxLoginFailures are checked
// and the rest refused as locked; the DSL still signs in from another
// address, and the guesser's address stays locked even with the right one.
func TestSignIn_ParallelGuesses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	now := time.Now()
	if err := hub.AddUser(ctx, st, "dsl", "the right long password", hub.RoleDSL, nil, now); err != nil {
		t.Fatal(err)
	}
	const tries, stranger = 100, "203.0.113.5"
	var mu sync.Mutex
	wrong, locked := 0, 0
	var wg sync.WaitGroup
	for range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := hub.SignIn(ctx, st, "dsl", stranger, "a wrong guess!!", now)
			var le *hub.LockedError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, hub.ErrSignIn):
				wrong++
			case errors.As(err, &le):
				locked++
			default:
				t.Errorf("a guess: %v", err)
			}
		}()
	}
	wg.Wait()
	if wrong != hub.MaxLoginFailures || locked != tries-hub.MaxLoginFailures {
		t.Errorf("%d guesses checked and %d refused as locked; want %d and %d", wrong, locked, hub.MaxLoginFailures, tries-hub.MaxLoginFailures)
	}
	if _, _, err := hub.SignIn(ctx, st, "dsl", "198.51.100.7", "the right long password", now); err != nil {
		t.Errorf("the DSL from their own address: %v", err)
	}
	var le *hub.LockedError
	if _, _, err := hub.SignIn(ctx, st, "dsl", stranger, "the right long password", now); !errors.As(err, &le) {
		t.Errorf("the guesser's address with the right password: %v, want locked", err)
	}
	if _, _, err := hub.SignIn(ctx, st, "dsl", stranger, "the right long password", now.Add(hub.LoginLockout)); err != nil {
		t.Errorf("after the lockout: %v", err)
	}
}
