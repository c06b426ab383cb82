package policy_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/policy"
)

// FuzzLoad: whatever pack.toml holds, Load does not panic, and what it
// returns keeps its promises: a pack that validates and is fingerprinted,
// or a *ValidationError with a problem on every line, or a plain error.
// The pack's pictures and clips are real (packFS), so a fuzzed pack.toml
// that names them reaches the file checks.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(validTOML))
	f.Add([]byte(faultyTOML))
	f.Add([]byte(strings.Replace(validTOML, `file = "pictures/ask.svg"`, `file = "narration/a.1.ogg"`, 1)))
	f.Add([]byte(strings.Replace(validTOML, `narration.en-GB = "narration/a.1.ogg"`, `narration.en-GB = "pictures/ask.svg"`, 1)))
	f.Add([]byte(`id = "x"` + "\n[[forms]]\nkind = \"pupil\"\n"))
	files := packFS(validTOML)
	f.Fuzz(func(t *testing.T, packTOML []byte) {
		fsys := fstest.MapFS{}
		for name, file := range files {
			fsys[name] = file
		}
		fsys[policy.PackFile] = &fstest.MapFile{Data: packTOML}
		p, err := policy.Load(fsys)
		var verr *policy.ValidationError
		switch {
		case err == nil:
			if p == nil || !strings.HasPrefix(p.Fingerprint, "sha256:") {
				t.Fatalf("Load = %+v, nil: want a fingerprinted pack", p)
			}
			if err := policy.Validate(fsys, p); err != nil {
				t.Fatalf("a loaded pack does not validate: %v", err)
			}
		case errors.As(err, &verr):
			if p != nil || len(verr.Problems) == 0 {
				t.Fatalf("Load = %v, %v: want no pack and at least one problem", p, err)
			}
			for _, pr := range verr.Problems {
				if strings.TrimSpace(pr) == "" {
					t.Fatalf("an empty problem in %q", verr.Problems)
				}
			}
		case p != nil:
			t.Fatalf("Load = %+v, %v: a pack with an error", p, err)
		}
	})
}
