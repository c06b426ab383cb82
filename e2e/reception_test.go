package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
)

// tap clicks the kiosk window at (x, y) and takes a screenshot.
func (s *session) tap(name string, x, y int) {
	s.t.Helper()
	s.click([2]int{x, y})
	s.shot(name)
}

// field taps a text field at (x, y), types text and closes the keyboard.
func (s *session) field(name string, x, y int, text string) {
	s.tap(name, x, y)
	s.typeText(text)
	s.tap(name+"-done", 1082, 758) // the keyboard's Done
}

// readForm turns a form's pages with the scan keys ("Next" is scanned
// first), the last one going on to signing.
func (s *session) readForm(name string, pages int) {
	for i := 1; i <= pages; i++ {
		s.keys(fmt.Sprintf("%s-page-%d", name, i), "space", "Return")
	}
}

// sign draws a signature in the declaration's box and saves it, then
// leaves the thank-you screen.
func (s *session) sign(name string) {
	s.draw(700, 260, 1040, 300)
	s.keys(name+"-saved", "space", "Return") // "I agree: save" is scanned first
	s.keys(name+"-finished", "space", "Return")
}

// TestKiosk_Reception drives a reception tablet in the real window: a
// member of staff signs the staff policy with their PIN, a volunteer signs
// in and reads the visitor policy, comes back and only signs, and a guest
// accepts the Wi-Fi policy. Then `smartkiosk export --adults` lists the
// four sign-offs and `smartkiosk verify` checks them.
func TestKiosk_Reception(t *testing.T) {
	s := newSession(t)
	st, err := store.Open(filepath.Join(s.data, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wifi, _ := json.Marshal(signoff.Reception{GuestWiFi: signoff.GuestWiFi{Network: "Example-Guest", Password: "kettle-7-lantern"}})
	if _, err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	for key, v := range map[string][]byte{signoff.SettingTabletMode: []byte(signoff.TabletReception), signoff.SettingReception: wifi} {
		if err := st.SetSetting(ctx, key, v); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	pages := pagesOf(t)
	s.start()
	s.shot("reception-start")

	s.keys("staff", "space", "Return")
	s.keys("staff-pin", strings.Split(store.DemoTAPIN, "")...)
	s.keys("staff-form", "space", "Return")
	s.readForm("staff", pages["staff"]) // every page, the last going on to signing
	s.sign("staff")

	s.keys("visitor", "space", "space", "Return")
	s.field("visitor-name", 640, 220, "Robin Hill")
	s.field("visitor-org", 640, 344, "Reading Friends")
	s.field("visitor-visiting", 640, 466, "Class Oak")
	s.tap("volunteer", 928, 605)
	s.tap("visitor-form", 1125, 730)
	s.readForm("visitor", pages["visitor"])
	s.sign("visitor")

	s.keys("returning", "space", "space", "Return")
	s.field("returning-name", 640, 220, "robin hill")
	s.field("returning-org", 640, 344, "Reading Friends")
	s.field("returning-visiting", 640, 466, "Class Elm")
	s.tap("returning-volunteer", 928, 605)
	s.tap("welcome-back", 1125, 730)
	s.keys("returning-sign", "space", "Return") // "Sign for today's visit", no reading
	s.sign("returning")

	s.keys("wifi", "space", "space", "space", "Return")
	s.readForm("wifi", pages["wifi"])
	s.field("wifi-name", 320, 333, "Kim Guest")
	s.draw(700, 260, 1040, 300)
	s.keys("wifi-accepted", "space", "Return")
	s.keys("wifi-finished", "space", "Return")

	out, err := exec.Command(s.bin, "export", "--adults", "--data", s.data).Output()
	if err != nil {
		t.Fatalf("export --adults: %v", err)
	}
	rows := csvRows(t, out)
	if len(rows) != 5 {
		t.Fatalf("export --adults has %d lines, want header + 4:\n%s", len(rows), out)
	}
	want := []map[string]string{
		{"signatory": "staff", "name": "Sam Patel", "form": "staff", "signature": "drawn"},
		{"signatory": "volunteer", "name": "Robin Hill", "organisation": "Reading Friends", "visiting": "Class Oak", "form": "visitor"},
		{"signatory": "volunteer", "name": "Robin Hill", "visiting": "Class Elm", "form": "visitor"},
		{"signatory": "guest", "name": "Kim Guest", "form": "wifi", "signature": "drawn"},
	}
	for i, w := range want {
		got := columns(rows, i+1)
		for k, v := range w {
			if got[k] != v {
				t.Errorf("row %d: %s = %q, want %q", i+1, k, got[k], v)
			}
		}
		if got["ddmmyy"] != time.Now().In(london(t)).Format("020106") && got["ddmmyy"] != time.Now().UTC().Format("020106") {
			t.Errorf("row %d: ddmmyy %q", i+1, got["ddmmyy"])
		}
	}
	if columns(rows, 2)["signatory_ref"] != columns(rows, 3)["signatory_ref"] {
		t.Error("the returning volunteer signed under a new reference")
	}
	verify, err := exec.Command(s.bin, "verify", "--data", s.data).CombinedOutput()
	if err != nil || !strings.Contains(string(verify), "every signature, chain link and attachment hash holds") {
		t.Fatalf("verify: %v\n%s", err, verify)
	}
}

// pagesOf is how many pages the reader shows for each reception form of
// the built-in pack: its introduction, if any, and one per section.
func pagesOf(t *testing.T) map[string]int {
	t.Helper()
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, f := range pack.Forms {
		n := len(f.Rules)
		if f.Intro.In(policy.DefaultLang) != "" {
			n++
		}
		if f.Consequences != nil {
			n++
		}
		if f.Agreement != nil {
			n++
		}
		out[f.Kind] = n
	}
	return out
}

func csvRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, data)
	}
	return rows
}

func london(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
