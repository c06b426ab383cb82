package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Visitor is an entry of the reception tablet's visitor book: a visitor
// or volunteer, the version of the form they last read to its end, and
// when they last signed in.
type Visitor struct {
	Ref          string // the signatory reference on their records
	Kind         string // record.SignatoryVisitor or record.SignatoryVolunteer
	Name         string
	Organisation string
	Form         string
	Version      string
	ReadAt       time.Time // when they last read Form to its end
	LastVisit    time.Time
}

func visitorPlace(column, ref string) place { return at("visitors", column, ref) }

// SaveVisit saves a visitor's or volunteer's declaration like SaveRecord
// and, in the same transaction, writes them into the visitor book: read
// says they read the form to its end this time (a returning visitor who
// signed this version this school year signs in without reading again).
// The name and the organisation come from the signatory_name and visit
// attachments, which the declaration must carry.
func (s *Store) SaveVisit(ctx context.Context, body *record.Body, read bool, atts ...Attachment) error {
	if body == nil || body.Signatory == nil ||
		(body.Signatory.Kind != record.SignatoryVisitor && body.Signatory.Kind != record.SignatoryVolunteer) {
		return errors.New("save visit: the record is not a visitor's or a volunteer's")
	}
	if err := checkAttachments(atts); err != nil {
		return fmt.Errorf("save visit %s: %w", body.ID, err)
	}
	name, visit, err := visitorDetails(atts)
	if err != nil {
		return fmt.Errorf("save visit %s: %w", body.ID, err)
	}
	b := *body
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := s.saveRecord(ctx, tx, &b, atts); err != nil {
			return err
		}
		return s.writeVisitor(ctx, tx, &b, name, visit.Organisation, read)
	})
	if err != nil {
		return fmt.Errorf("save visit %s: %w", body.ID, diskFull(err))
	}
	s.backupSoon()
	s.committed()
	return nil
}

func visitorDetails(atts []Attachment) (string, record.VisitDetails, error) {
	var name string
	var visit record.VisitDetails
	for _, a := range atts {
		switch a.Kind {
		case record.AttachSignatoryName:
			name = strings.TrimSpace(string(a.Data))
		case record.AttachVisit:
			if err := json.Unmarshal(a.Data, &visit); err != nil {
				return "", visit, fmt.Errorf("the visit attachment: %w", err)
			}
		}
	}
	if name == "" {
		return "", visit, fmt.Errorf("a visitor signs with their name: %w", ErrNotFound)
	}
	return name, visit, nil
}

func (s *Store) writeVisitor(ctx context.Context, tx *sql.Tx, b *record.Body, name, org string, read bool) error {
	ref := b.Signatory.Ref
	var readAt, version string
	err := tx.QueryRowContext(ctx, `SELECT read_at, pack_version FROM visitors WHERE ref = ?`, ref).Scan(&readAt, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if !read {
			return errors.New("a visitor not in the visitor book must read the form")
		}
	case err != nil:
		return err
	}
	if read {
		readAt, version = utc(b.SignedAt), b.Pack.Version
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO visitors (ref, kind, name, organisation, form_id, pack_version, read_at, last_visit)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (ref) DO UPDATE SET kind = excluded.kind, name = excluded.name, organisation = excluded.organisation,
			form_id = excluded.form_id, pack_version = excluded.pack_version, read_at = excluded.read_at,
			last_visit = excluded.last_visit`,
		ref, b.Signatory.Kind, s.keys.sealString(name, visitorPlace("name", ref)),
		s.keys.sealString(org, visitorPlace("organisation", ref)), b.Form, version, readAt, utc(b.SignedAt))
	return err
}

// FindVisitor looks for the visitor or volunteer called name (capitals,
// accents and spacing aside) who read formID at version to its end at or
// after since (the start of the school year): the most recent visitor of
// that name, or ok false. Only the name typed is looked for: the tablet
// never lists the visitor book.
func (s *Store) FindVisitor(ctx context.Context, name, formID, version string, since time.Time) (v Visitor, ok bool, err error) {
	want := nameKey(name)
	if want == "" {
		return Visitor{}, false, nil
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT ref, kind, name, organisation, form_id, pack_version, read_at, last_visit
			FROM visitors WHERE form_id = ? AND pack_version = ? AND read_at >= ? ORDER BY last_visit DESC`,
			formID, version, utc(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c Visitor
			var sealedName, sealedOrg []byte
			var readAt, last string
			if err := rows.Scan(&c.Ref, &c.Kind, &sealedName, &sealedOrg, &c.Form, &c.Version, &readAt, &last); err != nil {
				return err
			}
			if c.Name, err = s.keys.openString(sealedName, visitorPlace("name", c.Ref)); err != nil {
				return fmt.Errorf("visitor %s's name: %w", c.Ref, err)
			}
			if nameKey(c.Name) != want {
				continue
			}
			if c.Organisation, err = s.keys.openString(sealedOrg, visitorPlace("organisation", c.Ref)); err != nil {
				return fmt.Errorf("visitor %s's organisation: %w", c.Ref, err)
			}
			c.ReadAt, _ = time.Parse(time.RFC3339, readAt)
			c.LastVisit, _ = time.Parse(time.RFC3339, last)
			v, ok = c, true
			return nil
		}
		return rows.Err()
	})
	if err != nil {
		return Visitor{}, false, fmt.Errorf("find visitor: %w", err)
	}
	return v, ok, nil
}

