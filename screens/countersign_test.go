package screens

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

func (tk *testKiosk) countersignWith(t *testing.T, cs *countersign, pin string) {
	t.Helper()
	for _, r := range pin {
		cs.typedRune(r)
	}
	tk.tapText(t, "Countersign and save")
}

// TestCountersign_DiskFull: a full disk says so in a sentence the adult
// can act on, saves nothing, keeps the answers (on screen and in the
// draft), and the same sign-off saves once there is space.
func TestCountersign_DiskFull(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	answers := len(cs.so.answers)
	tk.Signer = fullDisk{tk.st}
	tk.countersignWith(t, cs, store.DemoTAPIN)
	if tk.nav.Current() != cs {
		t.Fatalf("left the countersign screen for %T", tk.nav.Current())
	}
	if want := tk.Tr.T(translations.CountersignDiskFull); cs.message.Text != want {
		t.Errorf("message %q, want %q", cs.message.Text, want)
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
	tk.countersignWith(t, cs, store.DemoTAPIN)
	if _, ok := tk.nav.Current().(*saved); !ok || len(tk.records(t)) != 1 {
		t.Fatalf("after space was freed: on %T, %d records (%s)", tk.nav.Current(), len(tk.records(t)), cs.message.Text)
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
	if err := tk.st.SaveRecord(context.Background(), cs.so.body(tk.Pack, adult, tk.Now()), cs.so.attachments()...); err != nil {
		t.Fatal(err)
	}
	tk.countersignWith(t, cs, store.DemoTAPIN)
	s, ok := tk.nav.Current().(*saved)
	if !ok || s.text != tk.Tr.T(translations.CountersignAlready) {
		t.Fatalf("on %T, want the saved screen saying already saved", tk.nav.Current())
	}
	if n := len(tk.records(t)); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

// TestCountersign_SavesMarkAndNames: the record carries the pupil's mark
// and both names as attachments, and the draft kept while answering is
// gone once it is saved.
func TestCountersign_SavesMarkAndNames(t *testing.T) {
	tk := newTestKiosk(t)
	cs := tk.walkToCountersign(t)
	if len(cs.so.mark) == 0 {
		t.Fatal("the walk made no mark")
	}
	d, err := tk.st.Draft(context.Background(), cs.so.id)
	var state draftState
	if err != nil || json.Unmarshal(d.State, &state) != nil || !bytes.Equal(state.Mark, cs.so.mark) {
		t.Fatalf("the draft while countersigning (%v) does not hold the mark", err)
	}
	tk.countersignWith(t, cs, store.DemoTAPIN)
	recs := tk.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	atts, err := tk.st.RecordAttachments(context.Background(), recs[0].Body.ID)
	if err != nil || len(atts) != 3 {
		t.Fatalf("attachments = %d, %v", len(atts), err)
	}
	want := []string{cs.so.pupil.DisplayName(), "Sam Patel", string(cs.so.mark)}
	for i, a := range atts {
		if string(a.Data) != want[i] {
			t.Errorf("attachment %d (%s) = %.20q, want %.20q", i, a.Kind, a.Data, want[i])
		}
	}
	if atts[2].Kind != record.AttachPupilMark || atts[2].MediaType != "image/png" {
		t.Errorf("mark attachment = %s %s", atts[2].Kind, atts[2].MediaType)
	}
	if _, err := tk.st.Draft(context.Background(), cs.so.id); !errors.Is(err, store.ErrAlreadySaved) {
		t.Errorf("Draft after saving: err = %v, want ErrAlreadySaved", err)
	}
}
