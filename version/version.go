// Package version is SMART Kiosk's release version, which the kiosk and
// the hub print for --version. It is a leaf: it imports only the
// standard library.
package version

import (
	"fmt"
	"runtime/debug"
)

// Version is FyneApp.toml's Version (a test checks they match). It is a
// variable, not a constant, so that a release build can set it:
//
//	go build -ldflags "-X smartkiosk/version.Version=0.2.0" .
var Version = "0.1.0"

// Line is the --version line for the named binary: "smartkiosk 0.1.0",
// with the VCS revision the binary was built from when Go recorded one.
func Line(binary string) string {
	return line(binary, Version, revision())
}

func line(binary, version, rev string) string {
	if rev == "" {
		return fmt.Sprintf("%s %s", binary, version)
	}
	return fmt.Sprintf("%s %s (revision %s)", binary, version, rev)
}

// revision is the build's vcs.revision, marked "-modified" when the work
// tree had uncommitted changes; "" when the build recorded none (go test,
// go run, or -buildvcs=false).
func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" && modified == "true" {
		rev += "-modified"
	}
	return rev
}