// nameKey is a name as FindVisitor compares it: lower case, letters and
// digits only, words separated by one space.
func nameKey(name string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-'
	}) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(word)
	}
	return b.String()
}

// SchoolYearStart is the 1 September on or before t, in t's location: a
// visitor who read the policy since then need not read it again.
func SchoolYearStart(t time.Time) time.Time {
	y := t.Year()
	if t.Month() < time.September {
		y--
	}
	return time.Date(y, time.September, 1, 0, 0, 0, 0, t.Location())
}

// EraseVisitors erases everyone whose last visit was before
// lastVisitBefore: their visitor-book entry goes, and the attachments of
// their records (name, organisation and visit, signature) are erased
// where the hub has acknowledged the record. A record still waiting for
// the hub keeps its attachments until it is acknowledged, so nothing the
// hub has not got is lost; the next erase takes them. Each erased
// attachment keeps its row and hash, so every record still verifies. It
// returns how many visitors left the book.
func (s *Store) EraseVisitors(ctx context.Context, lastVisitBefore time.Time) (int, error) {
	var n int
	err := s.write(ctx, func(tx *sql.Tx) error {
		cutoff := utc(lastVisitBefore)
		// Records of people no longer in the book (erased before, waiting
		// for the hub then) and of those leaving it now.
		const lapsed = `SELECT record_id FROM records WHERE signatory_kind IN ('visitor', 'volunteer')
			AND signatory_ref NOT IN (SELECT ref FROM visitors WHERE last_visit >= ?)
			AND record_id IN (SELECT record_id FROM outbox WHERE state = 'acked')`
		res, err := tx.ExecContext(ctx, `UPDATE record_attachments SET sealed = NULL, erased_at = ?
			WHERE sealed IS NOT NULL AND record_id IN (`+lapsed+`)`, s.now(), cutoff)
		if err != nil {
			return err
		}
		atts, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, `DELETE FROM visitors WHERE last_visit < ?`, cutoff)
		if err != nil {
			return err
		}
		rows, _ := res.RowsAffected()
		n = int(rows)
		if n == 0 && atts == 0 {
			return nil
		}
		return s.audit(ctx, tx, 0, AuditVisitorsErased, fmt.Sprintf("%d visitors, %d attachments, last visit before %s", n, atts, cutoff))
	})
	if err != nil {
		return 0, fmt.Errorf("erase visitors: %w", diskFull(err))
	}
	return n, nil
}

// EraseLapsedVisitors is EraseVisitors for the school's retention: r's
// days before now.
func (s *Store) EraseLapsedVisitors(ctx context.Context, r signoff.Reception) (int, error) {
	return s.EraseVisitors(ctx, s.Now().AddDate(0, 0, -r.RetentionDays()))
}

// StaffSigned says when the member of staff id last signed formID at
// version for themselves, with a record not since voided or corrected
// away; ok is false when they have not.
func (s *Store) StaffSigned(ctx context.Context, id int64, formID, version string) (at time.Time, ok bool, err error) {
	var signed sql.NullString
	err = s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT MAX(r.signed_at) FROM records r
			WHERE r.signatory_kind = 'staff' AND r.signatory_ref = ? AND r.form_id = ? AND r.pack_version = ?
			AND r.kind <> 'void'
			AND NOT EXISTS (SELECT 1 FROM records v WHERE v.supersedes = r.record_id AND v.kind = 'void')`,
			record.StaffRef(id), formID, version).Scan(&signed)
	})
	if err != nil || !signed.Valid {
		return time.Time{}, false, err
	}
	at, err = time.Parse(time.RFC3339, signed.String)
	return at, err == nil, err
}
