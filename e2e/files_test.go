package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/roster"
	"smartkiosk/store"
	"smartkiosk/store/record"
)

// stickSession is a kiosk whose media folder holds one "USB stick", a
// folder called STICK, as /media/<user>/STICK would on a tablet.
func stickSession(t *testing.T) (s *session, stick string) {
	media := t.TempDir()
	stick = filepath.Join(media, "STICK")
	if err := os.Mkdir(stick, 0o755); err != nil {
		t.Fatal(err)
	}
	s = newSession(t)
	s.extra = []string{"--media", media}
	s.start()
	return s, stick
}

// demoRoster is the demo school's roster as an MIS exports it, plus one
// new pupil.
func (s *session) demoRoster() string {
	s.t.Helper()
	st := s.openStore()
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("UPN,Legal Surname,Legal Forename,Reg Group,Year\r\n")
	classes, _ := st.Classes(ctx)
	for _, c := range classes {
		ps, _ := st.PupilsInClass(ctx, c)
		for _, p := range ps {
			b.WriteString(p.UPN + "," + p.FamilyName + "," + p.GivenName + "," + p.Class + "," + p.Year + "\r\n")
		}
	}
	b.WriteString(string(roster.UPNCheckLetter("999900124777")) + "999900124777,Quill,Nia,Oak,Year 7\r\n")
	return b.String()
}

func (s *session) classSize(class string) int {
	s.t.Helper()
	ps, err := s.openStore().PupilsInClass(context.Background(), class)
	if err != nil {
		s.t.Fatal(err)
	}
	return len(ps)
}

// signOffAs takes a band's first pupil through the sign-off with the
// adult's PIN, and comes back to the adult home.
func (s *session) signOffAs(band, pin string) store.Pupil {
	s.t.Helper()
	p, ci, pi := s.pupilInBand(band)
	s.keys("class", append(spaces(ci+1), "Return")...)
	s.keys("pupil-page", append(spaces(pi+1), "Return")...)
	s.keys("welcome", "space", "Return")
	s.keys("step-01", "space", "Return")
	for i := range stepsForBand(s.t, band) {
		s.keys(fmt.Sprintf("step-%02d", i+2), "space", "Return")
	}
	s.keys("mark-use-tick", "space", "space", "Return")
	s.keys("mark-tick", "space", "Return")
	s.countersign(pin)
	s.nextPupil(pin)
	s.keys("home", append(spaces(s.classSize(p.Class)+1), "Return")...) // Back, after the pupils
	return p
}

