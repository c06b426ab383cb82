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
// from them, its signature, and the pupil and adult the body refers to (as
// they are on the roster now; the names as they were at signing are the
// record's attachments, see RecordAttachments).
type SavedRecord struct {
	Body      *record.Body
	BodyBytes []byte
	Hash      string // record.Hash(BodyBytes)
	Signature []byte // nil only for records saved before records were signed
	Pupil     Pupil
	Adult     Staff
}

// SaveRecord signs and stores a finished sign-off in one immediate
// transaction: the record (the body's exact bytes and their signature), its
// answers, its attachments, its outbox row, and the deletion of the draft
// with the same id. "Saved" may be shown once it returns nil.
//
// The store completes the body (the caller's copy is not changed): the
// device id, the next sequence number and the previous record's hash, and
// the attachment list — first the pupil's display name and the adult's
// name, which the store attaches itself from the roster, then atts (the
// pupil's mark, the adult's signature image) in the order given.
//
// Saving an id already stored writes nothing and returns ErrAlreadySaved.
// An unknown pupil or adult returns ErrNotFound. A full disk returns
// ErrDiskFull; nothing is written and the draft is kept.
func (s *Store) SaveRecord(ctx context.Context, body *record.Body, atts ...Attachment) error {
	if body == nil {
		return errors.New("save record: no body")
	}
	if err := checkAttachments(atts); err != nil {
		return fmt.Errorf("save record %s: %w", body.ID, err)
	}
	b := *body
	err := s.write(ctx, func(tx *sql.Tx) error { return s.saveRecord(ctx, tx, &b, atts) })
	if err != nil {
		return fmt.Errorf("save record %s: %w", body.ID, diskFull(err))
	}
	s.backupSoon()
	s.committed()
	return nil
}

func (s *Store) saveRecord(ctx context.Context, tx *sql.Tx, b *record.Body, atts []Attachment) error {
	if err := checkNotSaved(ctx, tx, b.ID); err != nil {
		return err
	}
	pupil, names, err := s.signatories(ctx, tx, b)
	if err != nil {
		return err
	}
	if err := checkSupersedes(ctx, tx, b, pupil.ID); err != nil {
		return err
	}
	sealed := s.sealAttachments(b.ID, append(names, atts...))
	b.Attachments = refsOf(sealed)
	if err := s.link(ctx, tx, b); err != nil {
		return err
	}
	data, err := b.Marshal()
	if err != nil {
		return err
	}
	if err := s.insertRecord(ctx, tx, b, pupil.ID, data, record.Sign(s.keys.priv, data)); err != nil {
		return err
	}
	if err := insertAnswers(ctx, tx, b.ID, b.Answers); err != nil {
		return err
	}
	if err := insertAttachments(ctx, tx, b.ID, sealed); err != nil {
		return err
	}
	if err := insertOutbox(ctx, tx, b.ID, s.now()); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, b.Adult.StaffID, auditActionFor(b), fmt.Sprintf("record %s, pupil %d", b.ID, pupil.ID)); err != nil {
		return err
	}
	return deleteDraft(ctx, tx, b.ID)
}

func auditActionFor(b *record.Body) string {
	switch {
	case b.Kind == record.KindCorrection:
		return AuditCorrected
	case b.Kind == record.KindVoid:
		return AuditVoided
	case b.Parent != nil:
		return AuditParentAck
	}
	return AuditCountersigned
}

// checkSupersedes lets a correction or void name only the newest record
// of one of the same pupil's sign-offs, and never a void.
func checkSupersedes(ctx context.Context, tx *sql.Tx, b *record.Body, pupilID int64) error {
	if b.Supersedes == "" {
		return nil
	}
	var kind string
	var owner int64
	var superseded bool
	err := tx.QueryRowContext(ctx, `SELECT kind, pupil_id,
		EXISTS (SELECT 1 FROM records c WHERE c.supersedes = r.record_id)
		FROM records r WHERE record_id = ?`, b.Supersedes).Scan(&kind, &owner, &superseded)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("the record it supersedes, %s: %w", b.Supersedes, ErrNotFound)
	case err != nil:
		return err
	case owner != pupilID:
		return fmt.Errorf("record %s belongs to another pupil", b.Supersedes)
	case superseded || kind == record.KindVoid:
		return ErrSuperseded
	}
	return nil
}

