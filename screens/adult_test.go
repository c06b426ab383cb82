package screens

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/roster"
	"smartkiosk/store"
	"smartkiosk/store/record"
)

// badRosterCSV has a wrong check letter on line 3.
const badRosterCSV = "UPN,Legal Surname,Legal Forename,Reg Group,Year\n" +
	"Y999900124001,Hughes,Amelia,Oak,Year 7\n" +
	"B999900124001,Bennett,Oliver,Oak,Year 7\n"

// rosterFor is the demo school's whole roster plus one new pupil.
func (tk *testKiosk) rosterFor(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("UPN,Legal Surname,Legal Forename,Reg Group,Year\r\n")
	classes, _ := tk.st.Classes(ctx)
	for _, c := range classes {
		ps, _ := tk.st.PupilsInClass(ctx, c)
		for _, p := range ps {
			b.WriteString(p.UPN + "," + p.FamilyName + "," + p.GivenName + "," + p.Class + "," + p.Year + "\r\n")
		}
	}
	b.WriteString(string(roster.UPNCheckLetter("999900124777")) + "999900124777,Quill,Nia,Oak,Year 7\r\n")
	return b.String()
}

// pickGives puts text on the test's USB stick as name, then chooses it on
// the kiosk's file page (which the screen on show has opened).
func (tk *testKiosk) pickGives(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(tk.stick, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := tk.nav.Current().(*filePicker); !ok {
		t.Fatalf("on %T, want the file page", tk.nav.Current())
	}
	tk.tapText(t, "STICK")
	tk.tapText(t, name)
}

// signedRecord makes a countersigned sign-off for p through the screens
// and returns its record.
func (tk *testKiosk) signedRecord(t *testing.T, p store.Pupil) store.SavedRecord {
	t.Helper()
	tk.openPupil(t, p)
	tk.tapText(t, "Start the sign-off")
	tk.tapText(t, "Start")
	for range tk.nav.Current().(*step).so.steps {
		tk.tapText(t, "Yes, I agree")
	}
	tk.tapText(t, "Use a tick")
	tk.tapText(t, "I agree")
	tk.countersignAs(t, store.DemoTAPIN)
	if _, ok := tk.nav.Current().(*saved); !ok {
		t.Fatalf("sign-off not saved: on %T", tk.nav.Current())
	}
	tk.tapText(t, "Finished") // the celebration, then the adult's PIN for the class list
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Open")
	if _, ok := tk.nav.Current().(*pupils); !ok || tk.adult == nil {
		t.Fatalf("after the celebration and the PIN: on %T", tk.nav.Current())
	}
	recs, err := tk.st.RecordsForPupil(context.Background(), p.ID)
	if err != nil || len(recs) == 0 {
		t.Fatalf("records: %v", err)
	}
	return recs[len(recs)-1]
}

// adultScreens are the adult area's screens in a state worth looking at.
func (tk *testKiosk) adultScreens(t *testing.T) map[string]screen {
	t.Helper()
	p := tk.pupilInBand(t, "b")
	ri := newRosterImport(tk.Kiosk)
	bad := newRosterImport(tk.Kiosk)
	bad.read("roster.csv", []byte(badRosterCSV), nil)
	good := newRosterImport(tk.Kiosk)
	good.read("roster.csv", []byte(tk.rosterFor(t)), nil)
	admin := store.Staff{ID: 2, Name: "Alex Morgan", Role: store.RoleAdmin}
	return map[string]screen{
		"start": newStart(tk.Kiosk), "sign_in": newSignIn(tk.Kiosk), "home": newHome(tk.Kiosk),
		"pupils": newPupils(tk.Kiosk, p.Class), "pupil_page": newPupilPage(tk.Kiosk, p.ID),
		"credits": newCredits(tk.Kiosk), "close": newCloseKiosk(tk.Kiosk, nil, adultAccess),
		"staff": newStaffList(tk.Kiosk), "staff_add": newStaffEditor(tk.Kiosk, nil),
		"staff_pin": newStaffEditor(tk.Kiosk, &admin), "audit": newAuditView(tk.Kiosk),
		"roster": ri, "roster_problems": bad, "roster_preview": good,
		"parent_form": newParentForm(tk.Kiosk, p),
	}
}

// TestGolden_AdultScreens compares the adult area's screens with the
// reviewed images in testdata/ (countersigning, the roster preview, the
// class and pupil lists).
func TestGolden_AdultScreens(t *testing.T) {
	tk := newTestKiosk(t)
	p := tk.pupilInBand(t, "b")
	rec := tk.signedRecord(t, p) // Sam Patel, not sure of nothing
	so, _ := newSignOff(tk.Kiosk, p)
	for i := range so.steps {
		so.answer(i, record.AnswerAgree, 0, tk.clk)
	}
	so.obs = observation{Mode: record.ModePhysical, Prompting: record.PromptingPhysical, Understanding: "partly"}
	shots := tk.adultScreens(t)
	shots["observe"] = newObserve(tk.Kiosk, so)
	shots["attest"] = newAttest(tk.Kiosk, so)
	shots["correction"] = newCorrection(tk.Kiosk, rec, false)
	shots["void"] = newCorrection(tk.Kiosk, rec, true)
	pf := shots["parent_form"].(*parentForm)
	shots["parent_saved"] = newParentSaved(tk.Kiosk, p, "Jordan Example (carer) acknowledged the parent/carer agreement for "+
		p.Name()+" on 2 November 2026, 09:01, witnessed by Sam Patel.")
	shots["flow_menu"] = newFlowMenu(tk.Kiosk, so, newStep(tk.Kiosk, so, 0), store.Staff{ID: 1, Name: "Sam Patel"})
	shots["flow_gate"] = newFlowGate(tk.Kiosk, so, newStep(tk.Kiosk, so, 0))
	mustWrite(t, filepath.Join(tk.stick, "Class lists", "Oak autumn.csv"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "Class lists", "Willow autumn.csv"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "Class lists", "2025", "old.csv"), badRosterCSV)
	files := &filePicker{k: tk.Kiosk, from: newHome(tk.Kiosk), files: true, gotFile: func(string, []byte, error) {}}
	shots["file_page"] = files
	after := map[string]func(){
		"parent_form_typing": func() { pf.typing.open(pf.name); tk.typePIN("Jordan Ex") },
		"file_page":          func() { files.lookForDrives(); files.open(files.drives[0], filepath.Join(tk.stick, "Class lists")) },
	}
	shots["parent_form_typing"] = pf
	for _, name := range []string{"home", "pupils", "pupil_page", "observe", "attest", "correction", "void",
		"roster_problems", "roster_preview", "parent_form", "parent_form_typing", "parent_saved", "staff", "start",
		"flow_gate", "flow_menu", "file_page"} {
		tk.nav.Show(shots[name])
		if f := after[name]; f != nil {
			f()
		}
		tk.w.Resize(fyne.NewSize(1280, 800))
		test.AssertImageMatches(t, "adult_"+name+".png", tk.w.Canvas().Capture())
	}
}

// labels collects the text of every label and target in obj.
func labels(obj fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *Target:
			out = append(out, w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		}
	}
	walk(obj)
	return out
}

