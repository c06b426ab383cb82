package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"smartkiosk/store/record"
)

// SavedRecord is a stored sign-off: the exact body bytes, the body parsed
// from them, and the pupil and adult the body refers to.
type SavedRecord struct {
	Body      *record.Body
	BodyBytes []byte
	Hash      string // record.Hash(BodyBytes)
	Pupil     Pupil
	Adult     Staff
}

// SaveRecord stores a sign-off: the body, serialised once, and its answers,
// in one transaction. Saving an id already stored writes nothing and
// returns ErrAlreadySaved; an unknown pupil reference returns ErrNotFound.
func (s *Store) SaveRecord(ctx context.Context, body *record.Body) error {
	if body == nil {
		return errors.New("save record: no body")
	}
	data, err := body.Marshal()
	if err != nil {
		return fmt.Errorf("save record: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error { return s.saveRecord(ctx, tx, body, data) })
	if err != nil {
		return fmt.Errorf("save record %s: %w", body.ID, err)
	}
	return nil
}

func (s *Store) saveRecord(ctx context.Context, tx *sql.Tx, b *record.Body, data []byte) error {
	var pupilID int64
	err := tx.QueryRowContext(ctx, `SELECT pupil_id FROM pupils WHERE upn = ?`, b.PupilRef).Scan(&pupilID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("unknown pupil reference: %w", ErrNotFound)
	}
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO records (record_id, kind, pupil_id, form_id,
		band, band_alias, pack_id, pack_version, pack_fingerprint, staff_id, started_at,
		signed_at, body, body_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (record_id) DO NOTHING`,
		b.ID, b.Kind, pupilID, b.Form, b.Band, b.BandAlias, b.Pack.ID, b.Pack.Version,
		b.Pack.Fingerprint, b.Adult.StaffID, utc(b.StartedAt), utc(b.SignedAt),
		data, record.Hash(data), s.now())
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, ErrAlreadySaved)
	}
	return insertAnswers(ctx, tx, b.ID, b.Answers)
}

func insertAnswers(ctx context.Context, tx *sql.Tx, id string, answers []record.Answer) error {
	for i, a := range answers {
		_, err := tx.ExecContext(ctx, `INSERT INTO record_answers (record_id, position,
			statement_id, answer) VALUES (?, ?, ?, ?)`, id, i, a.Statement, a.Answer)
		if err != nil {
			return fmt.Errorf("answer %d: %w", i, err)
		}
	}
	return nil
}

// utc formats a body time for the indexed columns; the body keeps the exact value.
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Records returns every stored record, oldest signature first.
func (s *Store) Records(ctx context.Context) ([]SavedRecord, error) {
	recs, err := s.queryRecords(ctx, ``)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	return recs, nil
}

// RecordsForPupil returns a pupil's records, oldest signature first.
func (s *Store) RecordsForPupil(ctx context.Context, pupilID int64) ([]SavedRecord, error) {
	recs, err := s.queryRecords(ctx, `WHERE r.pupil_id = ?`, pupilID)
	if err != nil {
		return nil, fmt.Errorf("records for pupil %d: %w", pupilID, err)
	}
	return recs, nil
}

const recordsQuery = `SELECT r.record_id, r.body, r.body_hash, s.staff_id, s.name, s.role,
	p.pupil_id, p.upn, p.given_name, p.family_name, p.class_name, p.year_group,
	p.band, p.language, p.profile, p.active
	FROM records r
	JOIN pupils p ON p.pupil_id = r.pupil_id
	JOIN staff s ON s.staff_id = r.staff_id `

func (s *Store) queryRecords(ctx context.Context, where string, args ...any) ([]SavedRecord, error) {
	var recs []SavedRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, recordsQuery+where+` ORDER BY r.signed_at, r.rowid`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			rec, err := scanRecord(rows)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
		}
		return rows.Err()
	})
	return recs, err
}

func scanRecord(rows *sql.Rows) (SavedRecord, error) {
	var rec SavedRecord
	var id, profile string
	p := &rec.Pupil
	err := rows.Scan(&id, &rec.BodyBytes, &rec.Hash, &rec.Adult.ID, &rec.Adult.Name, &rec.Adult.Role,
		&p.ID, &p.UPN, &p.GivenName, &p.FamilyName, &p.Class, &p.Year,
		&p.Band, &p.Language, &profile, &p.Active)
	if err != nil {
		return SavedRecord{}, err
	}
	if record.Hash(rec.BodyBytes) != rec.Hash {
		return SavedRecord{}, fmt.Errorf("record %s: stored body does not match its hash", id)
	}
	if p.Profile, err = decodeProfile(profile); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if rec.Body, err = record.Parse(rec.BodyBytes); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	return rec, nil
}