// waitFor polls for a file matching pattern in dir, as a save to a USB
// stick runs off the UI goroutine.
func (s *session) waitFor(dir, pattern string) string {
	s.t.Helper()
	for i := 0; i < 100; i++ {
		if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) == 1 {
			return m[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	got, _ := os.ReadDir(dir)
	s.t.Fatalf("no %s in %s: %v", pattern, dir, got)
	return ""
}

// TestKiosk_FilesOnAStick uses the kiosk's own file page in the real
// window, with a folder standing in for a USB stick: a class list
// imported from it, the records exported to it as CSV and as a PDF, and
// the waiting records saved to it as a bundle for the hub, each checked
// on disk; the desktop dialog behind "Another folder…" opens and closes.
func TestKiosk_FilesOnAStick(t *testing.T) {
	need(t, "pdftotext")
	s, stick := stickSession(t)
	if err := os.WriteFile(filepath.Join(stick, "roster.csv"), []byte(s.demoRoster()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.signIn(store.DemoAdminPIN)
	p := s.signOffAs("b", store.DemoAdminPIN)

	// Home: 3 classes, Sync, Export records, then Import class lists.
	s.keys("roster", append(spaces(6), "Return")...)
	s.keys("file-page", "space", "Return")  // Choose a CSV file
	s.keys("stick", "space", "Return")      // STICK
	s.keys("csv-chosen", "space", "Return") // what is in the folder comes first: roster.csv
	s.keys("imported", "space", "Return")   // Import
	if n := s.classSize("Oak"); n != 5 {
		t.Errorf("after importing: %d pupils in Oak, want 5 with Nia Quill", n)
	}
	s.keys("home-again", append(spaces(2), "Return")...) // Choose a CSV file, Back

	// Export records: every class as CSV, to STICK.
	s.keys("export", append(spaces(5), "Return")...)
	s.keys("folder-page", append(spaces(9), "Return")...) // 4 classes, 4 formats, Save
	s.keys("stick-open", "space", "Return")
	s.keys("csv-saved", "space", "Return") // Save here comes first
	name := s.waitFor(stick, "smartkiosk-*.csv")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 2 || columns(rows, 1)["upn"] != p.UPN {
		t.Fatalf("the CSV on the stick: %v rows %v", err, rows)
	}

	// The same as one PDF.
	s.keys("pdf-chosen", append(spaces(7), "Return")...) // One PDF for the class
	s.keys("folder-page-pdf", append(spaces(9), "Return")...)
	s.keys("stick-open-pdf", "space", "Return")
	s.keys("pdf-saved", "space", "Return")
	pdf := s.waitFor(stick, "smartkiosk-*.pdf")
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil || !bytes.Contains(text, []byte(p.GivenName)) {
		t.Errorf("the PDF on the stick: %v, its text has no %s", err, p.GivenName)
	}

	// The desktop dialog, for a folder the page does not list.
	s.keys("folder-page-other", append(spaces(9), "Return")...)
	s.keys("desktop-dialog", append(spaces(4), "Return")...) // STICK, This tablet, Look again, Another folder…
	s.click(dialogCancel)
	s.shot("dialog-cancelled")
	s.keys("export-again", "space", "Return") // the highlight is still on Another folder…: Back is next

	// Sync: save the waiting record to the stick.
	s.keys("home-from-export", append(spaces(10), "Return")...) // 8 choices, Save, Back
	s.keys("sync", append(spaces(4), "Return")...)
	s.keys("folder-page-bundle", append(spaces(2), "Return")...) // Sync now, Save waiting records
	s.keys("stick-open-bundle", "space", "Return")
	s.keys("bundle-saved", "space", "Return")
	bundle := s.waitFor(stick, "*.skbundle")
	if info, err := os.Stat(bundle); err != nil || info.Size() < 1000 {
		t.Errorf("the bundle on the stick: %v", err)
	}
	s.shot("bundle-said")
}

// dialogCancel is where Fyne's file dialog puts Cancel in a 1280×800
// window (it is 1100×700, centred).
var dialogCancel = [2]int{1032, 716}

// click presses and releases the mouse at (x, y) in the kiosk window.
func (s *session) click(at [2]int) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := s.xdo(ctx, "mousemove", "--sync", fmt.Sprint(at[0]), fmt.Sprint(at[1]), "click", "1"); err != nil {
		s.t.Fatalf("click: %v %s", err, out)
	}
	time.Sleep(settle)
}

// TestKiosk_AdultCornerAndParentForm drives, in the real window, the
// adult's way into a sealed sign-off (the corner held with the mouse, then
// the PIN) and the parent/carer form typed on the on-screen keyboard: its
// keys reached with Tab and Enter, the rest typed on a real keyboard.
func TestKiosk_AdultCornerAndParentForm(t *testing.T) {
	s := newSession(t)
	s.start()
	s.signIn(store.DemoTAPIN)
	p, ci, pi := s.pupilInBand("b")
	s.keys("class", append(spaces(ci+1), "Return")...)
	s.keys("pupil-page", append(spaces(pi+1), "Return")...)
	s.keys("welcome", "space", "Return")
	s.hold(80, 45, 2500*time.Millisecond) // the adult corner, top left
	s.shot("adult-pin")
	s.keys("adult-pin-typed", strings.Split(store.DemoTAPIN, "")...)
	s.keys("adult-menu", "space", "Return")
	s.keys("stopped", append(spaces(3), "Return")...) // Back to the sign-off, Access settings, Stop here
	// The pupil's page, with the draft: Continue, Discard, Parent/carer form.
	s.keys("parent-form", append(spaces(3), "Return")...)
	s.keys("foster-carer", append(spaces(4), "Return")...)
	s.click([2]int{950, 403}) // the name field opens the keyboard
	s.shot("keyboard")
	// Z (capitals at the start of a name), o, e, then ë from the accents
	// of e: each key's place in the scan order after the last key typed.
	for i, n := range []int{22, 12, 12, 4} {
		s.keys(fmt.Sprintf("typed-%d", i+1), append(strings.Fields(strings.Repeat("Tab ", n)), "Return")...)
	}
	s.typeText(" Fenwick")
	s.keys("keyboard-closed", "Return")
	s.draw(720, 540, 1150, 600)
	s.keys("parent-saved", append(spaces(8), "Return")...) // 7 relationships, then Acknowledge and save
	s.checkParentRecord(p, "foster_carer", "Zoë Fenwick")
}

// checkParentRecord reads, from the kiosk's database on disk, the pupil's
// parent/carer acknowledgement: its relationship and the name typed.
func (s *session) checkParentRecord(p store.Pupil, relationship, name string) {
	s.t.Helper()
	st := s.openStore()
	ctx := context.Background()
	recs, err := st.RecordsForPupil(ctx, p.ID)
	if err != nil || len(recs) != 1 || recs[0].Body.Parent == nil || recs[0].Body.Parent.Relationship != relationship {
		s.t.Fatalf("records for %s: %v %+v", p.UPN, err, recs)
	}
	atts, err := st.RecordAttachments(ctx, recs[0].Body.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, a := range atts {
		if a.Kind == record.AttachParentName && string(a.Data) == name {
			return
		}
	}
	s.t.Errorf("the acknowledgement's attachments do not hold the name %q", name)
}

// hold presses the mouse at (x, y) for d, as a finger held down.
func (s *session) hold(x, y int, d time.Duration) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := s.xdo(ctx, "mousemove", "--sync", fmt.Sprint(x), fmt.Sprint(y), "mousedown", "1",
		"sleep", fmt.Sprintf("%.1f", d.Seconds()), "mouseup", "1"); err != nil {
		s.t.Fatalf("hold: %v %s", err, out)
	}
	time.Sleep(settle)
}

// typeText types on the real keyboard.
func (s *session) typeText(text string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := s.xdo(ctx, "type", "--delay", "60", text); err != nil {
		s.t.Fatalf("type: %v %s", err, out)
	}
	time.Sleep(settle)
	s.shot("typed")
}
