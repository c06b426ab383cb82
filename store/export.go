package store

import (
	"context"
	"fmt"

	"smartkiosk/signoff"
)

// ExportEntries returns every saved record of a class's pupils (class ""
// is every class; adults' own records are not a class's) as the export renderers read them — agreements,
// corrections, voids and parent forms, oldest signature first — with
// the class list: its active pupils in name order (by class first when
// class is ""). A pupil who has left keeps their records in the export
// but is not on the class list.
//
// Each entry carries the exact body bytes and signature, the pupil as the
// roster names them now, the attachments still held (opened from the
// sealed store and checked against their hashes), the device id, and for
// a pupil's agreement the parent/carer acknowledgement recorded for the
// same pupil and policy version, if any.
func (s *Store) ExportEntries(ctx context.Context, class string) ([]signoff.Entry, []signoff.Pupil, error) {
	recs, err := s.classRecords(ctx, class)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	entries := make([]signoff.Entry, 0, len(recs))
	for _, r := range recs {
		e, err := s.exportEntry(ctx, r)
		if err != nil {
			return nil, nil, fmt.Errorf("export: %w", err)
		}
		entries = append(entries, e)
	}
	signoff.LinkParentAcks(entries)
	pupils, err := s.classList(ctx, class)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	return entries, pupils, nil
}

// SignatoryEntries returns every adult's own sign-off (staff, visitors and
// volunteers, Wi-Fi guests) with its corrections and voids, oldest
// signature first, each with the attachments still held.
func (s *Store) SignatoryEntries(ctx context.Context) ([]signoff.Entry, error) {
	recs, err := s.queryRecords(ctx, `WHERE r.signatory_kind IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	entries := make([]signoff.Entry, 0, len(recs))
	for _, r := range recs {
		e, err := s.exportEntry(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

func (s *Store) classRecords(ctx context.Context, class string) ([]SavedRecord, error) {
	if class == "" {
		return s.queryRecords(ctx, `WHERE r.pupil_id IS NOT NULL`)
	}
	return s.queryRecords(ctx, `WHERE p.class_name = ?`, class)
}

func (s *Store) exportEntry(ctx context.Context, r SavedRecord) (signoff.Entry, error) {
	atts, err := s.RecordAttachments(ctx, r.Body.ID)
	if err != nil {
		return signoff.Entry{}, err
	}
	e := signoff.Entry{Body: r.Body, BodyBytes: r.BodyBytes, Signature: r.Signature,
		Pupil: r.Pupil.Pupil, Attachments: map[string][]byte{}, Device: r.Body.Device}
	if r.Body.Class != "" { // filed under the class the pupil signed in
		e.Pupil.Class = r.Body.Class
	}
	for _, a := range atts {
		if a.Data != nil { // an erased attachment is absent, never ""
			e.Attachments[a.Kind] = a.Data
		}
	}
	return e, nil
}

// classList is the class's active pupils in name order, or every active
// pupil by class (Classes is sorted) then name.
func (s *Store) classList(ctx context.Context, class string) ([]signoff.Pupil, error) {
	classes := []string{class}
	if class == "" {
		var err error
		if classes, err = s.Classes(ctx); err != nil {
			return nil, err
		}
	}
	var out []signoff.Pupil
	for _, c := range classes {
		ps, err := s.PupilsInClass(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out = append(out, p.Pupil)
		}
	}
	return out, nil
}
