package store

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// fixture is a store with one pupil and one adult.
type fixture struct {
	s       *Store
	pupil   Pupil
	staffID int64
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	s := mustOpen(t)
	p := testPupil(1, "Ada", "Lovelace", "Oak", "b")
	id := mustAddPupil(t, s, p)
	p, err := s.Pupil(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{s: s, pupil: p, staffID: mustAddStaff(t, s, "Sam Example", RoleTA, "246810")}
}

// body is a complete record body signed at the given minute past 10:00.
func (f fixture) body(minute int) *record.Body {
	started := time.Date(2025, 9, 8, 10, minute, 0, 0, time.UTC)
	return &record.Body{
		ID: record.NewID(), Kind: record.KindAgreement,
		PupilRef: f.pupil.UPN, Form: "pupil-b", Band: "b", BandAlias: "P7–L1", Language: "en-GB",
		Pack: record.PackRef{ID: "demo", Version: "2025.1", Fingerprint: "sha256:abc"},
		Answers: []record.Answer{
			{Statement: "S", Answer: record.AnswerAgree, OffsetMS: 4100},
			{Statement: "M", Answer: record.AnswerNotSure, Replays: 2, OffsetMS: 9050},
			{Statement: "A", Answer: record.AnswerNoClear, OffsetMS: 15000},
			{Statement: "R", Answer: record.AnswerAgree, Replays: 1, OffsetMS: 21999},
		},
		Adult: record.AdultRef{StaffID: f.staffID, Role: RoleTA, Prompting: "verbal", Understanding: "partly",
			Attestation: record.AttestationV1},
		StartedAt: started,
		SignedAt:  started.Add(3*time.Minute + 250*time.Millisecond),
	}
}

func (f fixture) mustSave(t *testing.T, b *record.Body) {
	t.Helper()
	if err := f.s.SaveRecord(context.Background(), b); err != nil {
		t.Fatalf("SaveRecord: %v", err)
	}
}

func TestStore_SaveRecord(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		in := f.body(0)
		before := *in
		f.mustSave(t, in)
		if !reflect.DeepEqual(*in, before) {
			t.Errorf("SaveRecord changed the caller's body:\n%+v\n%+v", *in, before)
		}
		got := f.onlyRecord(t)
		want := before
		want.Format, want.Device, want.Seq, want.Prev = record.FormatVersion1, f.s.Device().ID, 1, ""
		want.Attachments = got.Body.Attachments
		if !reflect.DeepEqual(got.Body, &want) {
			t.Errorf("Body = %+v\nwant %+v", got.Body, &want)
		}
		wantBytes, err := want.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.BodyBytes, wantBytes) || got.Hash != record.Hash(wantBytes) {
			t.Errorf("bytes/hash differ from the marshalled body:\n%s\n%s", got.BodyBytes, wantBytes)
		}
		if _, err := record.Open(f.s.Device().PublicKey, got.BodyBytes, got.Signature); err != nil {
			t.Errorf("stored signature: %v", err)
		}
		if got.Pupil != f.pupil {
			t.Errorf("Pupil = %+v, want %+v", got.Pupil, f.pupil)
		}
		if want := (Staff{ID: f.staffID, Name: "Sam Example", Role: RoleTA}); got.Adult != want {
			t.Errorf("Adult = %+v, want %+v", got.Adult, want)
		}
		checkAnswerRows(t, f.s, in)
		checkStoredAttachments(t, f.s, got.Body, "Ada Lovelace", "Sam Example")
		if n, err := f.s.Unsynced(ctx); n != 1 || err != nil {
			t.Errorf("Unsynced = %d, %v; want 1", n, err)
		}
	})
	t.Run("Chain", func(t *testing.T) {
		f := newFixture(t)
		var bodies [][]byte
		for i := range 3 {
			f.mustSave(t, f.body(i))
		}
		recs, _ := f.s.Records(ctx)
		for i, r := range recs {
			bodies = append(bodies, r.BodyBytes)
			if r.Body.Seq != uint64(i+1) {
				t.Errorf("record %d has sequence %d", i, r.Body.Seq)
			}
		}
		if ps := record.VerifyChain(bodies); len(ps) != 0 || len(bodies) != 3 {
			t.Errorf("chain of %d: %v", len(bodies), ps)
		}
	})
	t.Run("Attachments", func(t *testing.T) {
		f := newFixture(t)
		mark := []byte("\x89PNG\r\n\x1a\n…a pupil's mark…")
		sig := []byte("\x89PNG\r\n\x1a\n…an adult's signature…")
		b := f.body(0)
		err := f.s.SaveRecord(ctx, b, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark},
			Attachment{Kind: record.AttachAdultSignature, MediaType: "image/png", Data: sig})
		if err != nil {
			t.Fatal(err)
		}
		checkStoredAttachments(t, f.s, f.onlyRecord(t).Body, "Ada Lovelace", "Sam Example", string(mark), string(sig))
	})
	t.Run("ErrAttachment", func(t *testing.T) {
		f := newFixture(t)
		for name, a := range map[string]Attachment{
			"name":    {Kind: record.AttachDisplayName, MediaType: textPlain, Data: []byte("Someone Else")},
			"unknown": {Kind: "passport", MediaType: "image/png", Data: []byte("x")},
			"empty":   {Kind: record.AttachPupilMark, MediaType: "image/png"},
			"no type": {Kind: record.AttachPupilMark, Data: []byte("x")},
		} {
			if err := f.s.SaveRecord(ctx, f.body(0), a); err == nil {
				t.Errorf("%s: saved", name)
			}
		}
		assertNothingWritten(t, f.s)
	})
	t.Run("DeletesDraft", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		f.mustSaveDraft(t, b.ID)
		f.mustSave(t, b)
		if _, err := f.s.Draft(ctx, b.ID); !errors.Is(err, ErrAlreadySaved) {
			t.Errorf("Draft after saving = %v, want ErrAlreadySaved", err)
		}
		if n := count(t, f.s, "drafts"); n != 0 {
			t.Errorf("%d drafts left", n)
		}
	})
	t.Run("ErrOutboxRollsBackAll", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.s.db.Exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox
			BEGIN SELECT RAISE(ABORT, 'injected'); END`)
		if err != nil {
			t.Fatal(err)
		}
		b := f.body(0)
		f.mustSaveDraft(t, b.ID)
		if err := f.s.SaveRecord(ctx, b); err == nil {
			t.Fatal("SaveRecord succeeded despite a failing outbox insert")
		}
		assertNothingWritten(t, f.s)
		if _, err := f.s.Draft(ctx, b.ID); err != nil {
			t.Errorf("the draft is gone after a failed save: %v", err)
		}
		f.s.db.Exec(`DROP TRIGGER fail_outbox`)
		f.mustSave(t, b)
		if seq := f.onlyRecord(t).Body.Seq; seq != 1 {
			t.Errorf("after a failed save the next sequence is %d, want 1", seq)
		}
	})
	t.Run("ErrAlreadySaved", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		f.mustSave(t, b)
		again := *b
		again.Answers = []record.Answer{{Statement: "S", Answer: record.AnswerNotSure}}
		if err := f.s.SaveRecord(ctx, &again); !errors.Is(err, ErrAlreadySaved) {
			t.Errorf("second save err = %v, want ErrAlreadySaved", err)
		}
		if n := count(t, f.s, "records"); n != 1 {
			t.Errorf("records rows = %d, want 1", n)
		}
		checkAnswerRows(t, f.s, b) // the first save's answers, untouched
	})
	t.Run("ErrUnknownUPN", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		b.PupilRef = demoUPN(999)
		if err := f.s.SaveRecord(ctx, b); !errors.Is(err, ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
		assertNothingWritten(t, f.s)
	})
	t.Run("ErrUnknownStaff", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		b.Adult.StaffID = f.staffID + 100
		if err := f.s.SaveRecord(ctx, b); !errors.Is(err, ErrNotFound) {
			t.Errorf("a record countersigned by no one on the staff list: err = %v, want ErrNotFound", err)
		}
		assertNothingWritten(t, f.s)
	})
	t.Run("ErrAnswerRollsBackRecord", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.s.db.Exec(`CREATE TRIGGER fail_r BEFORE INSERT ON record_answers
			WHEN NEW.statement_id = 'R' BEGIN SELECT RAISE(ABORT, 'injected'); END`)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveRecord(ctx, f.body(0)); err == nil {
			t.Fatal("SaveRecord succeeded despite a failing answer insert")
		}
		assertNothingWritten(t, f.s) // the records row went with the failed answer
	})
	t.Run("ErrInvalidBody", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		b.Answers[3].Answer = "maybe"
		if err := f.s.SaveRecord(ctx, b); err == nil {
			t.Error("an invalid body was saved")
		}
		assertNothingWritten(t, f.s)
	})
}

func checkAnswerRows(t *testing.T, s *Store, b *record.Body) {
	t.Helper()
	rows, err := s.db.Query(`SELECT position, statement_id, answer FROM record_answers
		WHERE record_id = ? ORDER BY position`, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []record.Answer
	for i := 0; rows.Next(); i++ {
		var pos int
		var a record.Answer
		if err := rows.Scan(&pos, &a.Statement, &a.Answer); err != nil || pos != i {
			t.Fatalf("row %d: position %d, %v", i, pos, err)
		}
		got = append(got, a)
	}
	var want []record.Answer
	for _, a := range b.Answers {
		want = append(want, record.Answer{Statement: a.Statement, Answer: a.Answer})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record_answers = %+v, want %+v", got, want)
	}
}

func assertNothingWritten(t *testing.T, s *Store) {
	t.Helper()
	for _, table := range []string{"records", "record_answers", "record_attachments", "outbox"} {
		if n := count(t, s, table); n != 0 {
			t.Errorf("%d rows written to %s, want none", n, table)
		}
	}
}

// onlyRecord returns the store's one record.
func (f fixture) onlyRecord(t *testing.T) SavedRecord {
	t.Helper()
	recs, err := f.s.Records(context.Background())
	if err != nil || len(recs) != 1 {
		t.Fatalf("Records = %d records, %v; want 1", len(recs), err)
	}
	return recs[0]
}

func (f fixture) mustSaveDraft(t *testing.T, id string) {
	t.Helper()
	d := Draft{ID: id, PupilID: f.pupil.ID, State: []byte(`{"answers":[]}`)}
	if err := f.s.SaveDraft(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// checkStoredAttachments checks a record's attachments open to want, in order,
// and match the body's references.
func checkStoredAttachments(t *testing.T, s *Store, b *record.Body, want ...string) {
	t.Helper()
	atts, err := s.RecordAttachments(context.Background(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != len(want) || len(b.Attachments) != len(want) {
		t.Fatalf("%d attachments, %d in the body; want %d", len(atts), len(b.Attachments), len(want))
	}
	for i, a := range atts {
		if string(a.Data) != want[i] || a.Kind != b.Attachments[i].Kind || a.MediaType != b.Attachments[i].Type {
			t.Errorf("attachment %d = %s %s %q; body says %+v; want %q", i, a.Kind, a.MediaType, a.Data, b.Attachments[i], want[i])
		}
	}
}

func TestStore_Records(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	other := mustAddPupil(t, f.s, testPupil(2, "Bea", "Other", "Willow", "a"))
	late, early, others := f.body(30), f.body(5), f.body(10)
	others.PupilRef = demoUPN(902)
	for _, b := range []*record.Body{late, early, others} {
		f.mustSave(t, b)
	}
	t.Run("OK", func(t *testing.T) {
		recs, err := f.s.Records(ctx)
		if err != nil {
			t.Fatalf("Records: %v", err)
		}
		assertIDs(t, recs, early.ID, others.ID, late.ID)
	})
	t.Run("ForPupil", func(t *testing.T) {
		recs, err := f.s.RecordsForPupil(ctx, f.pupil.ID)
		if err != nil {
			t.Fatalf("RecordsForPupil: %v", err)
		}
		assertIDs(t, recs, early.ID, late.ID)
		recs, err = f.s.RecordsForPupil(ctx, other)
		if err != nil || len(recs) != 1 || recs[0].Pupil.ID != other {
			t.Errorf("other pupil's records = %+v, %v", recs, err)
		}
	})
	t.Run("ErrBadSignature", func(t *testing.T) {
		tamper(t, f.s.db, `UPDATE records SET signature = zeroblob(64) WHERE record_id = ?`, early.ID)
		if _, err := f.s.Records(ctx); !errors.Is(err, record.ErrBadSignature) {
			t.Errorf("Records err = %v, want ErrBadSignature", err)
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		tamper(t, f.s.db, `UPDATE records SET body = CAST(REPLACE(CAST(body AS TEXT),
			'not_sure', 'agree') AS BLOB) WHERE record_id = ?`, late.ID)
		if _, err := f.s.Records(ctx); err == nil {
			t.Error("Records returned a body that no longer matches its hash")
		}
	})
}

func assertIDs(t *testing.T, recs []SavedRecord, want ...string) {
	t.Helper()
	var got []string
	for _, r := range recs {
		got = append(got, r.Body.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record ids = %q, want %q", got, want)
	}
}
