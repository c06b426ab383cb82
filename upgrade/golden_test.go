// Package upgrade_test checks that nothing is lost on upgrade (issue 14):
// a kiosk data folder and two hubs (SQLite, and PostgreSQL as a dump)
// written by commit 802d549, with what that code said about them, opened
// by today's code. testdata/gen/main.go wrote them and says how to again.
package upgrade_test

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixtures is the folder 802d549 wrote.
const fixtures = "testdata/v802d549"

// The fixture's story (testdata/gen/main.go): the hub pages are read at
// viewAt; Oscar Reid (Ash) left the roster on Tuesday 17 November after
// his agreement reached the hubs.
var viewAt = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

const (
	leaverUPN    = "C823614001006"
	leaverLeftOn = "2026-11-17"
	dslName      = "dsl"
	dslPassword  = "upgrade-test-password"
)

// The goldens' types, field for field as testdata/gen/main.go writes them.

type RecordGolden struct {
	ID          string             `json:"id"`
	Kind        string             `json:"kind"`
	Seq         uint64             `json:"seq"`
	PupilRef    string             `json:"pupil_ref"`
	Hash        string             `json:"hash"`
	Body        string             `json:"body"`
	Signature   string             `json:"signature"`
	Attachments []AttachmentGolden `json:"attachments"`
}

type AttachmentGolden struct {
	Kind       string `json:"kind"`
	MediaType  string `json:"media_type"`
	Hash       string `json:"hash"`
	DataSHA256 string `json:"data_sha256"`
}

type KioskGolden struct {
	Device   string          `json:"device"`
	Records  []RecordGolden  `json:"records"`
	Pending  []string        `json:"pending"`
	Unsynced int             `json:"unsynced"`
	Pupils   []PupilGolden   `json:"pupils"`
	Drafts   []DraftGolden   `json:"drafts"`
	Verify   []string        `json:"verify"`
	Notes    json.RawMessage `json:"draft_notes"`
}

type PupilGolden struct {
	UPN, GivenName, FamilyName, Class, Year, Band string
	Active                                        bool
}

type DraftGolden struct {
	ID       string `json:"id"`
	PupilRef string `json:"pupil_ref"`
	State    string `json:"state"`
}

type HubGolden struct {
	Device      string         `json:"device"`
	Records     []RecordGolden `json:"records"`
	Count       int            `json:"count"`
	Quarantined int            `json:"quarantined"`
	Erased      []string       `json:"erased"`
	Drafts      []DraftGolden  `json:"drafts"`
	Roster      []PupilGolden  `json:"roster"`
	Chain       []string       `json:"chain_problems"`
	Evidence    []string       `json:"evidence_oak"`
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func golden(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// copyFixture copies a fixture folder into a new temporary folder, so the
// new code's migrations change only the copy.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	src := filepath.Join(fixtures, name)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// sameRecords fails for every record that is missing, extra or not
// byte-for-byte the golden one (body, signature, attachment hashes, and
// which attachments still hold their data).
func sameRecords(t *testing.T, where string, got, want []RecordGolden) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d records, 802d549 had %d", where, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		g, _ := json.Marshal(got[i])
		w, _ := json.Marshal(want[i])
		if !bytes.Equal(g, w) {
			t.Errorf("%s: record %d changed:\n got %s\nwant %s", where, i, g, w)
		}
	}
}

func shaHex(sum [32]byte) string { return hex.EncodeToString(sum[:]) }

// sameCSV compares a CSV today's code wrote with the one 802d549 wrote:
// the same header and rows, plus the columns added since: left_on, which
// is the day a pupil left for leaver's rows and empty for every other,
// and follow_ups_words, the follow-ups in the statements' words. Rows of
// the leaver that 802d549 left out (its hub exported only the pupils on
// the roster) are returned, in order, for the caller to judge.
func sameCSV(t *testing.T, where string, got, want []byte) (leaverRows [][]string) {
	t.Helper()
	g, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	w, err := csv.NewReader(bytes.NewReader(want)).ReadAll()
	if err != nil {
		t.Fatalf("%s golden: %v", where, err)
	}
	if len(g) == 0 || !slices.Equal(g[0], append(slices.Clone(w[0]), "left_on", "follow_ups_words")) {
		t.Fatalf("%s: header %q, want 802d549's %q, left_on and follow_ups_words", where, g[0], w[0])
	}
	cols := len(w[0])
	oldHasLeaver := slices.ContainsFunc(w[1:], func(r []string) bool { return r[0] == leaverUPN })
	var kept [][]string
	for _, r := range g[1:] {
		leftOn := r[cols]
		if words := r[cols+1]; (r[10] == "") != (words == "") || (words != "" && !strings.Contains(words, " (")) {
			t.Errorf("%s: row %s has follow-ups %q but follow_ups_words %q", where, r[12], r[10], words)
		}
		switch {
		case r[0] == leaverUPN && !oldHasLeaver:
			leaverRows = append(leaverRows, r)
			continue
		case r[0] == leaverUPN && leftOn != leaverLeftOn:
			t.Errorf("%s: the leaver's row %s has left_on %q, want %s", where, r[12], leftOn, leaverLeftOn)
		case r[0] != leaverUPN && leftOn != "":
			t.Errorf("%s: row %s of a pupil on the roster has left_on %q", where, r[12], leftOn)
		}
		kept = append(kept, r[:cols])
	}
	if len(kept) != len(w)-1 {
		t.Errorf("%s: %d rows besides new leaver rows, 802d549 wrote %d", where, len(kept), len(w)-1)
	}
	for i := range min(len(kept), len(w)-1) {
		if !slices.Equal(kept[i], w[i+1]) {
			t.Errorf("%s: row %d changed:\n got %q\nwant %q", where, i+1, kept[i], w[i+1])
		}
	}
	for _, r := range leaverRows {
		if r[cols] != leaverLeftOn {
			t.Errorf("%s: the leaver's row %s has left_on %q, want %s", where, r[12], r[cols], leaverLeftOn)
		}
	}
	return leaverRows
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