func checkNotSaved(ctx context.Context, tx *sql.Tx, id string) error {
	var saved bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM records WHERE record_id = ?)`, id).Scan(&saved)
	if err == nil && saved {
		err = ErrAlreadySaved
	}
	return err
}

// signatories finds the body's pupil and adult, and returns their names as
// the attachments every record carries.
func (s *Store) signatories(ctx context.Context, tx *sql.Tx, b *record.Body) (Pupil, []Attachment, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+pupilColumns+` FROM pupils WHERE upn = ?`, b.PupilRef)
	pupil, err := s.scanPupil(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Pupil{}, nil, fmt.Errorf("unknown pupil reference: %w", ErrNotFound)
	}
	if err != nil {
		return Pupil{}, nil, err
	}
	var sealedName []byte
	err = tx.QueryRowContext(ctx, `SELECT name FROM staff WHERE staff_id = ?`, b.Adult.StaffID).Scan(&sealedName)
	if errors.Is(err, sql.ErrNoRows) {
		return Pupil{}, nil, fmt.Errorf("unknown countersigning adult: %w", ErrNotFound)
	}
	if err != nil {
		return Pupil{}, nil, err
	}
	adult, err := s.keys.openStaffName(b.Adult.StaffID, sealedName)
	if err != nil {
		return Pupil{}, nil, err
	}
	return pupil, []Attachment{
		{Kind: record.AttachDisplayName, MediaType: textPlain, Data: []byte(pupil.Name())},
		{Kind: record.AttachAdultName, MediaType: textPlain, Data: []byte(adult)},
	}, nil
}

// link sets the body's place in this device's chain: the next sequence
// number after the newest record, and that record's body hash.
func (s *Store) link(ctx context.Context, tx *sql.Tx, b *record.Body) error {
	b.Device, b.Seq, b.Prev = s.keys.device.ID, 1, ""
	err := tx.QueryRowContext(ctx, `SELECT device_seq + 1, body_hash FROM records
		WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1`, b.Device).Scan(&b.Seq, &b.Prev)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

func (s *Store) insertRecord(ctx context.Context, tx *sql.Tx, b *record.Body, pupilID int64, data, sig []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO records (record_id, kind, pupil_id, form_id,
		band, band_alias, pack_id, pack_version, pack_fingerprint, staff_id, started_at,
		signed_at, body, body_hash, created_at, device_id, device_seq, prev_hash, signature, supersedes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.ID, b.Kind, pupilID, b.Form, b.Band, b.BandAlias, b.Pack.ID, b.Pack.Version,
		b.Pack.Fingerprint, b.Adult.StaffID, utc(b.StartedAt), utc(b.SignedAt),
		data, record.Hash(data), s.now(), b.Device, b.Seq, b.Prev, sig, nullString(b.Supersedes))
	return err
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

// Records returns every stored record, oldest signature first. A record
// whose body no longer matches its hash or signature is an error.
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

const recordsQuery = `SELECT r.record_id, r.body, r.body_hash, r.signature, s.staff_id, s.name, s.role,
	p.pupil_id, p.upn, p.given_name, p.family_name, p.class_name, p.year_group,
	p.band, p.language, p.profile, p.active, p.updated_at
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
			rec, err := s.scanRecord(rows)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
		}
		return rows.Err()
	})
	return recs, err
}

func (s *Store) scanRecord(rows *sql.Rows) (SavedRecord, error) {
	var rec SavedRecord
	var id, profile, updated string
	var adultName, given, family []byte
	p := &rec.Pupil
	err := rows.Scan(&id, &rec.BodyBytes, &rec.Hash, &rec.Signature, &rec.Adult.ID, &adultName, &rec.Adult.Role,
		&p.ID, &p.UPN, &given, &family, &p.Class, &p.Year,
		&p.Band, &p.Language, &profile, &p.Active, &updated)
	if err != nil {
		return SavedRecord{}, err
	}
	p.Left = leftAt(p.Active, updated)
	if err := s.checkSaved(rec); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if rec.Adult.Name, err = s.keys.openStaffName(rec.Adult.ID, adultName); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if err := s.keys.openPupilNames(p, given, family); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if p.Profile, err = decodeProfile(profile); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if rec.Body, err = record.Parse(rec.BodyBytes); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	return rec, nil
}

// checkSaved checks a stored body against its hash and, if it was signed,
// its signature.
func (s *Store) checkSaved(rec SavedRecord) error {
	if record.Hash(rec.BodyBytes) != rec.Hash {
		return errors.New("stored body does not match its hash")
	}
	if rec.Signature == nil {
		return nil
	}
	return record.Verify(s.keys.device.PublicKey, rec.BodyBytes, rec.Signature)
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
