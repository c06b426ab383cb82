package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
)

// PutRoster replaces the roster with pupils in one transaction; new and
// changed pupils, and those no longer listed, get the next version.
func (s *Store) PutRoster(ctx context.Context, pupils []proto.Pupil, at time.Time) (int64, error) {
	var version int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Writers queue here; readers of the roster carry on.
		if _, err := tx.Exec(ctx, `LOCK TABLE pupils IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		old, err := allPupils(ctx, tx)
		if err != nil {
			return err
		}
		version = 0
		for _, p := range old {
			version = max(version, p.Version)
		}
		changed := rosterChanges(old, pupils)
		if len(changed) == 0 {
			return nil
		}
		version++
		return writePupils(ctx, tx, changed, version, at.UTC())
	})
	if err != nil {
		return 0, fmt.Errorf("put roster: %w", err)
	}
	return version, nil
}

// rosterChanges lists the pupils to write: listed ones that are new or
// differ (a later listing of a UPN wins), and active ones no longer listed,
// now inactive.
func rosterChanges(old map[string]proto.Pupil, listed []proto.Pupil) []proto.Pupil {
	want := make(map[string]proto.Pupil, len(listed))
	var order []string
	for _, p := range listed {
		if _, dup := want[p.UPN]; !dup {
			order = append(order, p.UPN)
		}
		p.Active, p.Version = true, 0
		want[p.UPN] = p
	}
	var changed []proto.Pupil
	for _, upn := range order {
		p := want[upn]
		if o, ok := old[upn]; !ok || withoutVersion(o) != p {
			changed = append(changed, p)
		}
	}
	for upn, o := range old {
		if _, listed := want[upn]; !listed && o.Active {
			o.Active = false
			changed = append(changed, o)
		}
	}
	return changed
}

func withoutVersion(p proto.Pupil) proto.Pupil {
	p.Version = 0
	return p
}

func allPupils(ctx context.Context, tx pgx.Tx) (map[string]proto.Pupil, error) {
	rows, _ := tx.Query(ctx, `SELECT `+pupilColumns+` FROM pupils`)
	list, err := pgx.CollectRows(rows, scanPupil)
	if err != nil {
		return nil, err
	}
	m := make(map[string]proto.Pupil, len(list))
	for _, p := range list {
		m[p.UPN] = p
	}
	return m, nil
}

func writePupils(ctx context.Context, tx pgx.Tx, ps []proto.Pupil, version int64, at time.Time) error {
	n := len(ps)
	upns, given, family, class := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	year, band, language, active := make([]string, n), make([]string, n), make([]string, n), make([]bool, n)
	for i, p := range ps {
		upns[i], given[i], family[i], class[i] = p.UPN, p.GivenName, p.FamilyName, p.Class
		year[i], band[i], language[i], active[i] = p.Year, p.Band, p.Language, p.Active
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO pupils (upn, given_name, family_name, class, year, band, language, active, version, updated_at)
		SELECT u.*, $9, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
		                               $5::text[], $6::text[], $7::text[], $8::bool[]) AS u
		ON CONFLICT (upn) DO UPDATE SET given_name = EXCLUDED.given_name,
		    family_name = EXCLUDED.family_name, class = EXCLUDED.class, year = EXCLUDED.year,
		    band = EXCLUDED.band, language = EXCLUDED.language, active = EXCLUDED.active,
		    version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
		upns, given, family, class, year, band, language, active, version, at)
	return err
}

const pupilColumns = `upn, given_name, family_name, class, year, band, language, active, version`

func scanPupil(row pgx.CollectableRow) (proto.Pupil, error) {
	var p proto.Pupil
	err := row.Scan(&p.UPN, &p.GivenName, &p.FamilyName, &p.Class, &p.Year, &p.Band, &p.Language, &p.Active, &p.Version)
	return p, err
}

// Roster returns the pupils changed after version since (all when 0), by
// UPN, and the current version, from one snapshot.
func (s *Store) Roster(ctx context.Context, since int64) (proto.RosterPage, error) {
	page := proto.RosterPage{Pupils: []proto.Pupil{}}
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT COALESCE(max(version), 0) FROM pupils`).Scan(&page.Version)
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT `+pupilColumns+`, updated_at FROM pupils
			WHERE version > $1 ORDER BY upn COLLATE "C"`, since)
		page.Pupils, err = pgx.AppendRows(page.Pupils, rows, func(row pgx.CollectableRow) (proto.Pupil, error) {
			var p proto.Pupil
			var updated time.Time
			err := row.Scan(&p.UPN, &p.GivenName, &p.FamilyName, &p.Class, &p.Year, &p.Band, &p.Language, &p.Active, &p.Version, &updated)
			if !p.Active { // an inactive pupil is unchanged from the day they left
				p.LeftAt = updated.UTC()
			}
			return p, err
		})
		return err
	})
	if err != nil {
		return proto.RosterPage{}, fmt.Errorf("roster: %w", err)
	}
	return page, nil
}

// PutAsset keeps content-addressed bytes; putting one again is fine.
func (s *Store) PutAsset(ctx context.Context, hash string, data []byte) error {
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != hash {
		return fmt.Errorf("put asset %s: the data's SHA-256 is %s", hash, got)
	}
	_, err := s.pool.Exec(ctx,
		`INSERT INTO assets (hash, data) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`, hash, nonNil(data))
	if err != nil {
		return fmt.Errorf("put asset %s: %w", hash, wrapErr(err))
	}
	return nil
}

// Asset returns an asset's bytes, or hub.ErrNotFound.
func (s *Store) Asset(ctx context.Context, hash string) ([]byte, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM assets WHERE hash = $1`, hash).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("asset %s: %w", hash, hub.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("asset %s: %w", hash, wrapErr(err))
	}
	return data, nil
}

// PublishPack makes m the current pack, published at at, once every file's
// asset is present (hub.ErrNotFound otherwise).
func (s *Store) PublishPack(ctx context.Context, m proto.PackManifest, at time.Time) error {
	hashes := make([]string, len(m.Files))
	for i, f := range m.Files {
		hashes[i] = f.Hash
	}
	files := m.Files
	if files == nil {
		files = []proto.PackFile{}
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// FOR KEY SHARE keeps the assets from being deleted before commit.
		rows, _ := tx.Query(ctx,
			`SELECT hash FROM assets WHERE hash = ANY($1) FOR KEY SHARE`, hashes)
		present, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		have := make(map[string]bool, len(present))
		for _, h := range present {
			have[h] = true
		}
		for _, f := range m.Files {
			if !have[f.Hash] {
				return fmt.Errorf("file %s (asset %s): %w", f.Path, f.Hash, hub.ErrNotFound)
			}
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO packs (pack_id, version, fingerprint, files, published_at)
			VALUES ($1, $2, $3, $4, $5)`,
			m.ID, m.Version, m.Fingerprint, files, at.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("publish pack %s %s: %w", m.ID, m.Version, err)
	}
	return nil
}

// CurrentPack returns the pack published last, or hub.ErrNotFound.
func (s *Store) CurrentPack(ctx context.Context) (proto.PackManifest, error) {
	var m proto.PackManifest
	err := s.pool.QueryRow(ctx, `
		SELECT pack_id, version, fingerprint, files, published_at FROM packs
		 ORDER BY pack_seq DESC LIMIT 1`).
		Scan(&m.ID, &m.Version, &m.Fingerprint, &m.Files, &m.PublishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, fmt.Errorf("current pack: %w", hub.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("current pack: %w", wrapErr(err))
	}
	m.PublishedAt = m.PublishedAt.UTC()
	return m, nil
}
