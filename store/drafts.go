package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"smartkiosk/store/record"
)

// Draft is a sign-off in progress, kept so that leaving mid-way (or a
// crash) loses nothing. Its id is the id the record will have.
type Draft struct {
	ID        string // the future record's id (record.NewID)
	PupilID   int64
	State     []byte    // the screens' JSON; sealed at rest, as it may hold a mark
	UpdatedAt time.Time // set by the store
}

func draftPlace(id string, pupilID int64) place { return at("drafts", "state", id, pupilID) }

// SaveDraft stores d, replacing the draft with the same id. If a record
// with that id is already saved it writes nothing and returns
// ErrAlreadySaved (a crash after the commit must not bring the draft back).
func (s *Store) SaveDraft(ctx context.Context, d Draft) error {
	if d.ID == "" || !json.Valid(d.State) {
		return fmt.Errorf("save draft %q: an id and JSON state are required", d.ID)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := checkNotSaved(ctx, tx, d.ID); err != nil {
			return err
		}
		now := s.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts (draft_id, pupil_id, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (draft_id) DO UPDATE SET pupil_id = excluded.pupil_id,
				state = excluded.state, updated_at = excluded.updated_at`,
			d.ID, d.PupilID, s.keys.seal(d.State, draftPlace(d.ID, d.PupilID)), now, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("save draft %s: %w", d.ID, diskFull(err))
	}
	return nil
}

// Draft returns the draft with id id. If the sign-off was saved as a
// record it returns ErrAlreadySaved — the screens then say "already saved"
// and never make a second record; if there is neither, ErrNotFound.
func (s *Store) Draft(ctx context.Context, id string) (Draft, error) {
	var d Draft
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := checkNotSaved(ctx, tx, id); err != nil {
			return err
		}
		var sealed []byte
		var updated string
		err := tx.QueryRowContext(ctx, `SELECT pupil_id, state, updated_at FROM drafts WHERE draft_id = ?`, id).
			Scan(&d.PupilID, &sealed, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		d.ID = id
		d.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
		d.State, err = s.keys.open(sealed, draftPlace(id, d.PupilID))
		return err
	})
	if err != nil {
		return Draft{}, fmt.Errorf("draft %s: %w", id, err)
	}
	return d, nil
}

// DeleteDraft removes a draft (the adult abandoned the sign-off). Deleting
// a draft that is not there is not an error.
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return deleteDraft(ctx, tx, id) })
	if err != nil {
		return fmt.Errorf("delete draft %s: %w", id, diskFull(err))
	}
	return nil
}

func deleteDraft(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE draft_id = ?`, id)
	return err
}

// DraftNotes lists the sign-offs in progress for the hub, newest first:
// each draft's id, its pupil's UPN and its times, nothing of its state.
// Drafts of pupils who have left the roster are not listed, nor any whose
// record is saved.
func (s *Store) DraftNotes(ctx context.Context) ([]record.DraftNote, error) {
	var notes []record.DraftNote
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.draft_id, p.upn, d.created_at, d.updated_at
			FROM drafts AS d JOIN pupils AS p USING (pupil_id)
			WHERE p.active = 1 AND NOT EXISTS (SELECT 1 FROM records AS r WHERE r.record_id = d.draft_id)
			ORDER BY d.updated_at DESC, d.draft_id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n record.DraftNote
			var started, updated string
			if err := rows.Scan(&n.ID, &n.PupilRef, &started, &updated); err != nil {
				return err
			}
			n.StartedAt, _ = time.Parse(time.RFC3339, started)
			n.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
			notes = append(notes, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("draft notes: %w", err)
	}
	return notes, nil
}
