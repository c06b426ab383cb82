package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// Where sealed names belong. A pupil's name is bound to the row and the
// UPN, so swapping sealed names (or UPNs) between pupils is detected.
func pupilNamePlace(column string, id int64, upn string) place {
	return at("pupils", column, id, upn)
}

func staffNamePlace(id int64) place { return at("staff", "name", id) }

func (k *keyring) sealPupilNames(id int64, p Pupil) (given, family []byte) {
	return k.sealString(p.GivenName, pupilNamePlace("given_name", id, p.UPN)),
		k.sealString(p.FamilyName, pupilNamePlace("family_name", id, p.UPN))
}

func (k *keyring) openPupilNames(p *Pupil, given, family []byte) error {
	var err1, err2 error
	p.GivenName, err1 = k.openString(given, pupilNamePlace("given_name", p.ID, p.UPN))
	p.FamilyName, err2 = k.openString(family, pupilNamePlace("family_name", p.ID, p.UPN))
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("pupil %d's name: %w", p.ID, err)
	}
	return nil
}

func (k *keyring) openStaffName(id int64, sealed []byte) (string, error) {
	name, err := k.openString(sealed, staffNamePlace(id))
	if err != nil {
		return "", fmt.Errorf("staff %d's name: %w", id, err)
	}
	return name, nil
}

// sortPupils orders pupils by family name, given name, then id — the order
// SQL's ORDER BY gave when names were plain text (byte order).
func sortPupils(ps []Pupil) {
	slices.SortFunc(ps, func(a, b Pupil) int {
		return cmp.Or(cmp.Compare(a.FamilyName, b.FamilyName), cmp.Compare(a.GivenName, b.GivenName),
			cmp.Compare(a.ID, b.ID))
	})
}

// nextRowID is the id the next row of table gets. The caller holds the
// write lock (an immediate transaction), so no one else can take it; the
// id is needed before the insert because sealed names are bound to it.
func nextRowID(ctx context.Context, tx *sql.Tx, table, column string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(`+column+`), 0) + 1 FROM `+table).Scan(&id)
	return id, err
}

// sealLegacyNames seals names stored as plain text before migration 0002.
func (s *Store) sealLegacyNames(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.sealLegacyPupils(ctx, tx); err != nil {
			return fmt.Errorf("seal pupils' names: %w", err)
		}
		if err := s.sealLegacyStaff(ctx, tx); err != nil {
			return fmt.Errorf("seal staff names: %w", err)
		}
		return nil
	})
}

func (s *Store) sealLegacyPupils(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT pupil_id, upn, given_name, family_name FROM pupils
		WHERE typeof(given_name) = 'text' OR typeof(family_name) = 'text'`)
	if err != nil {
		return err
	}
	var legacy []Pupil
	for rows.Next() {
		var p Pupil
		if err := rows.Scan(&p.ID, &p.UPN, &p.GivenName, &p.FamilyName); err != nil {
			rows.Close()
			return err
		}
		legacy = append(legacy, p)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, p := range legacy {
		given, family := s.keys.sealPupilNames(p.ID, p)
		_, err := tx.ExecContext(ctx, `UPDATE pupils SET given_name = ?, family_name = ?
			WHERE pupil_id = ?`, given, family, p.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) sealLegacyStaff(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT staff_id, name FROM staff WHERE typeof(name) = 'text'`)
	if err != nil {
		return err
	}
	var legacy []Staff
	for rows.Next() {
		var st Staff
		if err := rows.Scan(&st.ID, &st.Name); err != nil {
			rows.Close()
			return err
		}
		legacy = append(legacy, st)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, st := range legacy {
		sealed := s.keys.sealString(st.Name, staffNamePlace(st.ID))
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET name = ? WHERE staff_id = ?`, sealed, st.ID); err != nil {
			return err
		}
	}
	return nil
}

// sortStaff orders adults active first, then by name, then id.
func sortStaff(ss []Staff) {
	slices.SortFunc(ss, func(a, b Staff) int {
		return cmp.Or(-cmp.Compare(boolInt(a.Active), boolInt(b.Active)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
