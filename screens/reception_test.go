package screens

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
)

// newReceptionKiosk is the test kiosk set to mode, on its start screen.
func newReceptionKiosk(t *testing.T, mode string) *testKiosk {
	t.Helper()
	tk := newTestKiosk(t)
	tk.Reception = tk.st
	if err := tk.st.SetSetting(context.Background(), signoff.SettingTabletMode, []byte(mode)); err != nil {
		t.Fatal(err)
	}
	tk.showStart()
	return tk
}

// readToEnd turns every page of the form on show, checking signing is
// offered only after the last, and returns the declaration screen.
func (tk *testKiosk) readToEnd(t *testing.T) *declare {
	t.Helper()
	r, ok := tk.nav.Current().(*formReader)
	if !ok {
		t.Fatalf("on %T, not a form", tk.nav.Current())
	}
	for i := 0; i < len(r.pages)-1; i++ {
		if r.next.Text != "Next" {
			t.Fatalf("page %d of %d offers %q before the end", i+1, len(r.pages), r.next.Text)
		}
		tk.tapText(t, "Next")
	}
	tk.tapText(t, "Go on to sign")
	d, ok := tk.nav.Current().(*declare)
	if !ok {
		t.Fatalf("after the last section: on %T", tk.nav.Current())
	}
	return d
}

func TestReception_StartScreenByMode(t *testing.T) {
	choices := []string{"Staff: sign the staff policy", "Visitor or volunteer: sign in", "Use the school Wi-Fi"}
	for _, c := range []struct {
		mode      string
		reception bool
	}{{signoff.TabletClassroom, false}, {signoff.TabletReception, true}, {signoff.TabletBoth, true}} {
		tk := newReceptionKiosk(t, c.mode)
		var texts []string
		for _, tg := range tk.nav.targets {
			texts = append(texts, tg.Text)
		}
		got := strings.Join(texts, " | ")
		for _, want := range choices {
			if strings.Contains(got, want) != c.reception {
				t.Errorf("%s tablet: targets %q; %q shown: %v", c.mode, got, want, !c.reception)
			}
		}
		if !strings.Contains(got, "Adults: sign in") || !strings.Contains(got, "About this policy") {
			t.Errorf("%s tablet: targets %q, want the adults' way in and About", c.mode, got)
		}
	}
}

func TestReception_StaffSignsWithTheirPIN(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletReception)
	ctx := context.Background()
	tk.signIn(t, store.DemoTAPIN)
	if !hasTarget(tk, "Sign the staff policy") {
		t.Error("a member of staff who has not signed is not reminded on the adult home")
	}
	tk.lock("test")

	tk.tapText(t, "Staff: sign the staff policy")
	tk.typePIN("000000")
	tk.tapText(t, "Next")
	if _, ok := tk.nav.Current().(*staffPIN); !ok {
		t.Fatalf("a wrong PIN went on to %T", tk.nav.Current())
	}
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Next")
	if tk.adult != nil {
		t.Fatal("signing the staff policy opened the adult area")
	}
	d := tk.readToEnd(t)
	tk.tapText(t, "I agree: save")
	if len(tk.records(t)) != 0 || d.message.Text == "" {
		t.Fatal("a declaration without a signature was saved")
	}
	drawOn(d.pad)
	tk.tapText(t, "I agree: save")
	if _, ok := tk.nav.Current().(*receptionThanks); !ok {
		t.Fatalf("after signing: on %T (%s)", tk.nav.Current(), d.message.Text)
	}
	recs := tk.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	b := recs[0].Body
	staff, _ := tk.st.StaffList(ctx)
	var sam store.Staff
	for _, s := range staff {
		if s.Name == "Sam Patel" {
			sam = s
		}
	}
	form, _ := tk.Pack.FormOfKind(policy.KindStaff)
	if b.Signatory == nil || b.Signatory.Kind != record.SignatoryStaff || b.Signatory.Ref != record.StaffRef(sam.ID) ||
		b.Form != form.ID || len(b.Answers) != len(form.Steps()) || b.Adult.StaffID != 0 {
		t.Errorf("record: signatory %+v, form %s, %d answers of %d, adult %d", b.Signatory, b.Form, len(b.Answers), len(form.Steps()), b.Adult.StaffID)
	}
	atts, _ := tk.st.RecordAttachments(ctx, b.ID)
	if kinds := attachmentKinds(atts); kinds != "signatory_name signatory_signature" || string(atts[0].Data) != "Sam Patel" {
		t.Errorf("attachments = %s", kinds)
	}
	tk.tapText(t, "Finished")
	if _, ok := tk.nav.Current().(*start); !ok {
		t.Fatalf("after Finished: on %T", tk.nav.Current())
	}
	tk.signIn(t, store.DemoTAPIN)
	if hasTarget(tk, "Sign the staff policy") {
		t.Error("still reminded after signing this version")
	}
}

