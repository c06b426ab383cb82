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
// record's attachments, see RecordAttachments). Pupil is zero for an
// adult's own record (Body.Signatory), Adult zero when nobody countersigned.
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
	pupil, names, err := s.signatories(ctx, tx, b, atts)
	if err != nil {
		return err
	}
	if err := checkSupersedes(ctx, tx, b); err != nil {
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
	if err := s.audit(ctx, tx, b.Adult.StaffID, auditActionFor(b), auditSubject(b, pupil.ID)); err != nil {
		return err
	}
	return deleteDraft(ctx, tx, b.ID)
}

// auditSubject names the record and its signatory without personal data:
// the pupil's row id, or the adult signatory's kind and reference.
func auditSubject(b *record.Body, pupilID int64) string {
	if b.Signatory != nil {
		return fmt.Sprintf("record %s, %s %s", b.ID, b.Signatory.Kind, b.Signatory.Ref)
	}
	return fmt.Sprintf("record %s, pupil %d", b.ID, pupilID)
}

func auditActionFor(b *record.Body) string {
	switch {
	case b.Kind == record.KindCorrection:
		return AuditCorrected
	case b.Kind == record.KindVoid:
		return AuditVoided
	case b.Parent != nil:
		return AuditParentAck
	case b.Signatory != nil:
		return AuditAdultSigned
	}
	return AuditCountersigned
}