func TestStart_ShowsNoPupilData(t *testing.T) {
	tk := newTestKiosk(t)
	text := strings.Join(labels(tk.nav.stack), " | ")
	if !strings.Contains(text, "Adults: sign in") {
		t.Fatalf("start screen text = %q", text)
	}
	for _, c := range []string{"Oak", "Willow", "Rowan"} {
		if strings.Contains(text, c) {
			t.Errorf("the locked start screen shows class %s", c)
		}
	}
	p := tk.pupilInBand(t, "a")
	if strings.Contains(text, p.GivenName) || strings.Contains(text, p.FamilyName) {
		t.Errorf("the locked start screen shows a pupil's name")
	}
}

func TestAdultArea_IdleLock(t *testing.T) {
	tk := newTestKiosk(t)
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	tk.signIn(t, store.DemoTAPIN)
	now = now.Add(IdleLock - time.Second)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*home); !ok {
		t.Fatalf("locked before %v: on %T", IdleLock, tk.nav.Current())
	}
	tk.tapPrefix(t, "Oak:") // a touch starts the 90 s again
	now = now.Add(IdleLock - time.Second)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*pupils); !ok {
		t.Fatalf("a touch did not count as activity: on %T", tk.nav.Current())
	}
	now = now.Add(2 * time.Second)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*start); !ok || tk.adult != nil {
		t.Fatalf("after %v idle: on %T, adult %v", IdleLock, tk.nav.Current(), tk.adult)
	}
	// A pupil's screens never time out; the adult area closed when the
	// sign-off started.
	tk.signIn(t, store.DemoTAPIN)
	tk.tapPrefix(t, "Oak:")
	tk.tapPrefix(t, tk.nav.targets[0].Text)
	tk.tapText(t, "Start the sign-off")
	if tk.adult != nil {
		t.Error("the adult is still signed in on the pupil's first screen")
	}
	now = now.Add(time.Hour)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*welcome); !ok {
		t.Fatalf("a pupil screen locked after an hour: on %T", tk.nav.Current())
	}
	log, _ := tk.st.AuditLog(context.Background(), 10)
	if log[0].Action != store.AuditAreaLocked || log[0].Detail != "pupil sign-off" || log[1].Action != store.AuditSignedIn ||
		log[2].Action != store.AuditAreaLocked || log[2].Detail != "idle" {
		t.Errorf("audit = %+v", log[:3])
	}
}