func TestReception_StaffWithoutAPINFindsTheirName(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletReception)
	r, _ := json.Marshal(signoff.Reception{Staff: []string{"Jo Bloggs", "Joanna Smith", "Pat Jones"}})
	if err := tk.st.SetSetting(context.Background(), signoff.SettingReception, r); err != nil {
		t.Fatal(err)
	}
	tk.tapText(t, "Staff: sign the staff policy")
	tk.tapText(t, "I have no kiosk PIN")
	s := tk.nav.Current().(*staffByName)
	s.name.set("jo")
	if len(s.found) != 0 {
		t.Errorf("two letters listed %d names", len(s.found))
	}
	s.name.set("jo ")
	s.changed("joa")
	if len(s.found) != 1 || s.found[0].Text != "Joanna Smith" {
		t.Fatalf("'joa' found %d names", len(s.found))
	}
	s.changed("xyz")
	if len(s.found) != 0 || !strings.Contains(s.message.Text, "No name") {
		t.Errorf("an unknown name: %d found, message %q", len(s.found), s.message.Text)
	}
	s.changed("pat j")
	test.Tap(s.found[0])
	d := tk.readToEnd(t)
	drawOn(d.pad)
	tk.tapText(t, "I agree: save")
	recs := tk.records(t)
	if len(recs) != 1 || recs[0].Body.Signatory.Kind != record.SignatoryStaff {
		t.Fatalf("records %d", len(recs))
	}
	atts, _ := tk.st.RecordAttachments(context.Background(), recs[0].Body.ID)
	if string(atts[0].Data) != "Pat Jones" {
		t.Errorf("signed as %q", atts[0].Data)
	}
}

// visitorSignsIn fills the visitor's sign-in and goes on.
func (tk *testKiosk) visitorSignsIn(t *testing.T, name, org, visiting, kind string) {
	t.Helper()
	tk.tapText(t, "Visitor or volunteer: sign in")
	v := tk.nav.Current().(*visitorIn)
	tk.tapText(t, "Next")
	if _, ok := tk.nav.Current().(*visitorIn); !ok || v.message.Text == "" {
		t.Fatal("an empty sign-in went on")
	}
	v.name.set(name)
	v.org.set(org)
	v.visiting.set(visiting)
	tk.tapText(t, kind)
	tk.tapText(t, "Next")
}

func TestReception_VisitorThenReturningVisitor(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletReception)
	ctx := context.Background()
	tk.visitorSignsIn(t, "Robin  Hill", "Reading Friends", "Class Oak", "Volunteer")
	d := tk.readToEnd(t)
	drawOn(d.pad)
	tk.tapText(t, "I agree: save")
	if !strings.Contains(strings.Join(labels(tk.nav.stack), " "), "Class Oak") {
		t.Error("the thank-you does not say what the visit is")
	}
	tk.tapText(t, "Finished")

	tk.visitorSignsIn(t, "robin hill", "Reading Friends", "Class Elm", "Volunteer")
	w, ok := tk.nav.Current().(*welcomeBack)
	if !ok {
		t.Fatalf("a returning volunteer is on %T, not welcomed back", tk.nav.Current())
	}
	if !strings.Contains(strings.Join(labels(tk.nav.stack), " "), "Welcome back, Robin Hill") {
		t.Errorf("welcome: %q", labels(tk.nav.stack))
	}
	tk.tapText(t, "Sign for today's visit")
	d = tk.nav.Current().(*declare)
	drawOn(d.pad)
	tk.tapText(t, "I agree: save")
	recs := tk.records(t)
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	first, second := recs[0].Body, recs[1].Body
	if first.Signatory.Kind != record.SignatoryVolunteer || second.Signatory.Ref != first.Signatory.Ref || w.v.Ref != first.Signatory.Ref {
		t.Errorf("signatories %+v and %+v, want the same volunteer", first.Signatory, second.Signatory)
	}
	atts, _ := tk.st.RecordAttachments(ctx, second.ID)
	var visit record.VisitDetails
	if kinds := attachmentKinds(atts); kinds != "signatory_name visit signatory_signature" {
		t.Fatalf("attachments = %s", kinds)
	}
	_ = json.Unmarshal(atts[1].Data, &visit)
	if string(atts[0].Data) != "Robin Hill" || visit != (record.VisitDetails{Organisation: "Reading Friends", Visiting: "Class Elm"}) {
		t.Errorf("second visit: name %q, visit %+v", atts[0].Data, visit)
	}

	// Someone else's name is not found, and reads the policy.
	tk.tapText(t, "Finished")
	tk.visitorSignsIn(t, "Robin Hillier", "Council", "Office", "Visitor")
	if _, ok := tk.nav.Current().(*formReader); !ok {
		t.Fatalf("a new visitor is on %T", tk.nav.Current())
	}
}

