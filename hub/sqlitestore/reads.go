package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// PupilRecords returns the stored records of the pupils with these UPNs,
// by pupil ref, signed time and id; attachments with their data when
// withData. The UPNs go in as one JSON array (json_each), so any number
// of them is one statement, looked up through idx_records_pupil_ref.
func (s *Store) PupilRecords(ctx context.Context, upns []string, withData bool) ([]hub.Stored, error) {
	if len(upns) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(upns)
	if err != nil {
		return nil, fmt.Errorf("pupil records: %w", err)
	}
	var recs []hub.Stored
	err = s.read(ctx, func(tx *sql.Tx) error {
		var index map[string]int
		var err error
		recs, index, err = queryRecords(ctx, tx, `SELECT `+recordColumns+` FROM records
			WHERE pupil_ref IN (SELECT value FROM json_each(?))
			ORDER BY pupil_ref, signed_at, record_id`, string(list))
		if err != nil || len(recs) == 0 {
			return err
		}
		return pupilAttachments(ctx, tx, string(list), withData, recs, index)
	})
	if err != nil {
		return nil, fmt.Errorf("pupil records: %w", err)
	}
	return recs, nil
}

// pupilAttachments fills in the attachments of the records read by
// PupilRecords, in position order.
func pupilAttachments(ctx context.Context, tx *sql.Tx, list string, withData bool, recs []hub.Stored, index map[string]int) error {
	data := `NULL, NULL`
	if withData {
		data = `a.salt, a.data`
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.record_id, a.position, a.kind, a.media_type, a.hash, `+data+`
		FROM record_attachments AS a JOIN records AS r USING (record_id)
		WHERE r.pupil_ref IN (SELECT value FROM json_each(?))
		ORDER BY a.record_id, a.position`, list)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a hub.Attachment
		if err := rows.Scan(&id, &a.Position, &a.Kind, &a.MediaType, &a.Hash, &a.Salt, &a.Data); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			recs[i].Attachments = append(recs[i].Attachments, a)
		}
	}
	return rows.Err()
}

// Packs lists every pack published, newest first.
func (s *Store) Packs(ctx context.Context) ([]proto.PackManifest, error) {
	packs := []proto.PackManifest{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT pack_number, pack_id, version, fingerprint, published_at
			FROM packs ORDER BY pack_number DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[int64]int{}
		for rows.Next() {
			var number int64
			m := proto.PackManifest{Files: []proto.PackFile{}}
			if err := rows.Scan(&number, &m.ID, &m.Version, &m.Fingerprint, timeCol{&m.PublishedAt}); err != nil {
				return err
			}
			index[number] = len(packs)
			packs = append(packs, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return packFiles(ctx, tx, packs, index)
	})
	if err != nil {
		return nil, fmt.Errorf("packs: %w", err)
	}
	return packs, nil
}

func packFiles(ctx context.Context, tx *sql.Tx, packs []proto.PackManifest, index map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT pack_number, path, hash, size FROM pack_files ORDER BY pack_number, position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var number int64
		var f proto.PackFile
		if err := rows.Scan(&number, &f.Path, &f.Hash, &f.Size); err != nil {
			return err
		}
		if i, ok := index[number]; ok {
			packs[i].Files = append(packs[i].Files, f)
		}
	}
	return rows.Err()
}

// PutDrafts replaces device deviceID's list of drafts in one transaction.
func (s *Store) PutDrafts(ctx context.Context, deviceID string, drafts []record.DraftNote, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM device_drafts WHERE device_id = ?`, deviceID); err != nil {
			return err
		}
		if len(drafts) == 0 {
			return nil
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO device_drafts (device_id, draft_id, pupil_ref,
			started_at, updated_at, reported_at) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, d := range drafts {
			_, err := st.ExecContext(ctx, deviceID, d.ID, d.PupilRef, nullTS(d.StartedAt), nullTS(d.UpdatedAt), ts(at))
			if err != nil {
				return fmt.Errorf("draft %s: %w", d.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put drafts of device %s: %w", deviceID, err)
	}
	return nil
}

// Drafts lists every device's drafts whose id is not a stored or erased
// record, by pupil ref, updated time, device and id.
func (s *Store) Drafts(ctx context.Context) ([]hub.DraftReport, error) {
	var list []hub.DraftReport
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.draft_id, d.pupil_ref, d.started_at, d.updated_at,
			d.device_id, d.reported_at FROM device_drafts AS d
			WHERE NOT EXISTS (SELECT 1 FROM records AS r WHERE r.record_id = d.draft_id)
			AND NOT EXISTS (SELECT 1 FROM tombstones AS t WHERE t.record_id = d.draft_id)
			ORDER BY d.pupil_ref, d.updated_at, d.device_id, d.draft_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d hub.DraftReport
			err := rows.Scan(&d.ID, &d.PupilRef, timeCol{&d.StartedAt}, timeCol{&d.UpdatedAt}, &d.DeviceID,
				timeCol{&d.ReportedAt})
			if err != nil {
				return err
			}
			list = append(list, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", err)
	}
	return list, nil
}
