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
		ID: record.NewID(), Kind: record.KindCorrection,
		Supersedes: "0199312e-7c4a-7d8e-9f10-111213141516",
		PupilRef:   f.pupil.UPN, Form: "pupil-b", Band: "b", BandAlias: "P7–L1", Language: "en-GB",
		Pack: record.PackRef{ID: "demo", Version: "2025.1", Fingerprint: "sha256:abc"},
		Answers: []record.Answer{
			{Statement: "S", Answer: record.AnswerAgree, OffsetMS: 4100},
			{Statement: "M", Answer: record.AnswerNotSure, Replays: 2, OffsetMS: 9050},
			{Statement: "A", Answer: record.AnswerNoClear, OffsetMS: 15000},
			{Statement: "R", Answer: record.AnswerAgree, Replays: 1, OffsetMS: 21999},
		},
		Adult:     record.AdultRef{StaffID: f.staffID, Role: RoleTA},
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
		f.mustSave(t, in)
		wantBytes, err := in.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		recs, err := f.s.Records(ctx)
		if err != nil || len(recs) != 1 {
			t.Fatalf("Records = %d records, %v; want 1", len(recs), err)
		}
		got := recs[0]
		if !reflect.DeepEqual(got.Body, in) {
			t.Errorf("Body = %+v\nwant %+v", got.Body, in)
		}
		if !bytes.Equal(got.BodyBytes, wantBytes) || got.Hash != record.Hash(wantBytes) {
			t.Errorf("bytes/hash differ from the marshalled body:\n%s\n%s", got.BodyBytes, wantBytes)
		}
		if got.Pupil != f.pupil {
			t.Errorf("Pupil = %+v, want %+v", got.Pupil, f.pupil)
		}
		if want := (Staff{ID: f.staffID, Name: "Sam Example", Role: RoleTA}); got.Adult != want {
			t.Errorf("Adult = %+v, want %+v", got.Adult, want)
		}
		checkAnswerRows(t, f.s, in)
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
		if err := f.s.SaveRecord(ctx, b); err == nil {
			t.Error("a record countersigned by no one on the staff list was saved")
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
	if n, m := count(t, s, "records"), count(t, s, "record_answers"); n+m != 0 {
		t.Errorf("%d records and %d answers written, want none", n, m)
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
	t.Run("ErrTampered", func(t *testing.T) {
		_, err := f.s.db.Exec(`UPDATE records SET body = CAST(REPLACE(CAST(body AS TEXT),
			'not_sure', 'agree') AS BLOB) WHERE record_id = ?`, late.ID)
		if err != nil {
			t.Fatal(err)
		}
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