func TestReception_WiFiShowsTheNetworkOnlyAfterAccepting(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletReception)
	r, _ := json.Marshal(signoff.Reception{GuestWiFi: signoff.GuestWiFi{Network: "School-Guest", Password: "kettle-7-lantern"}})
	if err := tk.st.SetSetting(context.Background(), signoff.SettingReception, r); err != nil {
		t.Fatal(err)
	}
	tk.tapText(t, "Use the school Wi-Fi")
	seen := func() string { return strings.Join(labels(tk.nav.stack), " ") }
	for {
		if strings.Contains(seen(), "kettle-7-lantern") {
			t.Fatalf("the password is shown on %T, before acceptance", tk.nav.Current())
		}
		if tk.nav.Current().(*formReader).next.Text != "Next" {
			break
		}
		tk.tapText(t, "Next")
	}
	tk.tapText(t, "Go on to sign")
	d := tk.nav.Current().(*declare)
	drawOn(d.pad)
	tk.tapText(t, "I agree: save")
	if len(tk.records(t)) != 0 || !strings.Contains(d.message.Text, "name") {
		t.Fatal("a Wi-Fi acceptance without a name was saved")
	}
	d.name.set("Kim Guest")
	if strings.Contains(seen(), "kettle-7-lantern") {
		t.Fatal("the password is shown before acceptance")
	}
	tk.tapText(t, "I agree: save")
	if got := seen(); !strings.Contains(got, "School-Guest") || !strings.Contains(got, "kettle-7-lantern") {
		t.Errorf("after accepting: %q", got)
	}
	recs := tk.records(t)
	if len(recs) != 1 || recs[0].Body.Signatory.Kind != record.SignatoryGuest || recs[0].Body.Form != "wifi" {
		t.Fatalf("records %+v", recs)
	}
}

func TestReception_IdleGoesBackToStart(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletReception)
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	tk.tapText(t, "Visitor or volunteer: sign in")
	tk.nav.Current().(*visitorIn).name.set("Robin Hill")
	now = now.Add(IdleLock + time.Second) // longer than the adult area waits, shorter than reception
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*visitorIn); !ok {
		t.Fatalf("left after %v: on %T", IdleLock, tk.nav.Current())
	}
	now = now.Add(ReceptionIdle)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*start); !ok {
		t.Fatalf("after %v idle: on %T", ReceptionIdle, tk.nav.Current())
	}
	if strings.Contains(strings.Join(labels(tk.nav.stack), " "), "Robin") {
		t.Error("the visitor's name is still on screen")
	}
}

func TestTabletSettings_AdminChoosesMode(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletClassroom)
	tk.signIn(t, store.DemoTAPIN)
	if hasTarget(tk, "This tablet") {
		t.Error("a teaching assistant can change what the tablet is for")
	}
	tk.lock("test")
	tk.signIn(t, store.DemoAdminPIN)
	tk.tapText(t, "This tablet")
	tk.tapText(t, "Reception: staff, visitors, Wi-Fi")
	if got := tk.tabletMode(); got != signoff.TabletReception {
		t.Errorf("mode %q after choosing reception", got)
	}
	log, _ := tk.st.AuditLog(context.Background(), 1)
	if log[0].Action != store.AuditTabletMode || log[0].Detail != signoff.TabletReception {
		t.Errorf("audit %+v", log[0])
	}
	tk.lock("test")
	if !hasTarget(tk, "Use the school Wi-Fi") {
		t.Error("the start screen does not offer reception sign-offs after choosing reception")
	}
}

func hasTarget(tk *testKiosk, text string) bool {
	for _, tg := range tk.nav.targets {
		if tg.Text == text {
			return true
		}
	}
	return false
}

// A pack with no parent/carer form (the Wrotham pack) asks for none: the
// pupil's page has no button for it and the class list no "to do".
func TestPupilPage_NoParentFormInPack(t *testing.T) {
	tk := newTestKiosk(t)
	fsys, err := assets.Pack("wrotham")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Pack, err = policy.Load(fsys); err != nil {
		t.Fatal(err)
	}
	if _, ok := tk.Pack.FormOfKind(policy.KindParent); ok {
		t.Fatal("the Wrotham pack has a parent form: the test tests nothing")
	}
	p := tk.pupilInBand(t, "a")
	if line := tk.statusLine(store.PupilStatus{Pupil: p}); strings.Contains(line, "parent") {
		t.Errorf("status line %q asks for a parent/carer form", line)
	}
	tk.openPupil(t, p)
	if hasTarget(tk, "Parent/carer form") {
		t.Error("the pupil's page offers a parent/carer form the pack does not have")
	}
}

// The staff policy opened from the adult home is still the adult area:
// left alone, it locks the kiosk rather than go back to an open home.
func TestReception_StaffFormFromHomeLocksWhenIdle(t *testing.T) {
	tk := newReceptionKiosk(t, signoff.TabletClassroom)
	now := tk.clk
	tk.Now = func() time.Time { return now }
	tk.nav.now = tk.Now
	tk.signIn(t, store.DemoTAPIN)
	tk.tapText(t, "Sign the staff policy")
	if _, ok := tk.nav.Current().(*formReader); !ok {
		t.Fatalf("the reminder opened %T", tk.nav.Current())
	}
	now = now.Add(ReceptionIdle + time.Second)
	tk.checkIdle()
	if _, ok := tk.nav.Current().(*start); !ok || tk.adult != nil {
		t.Fatalf("after %v idle: on %T, adult %v", ReceptionIdle, tk.nav.Current(), tk.adult)
	}
}
