package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// PupilRecords returns the stored records of the pupils with these UPNs,
// by pupil ref, signed time and id (byte order, as SQLite sorts);
// attachments with their data when withData. The UPNs go in as one array
// (= ANY), looked up through idx_records_pupil_ref.
func (s *Store) PupilRecords(ctx context.Context, upns []string, withData bool) ([]hub.Stored, error) {
	if len(upns) == 0 {
		return nil, nil
	}
	var recs []hub.Stored
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+recordColumns+` FROM records WHERE pupil_ref = ANY($1)
			ORDER BY pupil_ref COLLATE "C", signed_at, record_id COLLATE "C"`, upns)
		var err error
		recs, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.Stored, error) { return scanRecord(row) })
		if err != nil || len(recs) == 0 {
			return err
		}
		return addPupilAttachments(ctx, tx, upns, withData, recs)
	})
	if err != nil {
		return nil, fmt.Errorf("pupil records: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs, nil
}

func addPupilAttachments(ctx context.Context, tx pgx.Tx, upns []string, withData bool, recs []hub.Stored) error {
	index := make(map[string]int, len(recs))
	for i, r := range recs {
		index[r.ID] = i
	}
	data := `NULL::bytea, NULL::bytea`
	if withData {
		data = `a.salt, a.data`
	}
	rows, _ := tx.Query(ctx, `
		SELECT a.record_id, a.position, a.kind, a.media_type, a.hash, `+data+`
		  FROM attachments a JOIN records r ON r.record_id = a.record_id
		 WHERE r.pupil_ref = ANY($1) ORDER BY a.record_id, a.position`, upns)
	var id string
	var a hub.Attachment
	_, err := pgx.ForEachRow(rows, []any{&id, &a.Position, &a.Kind, &a.MediaType, &a.Hash, &a.Salt, &a.Data}, func() error {
		if i, ok := index[id]; ok {
			recs[i].Attachments = append(recs[i].Attachments, a)
		}
		a = hub.Attachment{} // Scan reuses the slices' targets otherwise
		return nil
	})
	return err
}

// Packs lists every pack published, newest first.
func (s *Store) Packs(ctx context.Context) ([]proto.PackManifest, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT pack_id, version, fingerprint, files, published_at FROM packs ORDER BY pack_seq DESC`)
	packs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (proto.PackManifest, error) {
		var m proto.PackManifest
		err := row.Scan(&m.ID, &m.Version, &m.Fingerprint, &m.Files, &m.PublishedAt)
		m.PublishedAt = m.PublishedAt.UTC()
		if m.Files == nil {
			m.Files = []proto.PackFile{}
		}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("packs: %w", wrapErr(err))
	}
	return packs, nil
}

// PutDrafts replaces device deviceID's list of drafts in one transaction.
func (s *Store) PutDrafts(ctx context.Context, deviceID string, drafts []record.DraftNote, at time.Time) error {
	ids := make([]string, len(drafts))
	refs := make([]string, len(drafts))
	started := make([]*time.Time, len(drafts))
	updated := make([]*time.Time, len(drafts))
	for i, d := range drafts {
		ids[i], refs[i] = d.ID, d.PupilRef
		started[i], updated[i] = nullTime(d.StartedAt), nullTime(d.UpdatedAt)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM device_drafts WHERE device_id = $1`, deviceID); err != nil {
			return err
		}
		if len(drafts) == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO device_drafts (device_id, draft_id, pupil_ref, started_at, updated_at, reported_at)
			SELECT $1, u.* , $6 FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS u`,
			deviceID, ids, refs, started, updated, at.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("put drafts of device %s: %w", deviceID, err)
	}
	return nil
}

// Drafts lists every device's drafts whose id is not a stored or erased
// record, by pupil ref, updated time, device and id.
func (s *Store) Drafts(ctx context.Context) ([]hub.DraftReport, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT d.draft_id, d.pupil_ref, d.started_at, d.updated_at, d.device_id, d.reported_at
		  FROM device_drafts d
		 WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.record_id = d.draft_id)
		   AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.record_id = d.draft_id)
		 ORDER BY d.pupil_ref COLLATE "C", d.updated_at NULLS FIRST, d.device_id COLLATE "C", d.draft_id COLLATE "C"`)
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (hub.DraftReport, error) {
		var d hub.DraftReport
		var started, updated *time.Time
		err := row.Scan(&d.ID, &d.PupilRef, &started, &updated, &d.DeviceID, &d.ReportedAt)
		d.StartedAt, d.UpdatedAt, d.ReportedAt = utc(started), utc(updated), d.ReportedAt.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", wrapErr(err))
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}
