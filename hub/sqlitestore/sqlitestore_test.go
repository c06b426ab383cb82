package sqlitestore

import (
	"path/filepath"
	"testing"

	"smartkiosk/hub"
	"smartkiosk/hub/hubtest"
)

// mustOpen opens a fresh hub database under tb's temporary directory.
// Callers close it (hubtest does).
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "hub.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	hubtest.Run(t, func(t *testing.T) hub.Store { return mustOpen(t) })
}

func BenchmarkIngest(b *testing.B) {
	hubtest.BenchIngest(b, func(b *testing.B) hub.Store { return mustOpen(b) })
}
