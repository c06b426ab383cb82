package e2e

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// allowed is every package's allow-list: the smartkiosk packages, the
// third-party modules ("…/..." for a module and its packages) and the few
// sensitive standard packages (sensitive) it may import directly. A new
// arrow fails TestImportsAllowed until someone adds it here on purpose;
// DESIGN.md's "Layout and dependency direction" says which arrows belong.
// TestDependencyArrows (deps_test.go) checks what each binary links in
// the end, directly or not.
var allowed = map[string][]string{
	"smartkiosk":                    {"fyne.io/fyne/v2/...", "fyne.io/fyne/v2/app", "smartkiosk/assets", "smartkiosk/audio", "smartkiosk/hub/client", "smartkiosk/kioskcli", "smartkiosk/screens", "smartkiosk/signoff", "smartkiosk/store", "smartkiosk/translations"},
	"smartkiosk/assets":             {},
	"smartkiosk/assets/picturetest": {},
	"smartkiosk/audio":              {"github.com/gopxl/beep/v2/..."},
	"smartkiosk/cmd/smartkiosk-hub": {"net/http", "smartkiosk/command", "smartkiosk/export", "smartkiosk/hub", "smartkiosk/hub/pgstore", "smartkiosk/hub/proto", "smartkiosk/hub/sqlitestore", "smartkiosk/roster", "smartkiosk/signoff", "smartkiosk/version"},
	"smartkiosk/command":            {},
	"smartkiosk/e2e":                {},
	"smartkiosk/export":             {"github.com/fyne-io/oksvg/...", "github.com/go-pdf/fpdf/...", "github.com/srwiley/rasterx/...", "smartkiosk/policy", "smartkiosk/signoff", "smartkiosk/store/record"},
	"smartkiosk/hub":                {"github.com/google/uuid/...", "golang.org/x/crypto/...", "html/template", "net/http", "rsc.io/qr/...", "smartkiosk/assets", "smartkiosk/export", "smartkiosk/hub/proto", "smartkiosk/policy", "smartkiosk/roster", "smartkiosk/signoff", "smartkiosk/store/record", "smartkiosk/version"},
	"smartkiosk/hub/client":         {"net/http", "smartkiosk/hub/proto", "smartkiosk/policy", "smartkiosk/signoff", "smartkiosk/store/record"},
	"smartkiosk/hub/hubtest":        {"smartkiosk/hub", "smartkiosk/hub/proto", "smartkiosk/signoff", "smartkiosk/store/record"},
	"smartkiosk/hub/pgstore":        {"github.com/jackc/pgx/v5/...", "smartkiosk/hub", "smartkiosk/hub/proto", "smartkiosk/signoff", "smartkiosk/store/record"},
	"smartkiosk/hub/proto":          {"net/http", "smartkiosk/signoff", "smartkiosk/store/record"},
	"smartkiosk/hub/sqlitestore":    {"database/sql", "modernc.org/sqlite/...", "smartkiosk/hub", "smartkiosk/hub/proto", "smartkiosk/signoff", "smartkiosk/store/record", "smartkiosk/store/sqlitex"},
	"smartkiosk/kioskcli":           {"smartkiosk/assets", "smartkiosk/command", "smartkiosk/export", "smartkiosk/hub/client", "smartkiosk/policy", "smartkiosk/roster", "smartkiosk/signoff", "smartkiosk/store", "smartkiosk/translations", "smartkiosk/version"},
	"smartkiosk/policy":             {"github.com/BurntSushi/toml/...", "github.com/jfreymuth/oggvorbis/...", "smartkiosk/signoff"}, // oggvorbis (beep's own decoder) checks a clip plays; beep stays in audio
	"smartkiosk/roster":             {"smartkiosk/signoff"},
	"smartkiosk/screens":            {"fyne.io/fyne/v2/...", "smartkiosk/assets", "smartkiosk/export", "smartkiosk/hub/client", "smartkiosk/hub/proto", "smartkiosk/policy", "smartkiosk/roster", "smartkiosk/signoff", "smartkiosk/store", "smartkiosk/store/record", "smartkiosk/translations"},
	"smartkiosk/signoff":            {"smartkiosk/store/record"},
	"smartkiosk/store":              {"database/sql", "golang.org/x/crypto/...", "modernc.org/sqlite/...", "smartkiosk/roster", "smartkiosk/signoff", "smartkiosk/store/record", "smartkiosk/store/sqlitex"},
	"smartkiosk/store/record":       {"github.com/google/uuid/..."},
	"smartkiosk/store/sqlitex":      {"database/sql"},
	"smartkiosk/tools/imgdiff":      {},
	"smartkiosk/tools/packtool":     {"github.com/BurntSushi/toml/...", "smartkiosk/policy", "smartkiosk/tools/imgdiff"},
	"smartkiosk/translations":       {"github.com/BurntSushi/toml/...", "github.com/nicksnyder/go-i18n/...", "golang.org/x/text/..."},
	"smartkiosk/upgrade":            {}, // test files only: it opens old data with the kiosk's and the hub's packages
	"smartkiosk/version":            {},
}

// sensitive standard packages are allow-listed like modules: SQL, HTML
// templates, an HTTP server or client, and running programs.
var sensitive = []string{"database/sql", "html/template", "net/http", "os/exec"}

func TestImportsAllowed(t *testing.T) {
	t.Parallel()
	listed := goList(t, "Imports")
	for _, pkg := range slices.Sorted(maps.Keys(listed)) {
		allow, ok := allowed[pkg]
		if !ok {
			t.Errorf("%s is a new package: add it to allowed in e2e/allow_test.go with what it may import", pkg)
			continue
		}
		for _, imp := range listed[pkg] {
			if needsAllowing(imp) && !allows(allow, imp) {
				t.Errorf("%s imports %s, which its allow-list does not name: if the arrow is meant, add it to allowed", pkg, imp)
			}
		}
	}
	if len(listed) < len(allowed)/2 {
		t.Fatalf("go list found %d packages, the allow-list names %d", len(listed), len(allowed))
	}
}

// needsAllowing: every smartkiosk and third-party import, and the
// sensitive standard ones; the rest of the standard library is free.
func needsAllowing(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return strings.Contains(first, ".") || first == "smartkiosk" || slices.Contains(sensitive, imp)
}

func allows(allow []string, imp string) bool {
	for _, a := range allow {
		if a == imp || (strings.HasSuffix(a, "/...") && (imp == strings.TrimSuffix(a, "/...") || strings.HasPrefix(imp, strings.TrimSuffix(a, "...")))) {
			return true
		}
	}
	return false
}
