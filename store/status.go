package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"smartkiosk/store/record"
)

// Where a pupil is with the current policy version.
const (
	StateNotStarted = "not_started"
	StateDraft      = "draft"  // a sign-off in progress, not countersigned
	StateSigned     = "signed" // a countersigned agreement for this version
)

// PupilStatus is one pupil's line in the adult area's class list.
type PupilStatus struct {
	Pupil     Pupil
	State     string // StateNotStarted, StateDraft or StateSigned
	DraftID   string // the newest draft, if any (it can be resumed)
	Signed    string // the current agreement's record id, when State is StateSigned
	FollowUps int    // its statements answered "not sure" or "no clear response"
	Supported bool   // its answers were physically supported, not the pupil's own choice
	ParentAck bool   // the parent/carer acknowledgement for this version is recorded
}

// StatusQuery says which class and which policy version to report on.
type StatusQuery struct {
	Class      string
	Version    string // the pack version now in use
	ParentForm string // the pack's parent/carer form id
}

// ClassStatus reports each active pupil of a class, in name order. A
// sign-off's current state is the newest record of its line (an agreement
// and the corrections after it); a voided line counts as not signed.
func (s *Store) ClassStatus(ctx context.Context, q StatusQuery) ([]PupilStatus, error) {
	pupils, err := s.PupilsInClass(ctx, q.Class)
	if err != nil {
		return nil, err
	}
	out := make([]PupilStatus, len(pupils))
	err = s.read(ctx, func(tx *sql.Tx) error {
		for i, p := range pupils {
			if out[i], err = s.pupilStatus(ctx, tx, p, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("status of class: %w", err)
	}
	return out, nil
}

// PupilStatus reports one pupil as ClassStatus does.
func (s *Store) PupilStatus(ctx context.Context, pupilID int64, q StatusQuery) (PupilStatus, error) {
	var st PupilStatus
	err := s.read(ctx, func(tx *sql.Tx) error {
		p, err := s.pupilByID(ctx, tx, pupilID)
		if err != nil {
			return err
		}
		st, err = s.pupilStatus(ctx, tx, p, q)
		return err
	})
	if err != nil {
		return PupilStatus{}, fmt.Errorf("status of pupil %d: %w", pupilID, err)
	}
	return st, nil
}

// currentRecords selects the newest record of every line of a pupil's
// records for one version, never a void.
const currentRecords = `SELECT r.record_id, r.body FROM records r
	WHERE r.pupil_id = ? AND r.pack_version = ? AND r.kind != 'void'
	AND NOT EXISTS (SELECT 1 FROM records c WHERE c.supersedes = r.record_id)`

func (s *Store) pupilStatus(ctx context.Context, tx *sql.Tx, p Pupil, q StatusQuery) (PupilStatus, error) {
	st := PupilStatus{Pupil: p, State: StateNotStarted}
	err := tx.QueryRowContext(ctx, `SELECT draft_id FROM drafts WHERE pupil_id = ?
		ORDER BY updated_at DESC, draft_id DESC LIMIT 1`, p.ID).Scan(&st.DraftID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, err
	}
	if st.DraftID != "" {
		st.State = StateDraft
	}
	rows, err := tx.QueryContext(ctx, currentRecords+` ORDER BY r.signed_at, r.rowid`, p.ID, q.Version)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return st, err
		}
		b, err := record.Parse(data)
		if err != nil {
			return st, fmt.Errorf("record %s: %w", id, err)
		}
		if b.Form == q.ParentForm {
			st.ParentAck = true
			continue
		}
		st.State, st.Signed = StateSigned, id // the newest agreement wins
		st.FollowUps, st.Supported = len(b.FollowUps()), !b.OwnChoice()
	}
	return st, rows.Err()
}

// PupilDrafts lists a pupil's drafts, newest first.
func (s *Store) PupilDrafts(ctx context.Context, pupilID int64) ([]Draft, error) {
	var ids []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT draft_id FROM drafts WHERE pupil_id = ?
			ORDER BY updated_at DESC, draft_id DESC`, pupilID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("drafts of pupil %d: %w", pupilID, err)
	}
	out := make([]Draft, 0, len(ids))
	for _, id := range ids {
		d, err := s.Draft(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
