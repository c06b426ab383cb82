package version

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// TestVersion_MatchesFyneApp fails when FyneApp.toml's Version (which
// fyne package stamps into the app) and the --version constant differ.
func TestVersion_MatchesFyneApp(t *testing.T) {
	t.Parallel()
	var app struct{ Details struct{ Version string } }
	if _, err := toml.DecodeFile("../FyneApp.toml", &app); err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	if app.Details.Version == "" {
		t.Fatal("FyneApp.toml has no [Details] Version")
	}
	if Version != app.Details.Version {
		t.Errorf("version.Version = %q, FyneApp.toml's Version = %q: change both together", Version, app.Details.Version)
	}
}

func TestVersion_Line(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ rev, want string }{
		{"", "smartkiosk-hub 1.2.3"},
		{"abc123", "smartkiosk-hub 1.2.3 (revision abc123)"},
	} {
		if got := line("smartkiosk-hub", "1.2.3", tc.rev); got != tc.want {
			t.Errorf("line(rev %q) = %q, want %q", tc.rev, got, tc.want)
		}
	}
}
