package hub

import "testing"

func TestNextVersion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026.1": "2026.2", "2026.9": "2026.10", "3": "4", "v3": "v4", "2026.1-draft": "2026.2-draft",
		"autumn": "autumn.2", "": ".2", "99999999999999999999": "99999999999999999999.2",
	} {
		if got := nextVersion(in); got != want {
			t.Errorf("nextVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
