package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"smartkiosk/signoff"
)

// Pupil is one pupil in the kiosk's database: the domain's pupil, whose
// Band is one of the pack's (see Store.SetBands) and whose Left the store
// fills for a pupil a roster import marked as left, with the store's id
// and the pupil's access profile.
type Pupil struct {
	ID int64
	signoff.Pupil
	Profile Profile
	// Active is the pupil being on the roster (Left is then zero); a
	// roster import that no longer lists them clears it.
	Active bool
}

const pupilColumns = `pupil_id, upn, given_name, family_name, class_name, year_group,
	band, language, profile, active, updated_at`

// leftAt is when an inactive pupil left the roster: the last change to
// their row, which is the import that marked them as left (as the hub
// reads it). It is zero for a pupil on the roster.
func leftAt(active bool, updated string) time.Time {
	if active {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, updated)
	if err != nil {
		return time.Time{}
	}
	return t
}

// AddPupil adds an active pupil and returns its id. A zero Profile is
// stored as DefaultProfile(); Active and ID are ignored.
func (s *Store) AddPupil(ctx context.Context, p Pupil) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		id, err = s.addPupil(ctx, tx, p)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add pupil: %w", err)
	}
	return id, nil
}

func (s *Store) addPupil(ctx context.Context, tx *sql.Tx, p Pupil) (int64, error) {
	if p.Profile == (Profile{}) {
		p.Profile = DefaultProfile()
	}
	if p.Language == "" {
		p.Language = "en-GB"
	}
	if bands := s.Bands(); !bands.Has(p.Band) && (p.Band != "" || len(bands) > 0) {
		return 0, fmt.Errorf("this tablet's policy pack has no band %q", p.Band)
	}
	if err := p.Profile.validate(); err != nil {
		return 0, err
	}
	profile, err := json.Marshal(p.Profile)
	if err != nil {
		return 0, err
	}
	id, err := nextRowID(ctx, tx, "pupils", "pupil_id")
	if err != nil {
		return 0, err
	}
	given, family := s.keys.sealPupilNames(id, p)
	now := s.now()
	_, err = tx.ExecContext(ctx, `INSERT INTO pupils (pupil_id, upn, given_name, family_name,
		class_name, year_group, band, language, profile, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, p.UPN, given, family, p.Class, p.Year, p.Band, p.Language,
		string(profile), now, now)
	return id, err
}

// Pupil returns the pupil with the given id, or ErrNotFound.
func (s *Store) Pupil(ctx context.Context, id int64) (Pupil, error) {
	var p Pupil
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		p, err = s.pupilByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return Pupil{}, fmt.Errorf("pupil %d: %w", id, err)
	}
	return p, nil
}

func (s *Store) pupilByID(ctx context.Context, tx *sql.Tx, id int64) (Pupil, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+pupilColumns+` FROM pupils WHERE pupil_id = ?`, id)
	p, err := s.scanPupil(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Pupil{}, ErrNotFound
	}
	return p, err
}

// Classes lists the class names of active pupils in the order a school
// lists them (compareClasses).
func (s *Store) Classes(ctx context.Context) ([]string, error) {
	var classes []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT class_name FROM pupils
			WHERE active = 1 ORDER BY class_name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			classes = append(classes, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("classes: %w", err)
	}
	slices.SortStableFunc(classes, compareClasses) // "7A" before "10B"
	return classes, nil
}

// PupilsInClass lists the active pupils of a class by family then given
// name. Names are sealed, so they are sorted here, not in SQL.
func (s *Store) PupilsInClass(ctx context.Context, class string) ([]Pupil, error) {
	var pupils []Pupil
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+pupilColumns+` FROM pupils
			WHERE active = 1 AND class_name = ?`, class)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := s.scanPupil(rows)
			if err != nil {
				return err
			}
			pupils = append(pupils, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("pupils in class: %w", err)
	}
	sortPupils(pupils)
	return pupils, nil
}

// SetProfile replaces a pupil's access settings; actor is the adult.
func (s *Store) SetProfile(ctx context.Context, actor, pupilID int64, p Profile) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.setProfile(ctx, tx, pupilID, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, AuditProfileChanged, fmt.Sprintf("pupil %d", pupilID))
	})
	if err != nil {
		return fmt.Errorf("set profile of pupil %d: %w", pupilID, diskFull(err))
	}
	return nil
}

// SetBand moves a pupil to one of the pack's bands (see SetBands); actor
// is the adult.
func (s *Store) SetBand(ctx context.Context, actor, pupilID int64, band string) error {
	if !s.Bands().Has(band) {
		return fmt.Errorf("set band of pupil %d: this tablet's policy pack has no band %q", pupilID, band)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE pupils SET band = ?, updated_at = ? WHERE pupil_id = ?`,
			band, s.now(), pupilID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, AuditBandChanged, fmt.Sprintf("pupil %d, band %s", pupilID, band))
	})
	if err != nil {
		return fmt.Errorf("set band of pupil %d: %w", pupilID, diskFull(err))
	}
	return nil
}

func (s *Store) setProfile(ctx context.Context, tx *sql.Tx, pupilID int64, p Profile) error {
	if err := p.validate(); err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE pupils SET profile = ?, updated_at = ?
		WHERE pupil_id = ?`, string(data), s.now(), pupilID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return err
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// scanPupil reads a row of pupilColumns, opening the sealed names.
func (s *Store) scanPupil(row rowScanner) (Pupil, error) {
	var p Pupil
	var profile, updated string
	var given, family []byte
	err := row.Scan(&p.ID, &p.UPN, &given, &family, &p.Class, &p.Year,
		&p.Band, &p.Language, &profile, &p.Active, &updated)
	if err != nil {
		return Pupil{}, err
	}
	p.Left = leftAt(p.Active, updated)
	if err := s.keys.openPupilNames(&p, given, family); err != nil {
		return Pupil{}, err
	}
	p.Profile, err = decodeProfile(profile)
	return p, err
}
