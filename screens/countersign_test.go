package screens

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// fullDisk is the real store, except that a record cannot be saved: the
// tablet's storage is full.
type fullDisk struct{ *store.Store }

func (fullDisk) SaveRecord(_ context.Context, b *record.Body, _ ...store.Attachment) error {
	return fmt.Errorf("save record %s: %w", b.ID, store.ErrDiskFull)
}

// TestCountersign_DiskFull: a full disk says so in a sentence the adult
// can act on, saves nothing, keeps the answers (on screen and in the
// draft), and the same sign-off saves once there is space.
func TestCountersign_DiskFull(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	answers := len(cs.so.answers)
	tk.Signer = fullDisk{tk.st}
	tk.countersignAs(t, store.DemoTAPIN)
	a, ok := tk.nav.Current().(*attest)
	if !ok {
		t.Fatalf("left the countersign screens for %T", tk.nav.Current())
	}
	if want := tk.Tr.T(translations.CountersignDiskFull); a.message.Text != want {
		t.Errorf("message %q, want %q", a.message.Text, want)
	}
	if n := len(tk.records(t)); n != 0 || len(cs.so.answers) != answers {
		t.Errorf("%d records saved, %d answers kept (of %d)", n, len(cs.so.answers), answers)
	}
	d, err := tk.st.Draft(context.Background(), cs.so.id)
	var state draftState
	if err != nil || json.Unmarshal(d.State, &state) != nil || len(state.Answers) != answers {
		t.Errorf("draft = %s, %v; want %d answers kept", d.State, err, answers)
	}
	tk.Signer = tk.st // space freed
	tk.tapText(t, "Countersign and save")
	if _, ok := tk.nav.Current().(*saved); !ok || len(tk.records(t)) != 1 {
		t.Fatalf("after space was freed: on %T, %d records (%s)", tk.nav.Current(), len(tk.records(t)), a.message.Text)
	}
}

// TestCountersign_AlreadySaved: the kiosk died after the commit and before
// "Saved" was shown. Countersigning the same sign-off again says it was
// already saved and makes no second record.
func TestCountersign_AlreadySaved(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	adult, err := tk.st.CheckPIN(context.Background(), store.DemoTAPIN)
	if err != nil {
		t.Fatal(err)
	}
	cs.so.adult = adult
	if err := tk.st.SaveRecord(context.Background(), cs.so.body(tk.Pack, tk.Now()), cs.so.attachments(tk.Tr)...); err != nil {
		t.Fatal(err)
	}
	tk.countersignAs(t, store.DemoTAPIN)
	s, ok := tk.nav.Current().(*saved)
	if !ok || s.text != tk.Tr.T(translations.CountersignAlready) {
		t.Fatalf("on %T, want the saved screen saying already saved", tk.nav.Current())
	}
	if n := len(tk.records(t)); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

// TestCountersign_SavesObservation: the record carries both names, the
// pupil's mark, the adult's signature and the attestation sentence as
// attachments, the observation in the body, and the draft kept while
// answering is gone once it is saved.
func TestCountersign_SavesObservation(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	d, err := tk.st.Draft(context.Background(), cs.so.id)
	var state draftState
	if err != nil || json.Unmarshal(d.State, &state) != nil || !bytes.Equal(state.Mark, cs.so.mark) || len(cs.so.mark) == 0 {
		t.Fatalf("the draft while countersigning (%v) does not hold the mark", err)
	}
	tk.countersignAs(t, store.DemoTAPIN)
	recs := tk.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	atts, err := tk.st.RecordAttachments(context.Background(), recs[0].Body.ID)
	if kinds := attachmentKinds(atts); err != nil || kinds != "display_name adult_name pupil_mark adult_signature attestation" {
		t.Fatalf("attachments = %s, %v", kinds, err)
	}
	if string(atts[0].Data) != cs.so.pupil.Name() || string(atts[1].Data) != "Sam Patel" || !bytes.Equal(atts[2].Data, cs.so.mark) {
		t.Error("names or mark attached wrongly")
	}
	if string(atts[3].Data[1:4]) != "PNG" {
		t.Error("the adult's signature is not a PNG")
	}
	want := "I presented these rules to " + cs.so.pupil.GivenName + " using the \"Symbol sentences\" version, with pictures and spoken words; " +
		cs.so.pupil.GivenName + " responded by touching the screen with no prompting."
	if got := string(atts[4].Data); got != want {
		t.Errorf("attestation = %q\nwant           %q", got, want)
	}
	if _, err := tk.st.Draft(context.Background(), cs.so.id); !errors.Is(err, store.ErrAlreadySaved) {
		t.Errorf("Draft after saving: err = %v, want ErrAlreadySaved", err)
	}
}

// TestObserve_PhysicalSupport: choosing "physically supported" makes the
// prompting physical and offers nothing else, so the record can never
// show a physically supported answer as the pupil's own choice.
func TestObserve_PhysicalSupport(t *testing.T) {
	tk := newTestKiosk(t)
	tk.walkToCountersign(t)
	tk.typePIN(store.DemoTAPIN)
	tk.tapText(t, "Next")
	tk.tapText(t, "Independent")
	tk.tapText(t, "Physically supported")
	o := tk.nav.Current().(*observe)
	if o.so.obs.Prompting != record.PromptingPhysical {
		t.Fatalf("prompting = %q after physical support", o.so.obs.Prompting)
	}
	for _, tg := range tk.nav.targets {
		if tg.Text == "Independent" || tg.Text == "Verbal" {
			t.Errorf("%q is offered with physical support", tg.Text)
		}
	}
	tk.tapText(t, "Next") // understanding not chosen yet
	if _, ok := tk.nav.Current().(*observe); !ok || !strings.Contains(o.message.Text, "first") {
		t.Fatalf("went on without a judgement of understanding (%T)", tk.nav.Current())
	}
	tk.tapText(t, "Partly")
	tk.tapText(t, "Next")
	a := tk.nav.Current().(*attest)
	tk.tapText(t, "Countersign and save") // no signature yet
	if len(tk.records(t)) != 0 || a.message.Text == "" {
		t.Fatal("saved without the adult's signature")
	}
	drawOn(a.pad)
	tk.tapText(t, "Countersign and save")
	b := tk.records(t)[0].Body
	if b.OwnChoice() || b.Adult.Prompting != record.PromptingPhysical || b.Answers[0].Mode != record.ModePhysical {
		t.Errorf("record: own choice %v, prompting %s, mode %s", b.OwnChoice(), b.Adult.Prompting, b.Answers[0].Mode)
	}
	st, _ := tk.st.PupilStatus(context.Background(), tk.records(t)[0].Pupil.ID, tk.statusQuery(""))
	if !st.Supported || !strings.Contains(tk.statusLine(st), "physically supported") {
		t.Errorf("status line %q does not say physically supported", tk.statusLine(st))
	}
}
