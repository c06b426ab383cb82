package screens

import (
	"fmt"
	"os"
	"syscall"
	"testing"
)

// fyneCacheEnv is read once, when Fyne's cache package starts.
const fyneCacheEnv = "FYNE_CACHE"

// TestMain runs the tests with Fyne's object cache kept for an hour. Fyne
// v2.8.1 samples the clock for a cache entry's lifetime only when it
// cleans the cache, which the test driver does rarely, so once a test
// process is more than a minute old a clean can drop the renderers of
// widgets on screen, and a golden image then shows text laid out at size
// zero. Since the setting is read at start-up, the test binary runs itself
// again with it set.
func TestMain(m *testing.M) {
	if os.Getenv(fyneCacheEnv) == "" {
		env := append(os.Environ(), fyneCacheEnv+"=1h")
		if err := syscall.Exec("/proc/self/exe", os.Args, env); err != nil {
			fmt.Fprintln(os.Stderr, "run the tests again with FYNE_CACHE=1h:", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}
