// Package e2e holds the tests that look at the repository from outside:
// the dependency arrows between packages, and the real kiosk binary driven
// under Xvfb.
package e2e

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// rule forbids a package (or prefix) from depending on another.
type rule struct {
	pkgs   []string // "smartkiosk/policy" or "smartkiosk/..." for all
	banned string   // import path prefix
	exact  bool     // banned is that one package, not its subpackages
	except []string // packages allowed to import it
}

var rules = []rule{
	{pkgs: []string{"smartkiosk/policy", "smartkiosk/store", "smartkiosk/store/record", "smartkiosk/audio", "smartkiosk/translations", "smartkiosk/export", "smartkiosk/assets"}, banned: "fyne.io/fyne/v2"},
	// The kiosk's commands run with no display: main.go opens the window.
	{pkgs: []string{"smartkiosk/kioskcli"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/..."}, banned: "fyne.io/fyne/v2/app", except: []string{"smartkiosk"}},
	{pkgs: []string{"smartkiosk/..."}, banned: "github.com/gopxl/beep", except: []string{"smartkiosk/audio", "smartkiosk"}},
	{pkgs: []string{"smartkiosk/policy", "smartkiosk/audio", "smartkiosk/translations", "smartkiosk/store/record", "smartkiosk/export"}, banned: "smartkiosk/screens"},
	{pkgs: []string{"smartkiosk/policy", "smartkiosk/audio", "smartkiosk/translations", "smartkiosk/store/record"}, banned: "modernc.org/sqlite"},
	// store → export is allowed (Store.ExportEntries builds the renderers'
	// entries) and screens → export too (the adult area's export page), so
	// export must stay below the store: no SQLite, which also keeps it from
	// ever importing smartkiosk/store and closing a cycle.
	{pkgs: []string{"smartkiosk/export"}, banned: "modernc.org/sqlite"},
	// The hub and its binary never need a display or cgo.
	{pkgs: []string{"smartkiosk/hub", "smartkiosk/hub/sqlitestore", "smartkiosk/hub/hubtest", "smartkiosk/cmd/smartkiosk-hub"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/hub", "smartkiosk/hub/sqlitestore", "smartkiosk/hub/pgstore", "smartkiosk/hub/hubtest", "smartkiosk/cmd/smartkiosk-hub"}, banned: "smartkiosk/screens"},
	// The server never needs the kiosk's side of the sync.
	{pkgs: []string{"smartkiosk/hub", "smartkiosk/hub/sqlitestore", "smartkiosk/hub/pgstore", "smartkiosk/hub/hubtest"}, banned: "smartkiosk/hub/client"},
	// The hub's PostgreSQL store is pure Go on pgx: no Fyne, no SQLite.
	{pkgs: []string{"smartkiosk/hub/pgstore"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/hub/pgstore"}, banned: "modernc.org/sqlite"},
	// The kiosk talks to its hub through hub/proto and hub/client only: it
	// never links the hub server, its templates or its QR encoder.
	{pkgs: []string{"smartkiosk", "smartkiosk/screens", "smartkiosk/hub/client", "smartkiosk/hub/proto"}, banned: "smartkiosk/hub", exact: true},
	{pkgs: []string{"smartkiosk", "smartkiosk/screens", "smartkiosk/hub/client", "smartkiosk/hub/proto"}, banned: "html/template"},
	{pkgs: []string{"smartkiosk", "smartkiosk/screens", "smartkiosk/hub/client", "smartkiosk/hub/proto"}, banned: "rsc.io/qr"},
	// hub/proto is shared by both sides: wire types and signing, no server
	// (net/http only for signing a request), no SQL, no Fyne, nothing of
	// the kiosk's own store.
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "net/http/httptest"},
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "net/http/pprof"},
	// (exact: store/record's github.com/google/uuid brings database/sql/driver's
	// interfaces, not SQL)
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "database/sql", exact: true},
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "modernc.org/sqlite"},
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "github.com/jackc/pgx"},
	{pkgs: []string{"smartkiosk/hub/proto", "smartkiosk/hub/client"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/hub/proto", "smartkiosk/hub/client"}, banned: "smartkiosk/store", exact: true},
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "smartkiosk/hub/client"},
	{pkgs: []string{"smartkiosk/hub/proto"}, banned: "smartkiosk/policy"},
	// roster is the MIS CSV parser both sides import: no SQL, no Fyne, not
	// the kiosk's store, and bands passed in as plain data, not the pack.
	{pkgs: []string{"smartkiosk/roster"}, banned: "database/sql", exact: true},
	{pkgs: []string{"smartkiosk/roster"}, banned: "modernc.org/sqlite"},
	{pkgs: []string{"smartkiosk/roster"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/roster"}, banned: "smartkiosk/store", exact: true},
	{pkgs: []string{"smartkiosk/roster"}, banned: "smartkiosk/policy"},
	// The hub binary reads rosters through roster, never the kiosk's store.
	{pkgs: []string{"smartkiosk/cmd/smartkiosk-hub"}, banned: "smartkiosk/store", exact: true},
	// version and command are imported by both binaries (the hub has no
	// Fyne and no cgo): they stay leaves on the standard library.
	{pkgs: []string{"smartkiosk/version", "smartkiosk/command"}, banned: "smartkiosk"},
	{pkgs: []string{"smartkiosk/version", "smartkiosk/command"}, banned: "fyne.io/fyne/v2"},
	{pkgs: []string{"smartkiosk/version", "smartkiosk/command"}, banned: "modernc.org/sqlite"},
}

// packages runs `go list -deps` the way tailscale's deptest does.
func packages(t *testing.T) map[string][]string { return goList(t, "Deps") }

// goList runs `go list` over the module and returns, per package, the
// list field names: "Deps" (everything linked) or "Imports" (direct).
func goList(t *testing.T, field string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", "x11", "-json=ImportPath,"+field, "smartkiosk/...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	lists := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p map[string]any
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		var l []string
		for _, x := range asSlice(p[field]) {
			l = append(l, x.(string))
		}
		lists[p["ImportPath"].(string)] = l
	}
	return lists
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func TestDependencyArrows(t *testing.T) {
	all := packages(t)
	if len(all) < 8 {
		t.Fatalf("go list found only %d packages", len(all))
	}
	for _, r := range rules {
		for pkg, deps := range all {
			if !covers(r.pkgs, pkg) || contains(r.except, pkg) {
				continue
			}
			for _, d := range deps {
				if d == r.banned || (!r.exact && strings.HasPrefix(d, r.banned+"/")) {
					t.Errorf("%s imports %s (directly or not): forbidden", pkg, d)
					break
				}
			}
		}
	}
}

func covers(pkgs []string, pkg string) bool {
	for _, p := range pkgs {
		if p == pkg || (strings.HasSuffix(p, "/...") && strings.HasPrefix(pkg, strings.TrimSuffix(p, "..."))) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