func TestCloseKiosk_NeedsAdultPIN(t *testing.T) {
	tk := newTestKiosk(t)
	quit := 0
	tk.Quit = func() { quit++ }
	tk.RequestClose()
	c, ok := tk.nav.Current().(*closeKiosk)
	if !ok {
		t.Fatalf("the window's close button went to %T", tk.nav.Current())
	}
	tk.typePIN("999999")
	tk.tapText(t, "Close")
	if quit != 0 || tk.nav.Current() != c {
		t.Fatalf("a wrong PIN closed the kiosk (quit %d, on %T)", quit, tk.nav.Current())
	}
	tk.tapText(t, "Cancel")
	if _, ok := tk.nav.Current().(*start); !ok {
		t.Fatalf("Cancel went to %T, want back to the start screen", tk.nav.Current())
	}
	tk.RequestClose()
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Close")
	if quit != 1 {
		t.Fatalf("the right PIN did not close the kiosk")
	}
}

func TestCorrection_NewRecordNamesOriginal(t *testing.T) {
	tk := newTestKiosk(t)
	ctx := context.Background()
	p := tk.pupilInBand(t, "b")
	orig := tk.signedRecord(t, p)
	tk.nav.Show(newPupilPage(tk.Kiosk, p.ID))
	tk.tapText(t, "Correct")
	c := tk.nav.Current().(*correction)
	tk.tapText(t, "Save the correction")
	if c.message.Text == "" || len(tk.records(t)) != 1 {
		t.Fatal("a correction without a reason was saved, or said nothing")
	}
	// The second statement was recorded wrongly: make it "not sure".
	c.answers[1].Answer = record.AnswerNotSure
	tk.tapText(t, "An answer was recorded wrongly")
	tk.tapText(t, "Save the correction")
	recs := tk.records(t)
	if len(recs) != 2 {
		t.Fatalf("%d records after a correction, want 2 (%s)", len(recs), c.message.Text)
	}
	fix := recs[1].Body
	if fix.Kind != record.KindCorrection || fix.Supersedes != orig.Body.ID || fix.Adult.Reason != "answer_recorded_wrongly" {
		t.Errorf("correction = %s of %s, reason %q", fix.Kind, fix.Supersedes, fix.Adult.Reason)
	}
	if !bytesEqual(recs[0].BodyBytes, orig.BodyBytes) {
		t.Error("the original record changed")
	}
	st, _ := tk.st.PupilStatus(ctx, p.ID, tk.statusQuery(""))
	if st.State != store.StateSigned || st.Signed != fix.ID || st.FollowUps != 1 {
		t.Errorf("status after the correction = %+v", st)
	}
	atts, _ := tk.st.RecordAttachments(ctx, fix.ID)
	if kinds := attachmentKinds(atts); kinds != "display_name adult_name pupil_mark" {
		t.Errorf("correction attachments = %s", kinds)
	}
	// Void the corrected record: the pupil is no longer signed.
	tk.nav.Show(newPupilPage(tk.Kiosk, p.ID))
	tk.tapText(t, "Void") // only the newest record can be voided
	tk.tapText(t, "Recorded for the wrong pupil")
	tk.tapText(t, "Void the record")
	st, _ = tk.st.PupilStatus(ctx, p.ID, tk.statusQuery(""))
	if n := len(tk.records(t)); n != 3 || st.State != store.StateNotStarted {
		t.Errorf("after the void: %d records, state %s", n, st.State)
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

func attachmentKinds(atts []store.Attachment) string {
	var k []string
	for _, a := range atts {
		k = append(k, a.Kind)
	}
	return strings.Join(k, " ")
}

func TestParentForm_Acknowledges(t *testing.T) {
	tk := newTestKiosk(t)
	ctx := context.Background()
	p := tk.pupilInBand(t, "a")
	tk.openPupil(t, p)
	tk.tapText(t, "Parent/carer form")
	f := tk.nav.Current().(*parentForm)
	tk.tapText(t, "Acknowledge and save")
	if len(tk.records(t)) != 0 || f.message.Text == "" {
		t.Fatal("an empty parent form was saved")
	}
	tk.tapText(t, "Carer")
	f = tk.nav.Current().(*parentForm)
	f.name.set("Jordan Example")
	drawOn(f.pad)
	tk.tapText(t, "Acknowledge and save")
	recs := tk.records(t)
	if len(recs) != 1 || recs[0].Body.Parent == nil || recs[0].Body.Parent.Relationship != "carer" {
		t.Fatalf("records = %d (%s)", len(recs), f.message.Text)
	}
	form, _ := tk.Pack.FormByID(recs[0].Body.Form)
	if len(recs[0].Body.Answers) != len(form.Steps()) {
		t.Errorf("%d statements acknowledged, the form has %d", len(recs[0].Body.Answers), len(form.Steps()))
	}
	atts, _ := tk.st.RecordAttachments(ctx, recs[0].Body.ID)
	if kinds := attachmentKinds(atts); kinds != "display_name adult_name parent_name parent_signature" || string(atts[2].Data) != "Jordan Example" {
		t.Errorf("attachments = %s", kinds)
	}
	st, _ := tk.st.PupilStatus(ctx, p.ID, tk.statusQuery(""))
	if !st.ParentAck || st.State != store.StateNotStarted {
		t.Errorf("status = %+v; want the parent form done, the pupil's own not started", st)
	}
}

func TestRosterImport_PreviewThenImport(t *testing.T) {
	tk := newTestKiosk(t)
	ctx := context.Background()
	tk.signIn(t, store.DemoAdminPIN)
	tk.tapText(t, "Import class lists")
	tk.tapText(t, "Choose a CSV file")
	tk.pickGives(t, "bad.csv", badRosterCSV)
	ri := tk.nav.Current().(*rosterImport)
	if ri.doIt != nil || len(ri.plan.Problems) == 0 || !strings.Contains(ri.plan.Problems[0].String(), "line 3") {
		t.Fatalf("bad file: plan %+v, import offered %v", ri.plan, ri.doIt != nil)
	}
	tk.tapText(t, "Choose a CSV file")
	tk.pickGives(t, "notes.csv", "PK\x03\x04\x14\x00\x06\x00[Content_Types].xml") // a workbook named .csv
	if ri.plan != nil || !strings.Contains(ri.message, "Excel workbook") {
		t.Errorf("a workbook: message %q", ri.message)
	}
	tk.tapText(t, "Choose a CSV file")
	tk.pickGives(t, "roster.csv", tk.rosterFor(t))
	if ri.doIt == nil || len(ri.plan.Add) != 1 {
		t.Fatalf("good file: plan %+v", ri.plan)
	}
	tk.tapText(t, "Import")
	ps, _ := tk.st.PupilsInClass(ctx, "Oak")
	if len(ps) != 5 || !strings.Contains(ri.message, "1 new") {
		t.Errorf("after importing: %d pupils in Oak, message %q", len(ps), ri.message)
	}
	log, _ := tk.st.AuditLog(ctx, 1)
	if log[0].Action != store.AuditRosterImported || strings.Contains(log[0].Detail, "Quill") {
		t.Errorf("audit = %+v", log[0])
	}
}

func TestDraft_ResumeWhereItStopped(t *testing.T) {
	tk := newTestKiosk(t)
	ctx := context.Background()
	p := tk.pupilInBand(t, "c")
	tk.openPupil(t, p)
	tk.tapText(t, "Start the sign-off")
	tk.tapText(t, "Start")
	id := tk.nav.Current().(*step).so.id
	tk.tapText(t, "Yes, I agree")
	tk.tapText(t, "Not sure")
	// The kiosk closes here; another adult opens the pupil later.
	tk2 := &testKiosk{st: tk.st, clk: tk.clk, w: tk.w}
	tk2.Kiosk = New(context.Background(), tk.w.Canvas(), tk.Deps)
	tk2.openPupil(t, p)
	st, _ := tk.st.PupilStatus(ctx, p.ID, tk.statusQuery(""))
	if st.State != store.StateDraft || st.DraftID != id {
		t.Fatalf("status = %+v; want the draft %s", st, id)
	}
	tk2.tapText(t, "Continue the sign-off")
	w, ok := tk2.nav.Current().(*welcome)
	if !ok || w.so.id != id || len(w.so.answers) != 2 || w.so.answers[1].Answer != record.AnswerNotSure {
		t.Fatalf("resumed on %T", tk2.nav.Current())
	}
	tk2.tapText(t, "Start")
	if s := tk2.nav.Current().(*step); s.i != 0 {
		t.Errorf("resumed at step %d", s.i)
	}
	tk2.nav.Show(newPupilPage(tk2.Kiosk, p.ID))
	tk2.tapText(t, "Discard the unfinished sign-off")
	if _, err := tk.st.Draft(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("discarded draft: %v", err)
	}
}

// TestAuditLog_NoPupilNames: after sign-in, a sign-off, a correction, a
// parent form and a profile change, the audit log names no pupil.
func TestAuditLog_NoPupilNames(t *testing.T) {
	tk := newTestKiosk(t)
	p := tk.pupilInBand(t, "b")
	tk.signedRecord(t, p)
	tk.nav.Show(newPupilPage(tk.Kiosk, p.ID))
	tk.tapText(t, "Listening & symbols (P4–P7)")
	log, err := tk.st.AuditLog(context.Background(), 100)
	if err != nil || len(log) < 3 {
		t.Fatalf("audit log = %d entries, %v", len(log), err)
	}
	seen := map[string]bool{}
	for _, e := range log {
		seen[e.Action] = true
		for _, name := range []string{p.GivenName, p.FamilyName, p.UPN} {
			if strings.Contains(e.Detail, name) {
				t.Errorf("audit entry %d names the pupil: %q", e.ID, e.Detail)
			}
		}
	}
	for _, a := range []string{store.AuditSignedIn, store.AuditCountersigned, store.AuditBandChanged} {
		if !seen[a] {
			t.Errorf("no %s entry in %v", a, seen)
		}
	}
}

func TestStaff_AdminAddsAdult(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoAdminPIN)
	tk.tapText(t, "Staff")
	tk.tapText(t, "Add an adult")
	e := tk.nav.Current().(*staffEditor)
	e.name, e.pin, e.again = "Robin Example", "1234", "1234"
	tk.tapText(t, "Save")
	if !strings.Contains(e.message.Text, "at least 6") {
		t.Fatalf("a 4-digit PIN: message %q", e.message.Text)
	}
	e.pin, e.again = "314159", "314158"
	tk.tapText(t, "Save")
	if !strings.Contains(e.message.Text, "not the same") {
		t.Fatalf("mismatched PINs: message %q", e.message.Text)
	}
	e.again = "314159"
	tk.tapText(t, "Save")
	if _, ok := tk.nav.Current().(*staffList); !ok {
		t.Fatalf("after saving: on %T (%s)", tk.nav.Current(), e.message.Text)
	}
	if got, err := tk.st.CheckPIN(context.Background(), "314159"); err != nil || got.Name != "Robin Example" || got.Role != store.RoleTA {
		t.Errorf("the new adult: %+v, %v", got, err)
	}
}

func TestHome_TAHasNoAdminTools(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoTAPIN)
	for _, tg := range tk.nav.targets {
		if tg.Text == "Staff" || tg.Text == "Import class lists" || tg.Text == "Audit log" {
			t.Errorf("a teaching assistant is offered %q", tg.Text)
		}
	}
}
