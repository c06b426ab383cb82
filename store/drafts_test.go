package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
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
