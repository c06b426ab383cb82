package sqlitestore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
)

const pupilColumns = `upn, given_name, family_name, class, year, band, language, active, version`

func scanPupil(row interface{ Scan(...any) error }) (proto.Pupil, error) {
	var p proto.Pupil
	err := row.Scan(&p.UPN, &p.GivenName, &p.FamilyName, &p.Class, &p.Year, &p.Band, &p.Language, &p.Active, &p.Version)
	return p, err
}

// PutRoster replaces the roster with pupils in one transaction; new and
// changed pupils, and those who left, get the next version.
func (s *Store) PutRoster(ctx context.Context, pupils []proto.Pupil, at time.Time) (int64, error) {
	var version int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, current, err := loadRoster(ctx, tx)
		if err != nil {
			return err
		}
		changes, err := rosterChanges(old, pupils)
		if err != nil {
			return err
		}
		version = current
		if len(changes) == 0 {
			return nil
		}
		version = current + 1
		return savePupils(ctx, tx, changes, version, ts(at))
	})
	if err != nil {
		return 0, fmt.Errorf("put roster: %w", err)
	}
	return version, nil
}

// loadRoster reads every pupil by UPN, and the roster's version.
func loadRoster(ctx context.Context, tx *sql.Tx) (map[string]proto.Pupil, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+pupilColumns+` FROM pupils`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	old := map[string]proto.Pupil{}
	var current int64
	for rows.Next() {
		p, err := scanPupil(rows)
		if err != nil {
			return nil, 0, err
		}
		old[p.UPN] = p
		current = max(current, p.Version)
	}
	return old, current, rows.Err()
}

// rosterChanges lists the pupils to save: those listed that are new or
// differ, active; those no longer listed, inactive.
func rosterChanges(old map[string]proto.Pupil, pupils []proto.Pupil) ([]proto.Pupil, error) {
	var changes []proto.Pupil
	listed := map[string]bool{}
	for _, p := range pupils {
		if listed[p.UPN] {
			return nil, fmt.Errorf("UPN %s is listed twice", p.UPN)
		}
		listed[p.UPN] = true
		p.Active = true
		prev, ok := old[p.UPN]
		p.Version = prev.Version
		if !ok || prev != p {
			changes = append(changes, p)
		}
	}
	for upn, p := range old {
		if !listed[upn] && p.Active {
			p.Active = false
			changes = append(changes, p)
		}
	}
	return changes, nil
}

func savePupils(ctx context.Context, tx *sql.Tx, changes []proto.Pupil, version int64, at string) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO pupils (`+pupilColumns+`, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (upn) DO UPDATE SET given_name = excluded.given_name, family_name = excluded.family_name,
			class = excluded.class, year = excluded.year, band = excluded.band, language = excluded.language, active = excluded.active,
			version = excluded.version, updated_at = excluded.updated_at`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, p := range changes {
		_, err := st.ExecContext(ctx, p.UPN, p.GivenName, p.FamilyName, p.Class, p.Year, p.Band, p.Language, p.Active, version, at)
		if err != nil {
			return fmt.Errorf("pupil %s: %w", p.UPN, err)
		}
	}
	return nil
}

// Roster returns the pupils changed after version since, by UPN, and the
// current version.
func (s *Store) Roster(ctx context.Context, since int64) (proto.RosterPage, error) {
	page := proto.RosterPage{Pupils: []proto.Pupil{}}
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM pupils`).Scan(&page.Version)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+pupilColumns+`, updated_at FROM pupils WHERE version > ? ORDER BY upn`, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p proto.Pupil
			var updated string
			err := rows.Scan(&p.UPN, &p.GivenName, &p.FamilyName, &p.Class, &p.Year, &p.Band, &p.Language, &p.Active, &p.Version, &updated)
			if err != nil {
				return err
			}
			if !p.Active { // an inactive pupil is unchanged from the day they left
				if p.LeftAt, err = time.Parse(timeFormat, updated); err != nil {
					return fmt.Errorf("pupil %s: updated_at %q: %w", p.UPN, updated, err)
				}
			}
			page.Pupils = append(page.Pupils, p)
		}
		return rows.Err()
	})
	return page, err
}

// PutAsset keeps content-addressed bytes; hash must be their hex SHA-256.
func (s *Store) PutAsset(ctx context.Context, hash string, data []byte) error {
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != hash {
		return fmt.Errorf("put asset %s: the data's SHA-256 is %s", hash, got)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO assets (hash, data, size, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (hash) DO NOTHING`, hash, blob(data), len(data), ts(s.Now()))
		return err
	})
}

// Asset returns an asset's bytes, or ErrNotFound.
func (s *Store) Asset(ctx context.Context, hash string) ([]byte, error) {
	var data []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT data FROM assets WHERE hash = ?`, hash).Scan(&data)
		return notFound(err, "asset "+hash)
	})
	return data, err
}

// PublishPack makes m the current pack, published at at; every file's
// asset must be present (ErrNotFound otherwise).
func (s *Store) PublishPack(ctx context.Context, m proto.PackManifest, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, f := range m.Files {
			var present bool
			err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM assets WHERE hash = ?)`, f.Hash).Scan(&present)
			if err != nil {
				return err
			}
			if !present {
				return fmt.Errorf("publish pack %s %s: %s: asset %s: %w", m.ID, m.Version, f.Path, f.Hash, hub.ErrNotFound)
			}
		}
		var number int64
		err := tx.QueryRowContext(ctx, `INSERT INTO packs (pack_id, version, fingerprint, published_at)
			VALUES (?, ?, ?, ?) RETURNING pack_number`, m.ID, m.Version, m.Fingerprint, ts(at)).Scan(&number)
		if err != nil {
			return err
		}
		for i, f := range m.Files {
			_, err := tx.ExecContext(ctx, `INSERT INTO pack_files (pack_number, position, path, hash, size)
				VALUES (?, ?, ?, ?, ?)`, number, i, f.Path, f.Hash, f.Size)
			if err != nil {
				return fmt.Errorf("publish pack %s: %s: %w", m.ID, f.Path, err)
			}
		}
		return nil
	})
}

// CurrentPack returns the pack published last, or ErrNotFound.
func (s *Store) CurrentPack(ctx context.Context) (proto.PackManifest, error) {
	m := proto.PackManifest{Files: []proto.PackFile{}}
	err := s.read(ctx, func(tx *sql.Tx) error {
		var number int64
		err := tx.QueryRowContext(ctx, `SELECT pack_number, pack_id, version, fingerprint, published_at
			FROM packs ORDER BY pack_number DESC LIMIT 1`).
			Scan(&number, &m.ID, &m.Version, &m.Fingerprint, timeCol{&m.PublishedAt})
		if err != nil {
			return notFound(err, "current pack")
		}
		rows, err := tx.QueryContext(ctx,
			`SELECT path, hash, size FROM pack_files WHERE pack_number = ? ORDER BY position`, number)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f proto.PackFile
			if err := rows.Scan(&f.Path, &f.Hash, &f.Size); err != nil {
				return err
			}
			m.Files = append(m.Files, f)
		}
		return rows.Err()
	})
	return m, err
}
