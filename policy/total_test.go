package policy

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestChecker_PackTotal: pack.toml and the files it names may come to
// MaxPackBytes, not a byte more (the files are counted as checkFile reads
// them; a real pack that size would take a second to build).
func TestChecker_PackTotal(t *testing.T) {
	t.Parallel()
	toml := []byte(`id = "big"`)
	c := &checker{fsys: fstest.MapFS{PackFile: {Data: toml}}, total: MaxPackBytes - int64(len(toml))}
	if c.checkTotal(); len(c.problems) != 0 {
		t.Fatalf("at the limit: %v", c.problems)
	}
	c.total++
	c.checkTotal()
	want := "pack: pack.toml and the files it names come to just over 100 MB, too big: a picture may be at most 2 MB, a narration clip 5 MB and the whole pack 100 MB"
	if len(c.problems) != 1 || !strings.HasPrefix(c.problems[0], want) {
		t.Errorf("problems = %q, want %q", c.problems, want)
	}
}
