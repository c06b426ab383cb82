package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"smartkiosk/store/record"
)

func TestStore_Draft(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		id := f.body(0).ID
		for _, state := range []string{`{"answers":["agree"]}`, `{"answers":["agree","not_sure"]}`} {
			if err := f.s.SaveDraft(ctx, Draft{ID: id, PupilID: f.pupil.ID, State: []byte(state)}); err != nil {
				t.Fatal(err)
			}
			d, err := f.s.Draft(ctx, id)
			if err != nil || string(d.State) != state || d.PupilID != f.pupil.ID || d.ID != id {
				t.Fatalf("Draft = %+v, %v; want state %s", d, err, state)
			}
			if want := time.Date(2025, 9, 8, 9, 30, 0, 0, time.UTC); !d.UpdatedAt.Equal(want) {
				t.Errorf("UpdatedAt = %v, want the store clock", d.UpdatedAt)
			}
		}
		if n := count(t, f.s, "drafts"); n != 1 {
			t.Errorf("%d drafts after saving one twice", n)
		}
		var sealed []byte
		f.s.db.QueryRow(`SELECT state FROM drafts`).Scan(&sealed)
		if bytes.Contains(sealed, []byte("not_sure")) {
			t.Error("the draft's state is stored in plain text")
		}
		if err := f.s.DeleteDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Draft(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Draft after DeleteDraft: err = %v, want ErrNotFound", err)
		}
		if err := f.s.DeleteDraft(ctx, id); err != nil {
			t.Errorf("deleting a missing draft: %v", err)
		}
	})
	t.Run("ErrAlreadySaved", func(t *testing.T) {
		f := newFixture(t)
		b := f.body(0)
		f.mustSaveDraft(t, b.ID)
		f.mustSave(t, b)
		if _, err := f.s.Draft(ctx, b.ID); !errors.Is(err, ErrAlreadySaved) {
			t.Errorf("Draft of a saved record: err = %v, want ErrAlreadySaved", err)
		}
		err := f.s.SaveDraft(ctx, Draft{ID: b.ID, PupilID: f.pupil.ID, State: []byte(`{}`)})
		if !errors.Is(err, ErrAlreadySaved) || count(t, f.s, "drafts") != 0 {
			t.Errorf("SaveDraft of a saved record: err = %v, want ErrAlreadySaved and no draft", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := newFixture(t)
		for name, d := range map[string]Draft{
			"no id":         {PupilID: f.pupil.ID, State: []byte(`{}`)},
			"not JSON":      {ID: "x", PupilID: f.pupil.ID, State: []byte(`{`)},
			"unknown pupil": {ID: "x", PupilID: f.pupil.ID + 9, State: []byte(`{}`)},
		} {
			if err := f.s.SaveDraft(ctx, d); err == nil {
				t.Errorf("%s: saved", name)
			}
		}
	})
	t.Run("ErrMoved", func(t *testing.T) {
		// A sealed state copied to another draft's row does not open there.
		f := newFixture(t)
		f.mustSaveDraft(t, "a")
		f.mustSaveDraft(t, "b")
		f.s.db.Exec(`UPDATE drafts SET state = (SELECT state FROM drafts WHERE draft_id = 'a') WHERE draft_id = 'b'`)
		if _, err := f.s.Draft(ctx, "b"); !errors.Is(err, ErrSealBroken) {
			t.Errorf("Draft b with a's state: err = %v, want ErrSealBroken", err)
		}
	})
}

func TestStore_DraftNotes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	notes, err := f.s.DraftNotes(ctx)
	if err != nil || len(notes) != 0 {
		t.Fatalf("DraftNotes of a new store = %v, %v; want none", notes, err)
	}
	other := mustAddPupil(t, f.s, testPupil(2, "Ben", "Example", "Oak", "a"))
	left := mustAddPupil(t, f.s, testPupil(3, "Cat", "Example", "Oak", "a"))
	clock := func(minute int) {
		f.s.Now = func() time.Time { return time.Date(2025, 9, 8, 9, minute, 0, 0, time.UTC) }
	}
	saved, first, second, ben, cat := f.body(0), record.NewID(), record.NewID(), record.NewID(), record.NewID()
	for i, d := range []Draft{
		{ID: first, PupilID: f.pupil.ID}, {ID: saved.ID, PupilID: f.pupil.ID}, {ID: ben, PupilID: other},
		{ID: cat, PupilID: left}, {ID: second, PupilID: f.pupil.ID},
	} {
		clock(10 + i)
		d.State = []byte(`{"answers":["agree"]}`)
		if err := f.s.SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	clock(20)
	if err := f.s.SaveDraft(ctx, Draft{ID: first, PupilID: f.pupil.ID, State: []byte(`{}`)}); err != nil {
		t.Fatal(err) // updated: started 09:10, updated 09:20
	}
	f.mustSave(t, saved)
	if _, err := f.s.db.Exec(`UPDATE pupils SET active = 0 WHERE pupil_id = ?`, left); err != nil {
		t.Fatal(err)
	}
	notes, err = f.s.DraftNotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := func(minute int) time.Time { return time.Date(2025, 9, 8, 9, minute, 0, 0, time.UTC) }
	want := []record.DraftNote{
		{ID: first, PupilRef: f.pupil.UPN, StartedAt: at(10), UpdatedAt: at(20)},
		{ID: second, PupilRef: f.pupil.UPN, StartedAt: at(14), UpdatedAt: at(14)},
		{ID: ben, PupilRef: demoUPN(902), StartedAt: at(12), UpdatedAt: at(12)},
	}
	if len(notes) != len(want) {
		t.Fatalf("DraftNotes = %+v, want %+v", notes, want)
	}
	for i := range want {
		g, w := notes[i], want[i]
		if g.ID != w.ID || g.PupilRef != w.PupilRef || !g.StartedAt.Equal(w.StartedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
			t.Errorf("DraftNotes[%d] = %+v, want %+v", i, g, w)
		}
	}
}