// checkSupersedes lets a correction or void name only the newest record
// of one of the same signatory's sign-offs, and never a void.
func checkSupersedes(ctx context.Context, tx *sql.Tx, b *record.Body) error {
	if b.Supersedes == "" {
		return nil
	}
	var kind string
	var body []byte
	var superseded bool
	err := tx.QueryRowContext(ctx, `SELECT kind, body,
		EXISTS (SELECT 1 FROM records c WHERE c.supersedes = r.record_id)
		FROM records r WHERE record_id = ?`, b.Supersedes).Scan(&kind, &body, &superseded)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("the record it supersedes, %s: %w", b.Supersedes, ErrNotFound)
	case err != nil:
		return err
	case superseded || kind == record.KindVoid:
		return ErrSuperseded
	}
	orig, err := record.Parse(body)
	if err != nil {
		return fmt.Errorf("the record it supersedes, %s: %w", b.Supersedes, err)
	}
	if orig.SignatoryKey() != b.SignatoryKey() {
		return fmt.Errorf("record %s belongs to someone else", b.Supersedes)
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

// signatories finds the body's signatory and countersigning adult, and
// returns the names every record carries as attachments: a pupil's
// display name and the adult's name from the roster and staff list; for an
// adult signing for themselves, their name from the staff list if they
// are on it (others bring their own, an AttachSignatoryName in atts), and
// the countersigning adult's if there is one. The pupil is zero for an
// adult's record.
func (s *Store) signatories(ctx context.Context, tx *sql.Tx, b *record.Body, atts []Attachment) (Pupil, []Attachment, error) {
	var pupil Pupil
	var names []Attachment
	switch sig := b.Signatory; {
	case sig == nil:
		row := tx.QueryRowContext(ctx, `SELECT `+pupilColumns+` FROM pupils WHERE upn = ?`, b.PupilRef)
		var err error
		pupil, err = s.scanPupil(row)
		if errors.Is(err, sql.ErrNoRows) {
			return Pupil{}, nil, fmt.Errorf("unknown pupil reference: %w", ErrNotFound)
		}
		if err != nil {
			return Pupil{}, nil, err
		}
		names = append(names, Attachment{Kind: record.AttachDisplayName, MediaType: textPlain, Data: []byte(pupil.Name())})
	case sig.Kind == record.SignatoryStaff && !hasKind(atts, record.AttachSignatoryName) && b.Kind == record.KindAgreement:
		id, ok := staffIDOf(sig.Ref)
		if !ok {
			return Pupil{}, nil, fmt.Errorf("staff reference %q is not on this kiosk and no name was given: %w", sig.Ref, ErrNotFound)
		}
		name, err := s.staffName(ctx, tx, id)
		if err != nil {
			return Pupil{}, nil, fmt.Errorf("the member of staff signing: %w", err)
		}
		names = append(names, Attachment{Kind: record.AttachSignatoryName, MediaType: textPlain, Data: []byte(name)})
	case !hasKind(atts, record.AttachSignatoryName) && b.Kind == record.KindAgreement:
		// (a correction or void is the staff's, and names them below)
		return Pupil{}, nil, fmt.Errorf("a %s signs with their name: %w", sig.Kind, ErrNotFound)
	}
	if b.Adult.StaffID == 0 {
		return pupil, names, nil
	}
	adult, err := s.staffName(ctx, tx, b.Adult.StaffID)
	if err != nil {
		return Pupil{}, nil, fmt.Errorf("the countersigning adult: %w", err)
	}
	return pupil, append(names, Attachment{Kind: record.AttachAdultName, MediaType: textPlain, Data: []byte(adult)}), nil
}

// staffName is the name of the member of staff id, opened.
func (s *Store) staffName(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var sealedName []byte
	err := tx.QueryRowContext(ctx, `SELECT name FROM staff WHERE staff_id = ?`, id).Scan(&sealedName)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("unknown member of staff %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	return s.keys.openStaffName(id, sealedName)
}

// staffIDOf reads a kiosk staff reference (record.StaffRef).
func staffIDOf(ref string) (int64, bool) {
	var id int64
	if _, err := fmt.Sscanf(ref, "staff-%d", &id); err != nil || record.StaffRef(id) != ref {
		return 0, false
	}
	return id, true
}

func hasKind(atts []Attachment, kind string) bool {
	for _, a := range atts {
		if a.Kind == kind {
			return true
		}
	}
	return false
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
	var owner, sigKind, sigRef any = pupilID, nil, nil
	if b.Signatory != nil {
		owner, sigKind, sigRef = nil, b.Signatory.Kind, b.Signatory.Ref
	}
	var staffID any
	if b.Adult.StaffID != 0 {
		staffID = b.Adult.StaffID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO records (record_id, kind, pupil_id, signatory_kind,
		signatory_ref, form_id, band, band_alias, pack_id, pack_version, pack_fingerprint, staff_id,
		started_at, signed_at, body, body_hash, created_at, device_id, device_seq, prev_hash, signature,
		supersedes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.ID, b.Kind, owner, sigKind, sigRef, b.Form, b.Band, b.BandAlias, b.Pack.ID, b.Pack.Version,
		b.Pack.Fingerprint, staffID, utc(b.StartedAt), utc(b.SignedAt),
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

// recordsQuery reads records with their pupil and countersigning adult
// as they are now; an adult's own record has no pupil, and one signed at
// a self-service reception tablet no adult.
const recordsQuery = `SELECT r.record_id, r.body, r.body_hash, r.signature, s.staff_id, s.name, s.role,
	p.pupil_id, p.upn, p.given_name, p.family_name, p.class_name, p.year_group,
	p.band, p.language, p.profile, p.active, p.updated_at
	FROM records r
	LEFT JOIN pupils p ON p.pupil_id = r.pupil_id
	LEFT JOIN staff s ON s.staff_id = r.staff_id `

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
	var id string
	var adultID, pupilID sql.NullInt64
	var adultRole, upn, class, year, band, lang, profile, updated sql.NullString
	var active sql.NullBool
	var adultName, given, family []byte
	err := rows.Scan(&id, &rec.BodyBytes, &rec.Hash, &rec.Signature, &adultID, &adultName, &adultRole,
		&pupilID, &upn, &given, &family, &class, &year, &band, &lang, &profile, &active, &updated)
	if err != nil {
		return SavedRecord{}, err
	}
	if err := s.checkSaved(rec); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if rec.Body, err = record.Parse(rec.BodyBytes); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if adultID.Valid {
		rec.Adult.ID, rec.Adult.Role = adultID.Int64, adultRole.String
		if rec.Adult.Name, err = s.keys.openStaffName(rec.Adult.ID, adultName); err != nil {
			return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
		}
	}
	if !pupilID.Valid {
		return rec, nil
	}
	p := &rec.Pupil
	p.ID, p.UPN, p.Class, p.Year, p.Band, p.Language = pupilID.Int64, upn.String, class.String, year.String, band.String, lang.String
	p.Active = active.Bool
	p.Left = leftAt(p.Active, updated.String)
	if err := s.keys.openPupilNames(p, given, family); err != nil {
		return SavedRecord{}, fmt.Errorf("record %s: %w", id, err)
	}
	if p.Profile, err = decodeProfile(profile.String); err != nil {
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
