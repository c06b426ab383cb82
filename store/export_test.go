package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"smartkiosk/roster"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// parentBody is a parent/carer form for the fixture's pupil.
func (f fixture) parentBody(minute int, relationship string) *record.Body {
	b := f.body(minute)
	b.Form, b.Parent = "parent", &record.ParentRef{Relationship: relationship}
	b.Answers = []record.Answer{{Statement: "p.1", Answer: record.AnswerAgree, OffsetMS: 1000}}
	b.Adult.Prompting, b.Adult.Understanding = "", ""
	return b
}

func (f fixture) supersede(minute int, kind string, of *record.Body) *record.Body {
	b := f.body(minute)
	b.Kind, b.Supersedes, b.Adult.Reason = kind, of.ID, "answer_recorded_wrongly"
	if kind == record.KindVoid {
		b.Answers = nil
	}
	return b
}

func TestStore_ExportEntries(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	other := testPupil(2, "Ben", "Ash", "Rowan", "a")
	mustAddPupil(t, f.s, other)
	early := testPupil(3, "Cal", "Adams", "Oak", "a") // sorts before Lovelace
	mustAddPupil(t, f.s, early)

	agree := f.body(0)
	mark := []byte("\x89PNG mark")
	f.mustSave(t, agree)
	oldAck := f.parentBody(1, "parent")
	if err := f.s.SaveRecord(ctx, oldAck, Attachment{Kind: record.AttachParentName, MediaType: textPlain, Data: []byte("Mary Lovelace")}); err != nil {
		t.Fatal(err)
	}
	newAck := f.parentBody(2, "carer")
	if err := f.s.SaveRecord(ctx, newAck, Attachment{Kind: record.AttachParentName, MediaType: textPlain, Data: []byte("Ann Byron")}); err != nil {
		t.Fatal(err)
	}
	fix := f.supersede(3, record.KindCorrection, agree)
	if err := f.s.SaveRecord(ctx, fix, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark}); err != nil {
		t.Fatal(err)
	}
	voided := f.body(4)
	voided.Pack.Version = "2024.1" // an older policy: no parent form for it
	f.mustSave(t, voided)
	f.mustSave(t, f.supersede(5, record.KindVoid, voided))

	t.Run("OK", func(t *testing.T) {
		entries, pupils, err := f.s.ExportEntries(ctx, "Oak")
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 6 {
			t.Fatalf("%d entries, want 6", len(entries))
		}
		recs := f.records(t)
		for i, e := range entries {
			if e.ID() != recs[i].Body.ID || !bytes.Equal(e.BodyBytes, recs[i].BodyBytes) || !bytes.Equal(e.Signature, recs[i].Signature) {
				t.Errorf("entry %d is not record %s's exact bytes and signature", i, recs[i].Body.ID)
			}
			if err := record.Verify(f.s.Device().PublicKey, e.BodyBytes, e.Signature); err != nil {
				t.Errorf("entry %d: %v", i, err)
			}
			if e.Pupil != (signoff.Pupil{UPN: f.pupil.UPN, GivenName: "Ada", FamilyName: "Lovelace", Class: "Oak", Year: "Year 8", Band: f.pupil.Band, Language: f.pupil.Language}) {
				t.Errorf("entry %d pupil %+v", i, e.Pupil)
			}
			if e.Device != f.s.DeviceID() || e.Text(record.AttachDisplayName) != "Ada Lovelace" || e.AdultName() != "Sam Example" {
				t.Errorf("entry %d: device %q, names %q / %q", i, e.Device, e.Text(record.AttachDisplayName), e.AdultName())
			}
		}
		if !bytes.Equal(entries[3].Attachments[record.AttachPupilMark], mark) {
			t.Errorf("the correction's mark is %q", entries[3].Attachments[record.AttachPupilMark])
		}
		want := &signoff.ParentAck{RecordID: newAck.ID, SignedAt: newAck.SignedAt, Relationship: "carer", Name: "Ann Byron"}
		for _, i := range []int{0, 3} { // the agreement and its correction
			if got := entries[i].ParentAck; got == nil || *got != *want {
				t.Errorf("entry %d parent ack %+v, want %+v", i, got, want)
			}
		}
		for _, i := range []int{1, 2, 4, 5} { // parent forms, the older policy's agreement, the void
			if entries[i].ParentAck != nil {
				t.Errorf("entry %d (%s) has a parent ack", i, entries[i].Body.Kind)
			}
		}
		if len(pupils) != 2 || pupils[0].FamilyName != "Adams" || pupils[1].FamilyName != "Lovelace" {
			t.Errorf("class list %+v", pupils)
		}
	})
	t.Run("AllClasses", func(t *testing.T) {
		entries, pupils, err := f.s.ExportEntries(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 6 || len(pupils) != 3 || pupils[0].Class != "Oak" || pupils[2].Class != "Rowan" {
			t.Errorf("%d entries, class list %+v", len(entries), pupils)
		}
	})
	t.Run("OtherClass", func(t *testing.T) {
		entries, pupils, err := f.s.ExportEntries(ctx, "Rowan")
		if err != nil || len(entries) != 0 || len(pupils) != 1 || pupils[0].GivenName != "Ben" {
			t.Errorf("Rowan: %d entries, %+v, %v", len(entries), pupils, err)
		}
	})
	t.Run("ErasedAttachment", func(t *testing.T) {
		if _, err := f.s.db.Exec(`UPDATE record_attachments SET sealed = NULL, erased_at = 'x'
			WHERE record_id = ? AND kind = ?`, newAck.ID, record.AttachParentName); err != nil {
			t.Fatal(err)
		}
		entries, _, err := f.s.ExportEntries(ctx, "Oak")
		if err != nil {
			t.Fatal(err)
		}
		if _, held := entries[2].Attachments[record.AttachParentName]; held {
			t.Error("an erased attachment is still in the entry")
		}
		if a := entries[0].ParentAck; a == nil || a.Name != "" || a.Relationship != "carer" {
			t.Errorf("parent ack after erasure: %+v", a)
		}
	})
	t.Run("VoidedParentForm", func(t *testing.T) {
		f.mustSave(t, f.supersede(6, record.KindVoid, newAck))
		entries, _, err := f.s.ExportEntries(ctx, "Oak")
		if err != nil {
			t.Fatal(err)
		}
		if a := entries[0].ParentAck; a == nil || a.RecordID != oldAck.ID {
			t.Errorf("with the newest parent form voided, the ack is %+v, want the older one", a)
		}
	})
	t.Run("Leaver", func(t *testing.T) {
		left := time.Date(2026, 7, 22, 15, 4, 0, 0, time.UTC)
		f.s.Now = func() time.Time { return left }
		rest := &roster.File{Rows: []roster.Row{{Line: 2, Pupil: other.Pupil}, {Line: 3, Pupil: early.Pupil}}}
		if _, err := f.s.ImportRoster(ctx, rest, RosterOptions{AllowMassLeave: true}); err != nil {
			t.Fatal(err)
		}
		entries, pupils, err := f.s.ExportEntries(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 7 || len(pupils) != 2 {
			t.Fatalf("%d entries, class list %+v; want the leaver's 7 records and the 2 pupils on the roster", len(entries), pupils)
		}
		for i, e := range entries {
			if !e.Pupil.Left.Equal(left) || e.Pupil.OnRoster() {
				t.Errorf("entry %d: the leaver's pupil left %v, want %v", i, e.Pupil.Left, left)
			}
		}
		for _, p := range pupils {
			if !p.OnRoster() {
				t.Errorf("%s on the class list has left", p.UPN)
			}
		}
	})
}

func (f fixture) records(t *testing.T) []SavedRecord {
	t.Helper()
	recs, err := f.s.Records(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
