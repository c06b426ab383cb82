package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"smartkiosk/store/record"
)

// Attachment is personal data a record refers to by hash: a name, the
// pupil's mark, the adult's signature. It is sealed at rest and can be
// erased later without breaking the record's signature.
type Attachment struct {
	Kind      string // one of record.AttachmentKinds
	MediaType string // e.g. "image/png"
	Data      []byte // nil once erased
}

// textPlain is the media type of the name attachments.
const textPlain = "text/plain; charset=utf-8"

// maxAttachmentBytes bounds one attachment (a signature image is ~10–50 KB).
const maxAttachmentBytes = 4 << 20

// callerKinds are the attachments a caller passes to SaveRecord; the store
// adds the names itself.
var callerKinds = []string{record.AttachPupilMark, record.AttachAdultSignature, record.AttachAttestation,
	record.AttachAdultNote, record.AttachParentName, record.AttachParentSig,
	record.AttachSignatoryName, record.AttachSignatorySig, record.AttachVisit}

func checkAttachments(atts []Attachment) error {
	var errs []error
	for i, a := range atts {
		if !slices.Contains(callerKinds, a.Kind) {
			errs = append(errs, fmt.Errorf("attachment %d: kind %q is not one a caller attaches (%v)", i, a.Kind, callerKinds))
		}
		if a.MediaType == "" || len(a.Data) == 0 || len(a.Data) > maxAttachmentBytes {
			errs = append(errs, fmt.Errorf("attachment %d (%s): needs a media type and 1 byte to %d MiB of data",
				i, a.Kind, maxAttachmentBytes>>20))
		}
	}
	return errors.Join(errs...)
}

// sealedAttachment is an attachment ready to store: its reference in the
// body and its sealed salt and data.
type sealedAttachment struct {
	ref    record.AttachmentRef
	sealed []byte
}

// attachmentPlace binds a sealed attachment to its record, position and
// reference.
func attachmentPlace(recordID string, pos int, ref record.AttachmentRef) place {
	return at("record_attachments", "sealed", recordID, pos, ref.Kind, ref.Type, ref.Hash)
}

func (s *Store) sealAttachments(recordID string, atts []Attachment) []sealedAttachment {
	out := make([]sealedAttachment, len(atts))
	for i, a := range atts {
		salt := make([]byte, record.SaltSize)
		rand.Read(salt) // never returns an error
		ref := record.AttachmentRef{Kind: a.Kind, Type: a.MediaType, Hash: record.AttachmentHash(salt, a.Data)}
		plain := append(salt, a.Data...)
		out[i] = sealedAttachment{ref: ref, sealed: s.keys.seal(plain, attachmentPlace(recordID, i, ref))}
	}
	return out
}

func refsOf(sealed []sealedAttachment) []record.AttachmentRef {
	refs := make([]record.AttachmentRef, len(sealed))
	for i, a := range sealed {
		refs[i] = a.ref
	}
	return refs
}

func insertAttachments(ctx context.Context, tx *sql.Tx, recordID string, atts []sealedAttachment) error {
	for i, a := range atts {
		_, err := tx.ExecContext(ctx, `INSERT INTO record_attachments (record_id, position, kind,
			media_type, hash, sealed) VALUES (?, ?, ?, ?, ?, ?)`,
			recordID, i, a.ref.Kind, a.ref.Type, a.ref.Hash, a.sealed)
		if err != nil {
			return fmt.Errorf("attachment %d: %w", i, err)
		}
	}
	return nil
}

// RecordAttachments returns a record's attachments in the order its body
// lists them, opened and checked against their hashes. An erased
// attachment has nil Data.
func (s *Store) RecordAttachments(ctx context.Context, recordID string) ([]Attachment, error) {
	var out []Attachment
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT position, kind, media_type, hash, sealed
			FROM record_attachments WHERE record_id = ? ORDER BY position`, recordID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := s.scanAttachment(recordID, rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("attachments of record %s: %w", recordID, err)
	}
	return out, nil
}

func (s *Store) scanAttachment(recordID string, rows *sql.Rows) (Attachment, error) {
	var pos int
	var ref record.AttachmentRef
	var sealed []byte
	if err := rows.Scan(&pos, &ref.Kind, &ref.Type, &ref.Hash, &sealed); err != nil {
		return Attachment{}, err
	}
	a := Attachment{Kind: ref.Kind, MediaType: ref.Type}
	if sealed == nil {
		return a, nil // erased
	}
	salt, data, err := s.keys.openAttachmentAt(recordID, pos, ref, sealed)
	if err == nil {
		err = record.CheckAttachment(ref, salt, data)
	}
	a.Data = data
	return a, err
}

// openAttachmentAt opens a sealed attachment into its salt and data.
func (k *keyring) openAttachmentAt(recordID string, pos int, ref record.AttachmentRef, sealed []byte) (salt, data []byte, err error) {
	plain, err := k.open(sealed, attachmentPlace(recordID, pos, ref))
	if err != nil {
		return nil, nil, fmt.Errorf("%s attachment: %w", ref.Kind, err)
	}
	if len(plain) < record.SaltSize {
		return nil, nil, fmt.Errorf("%s attachment: %w", ref.Kind, ErrSealBroken)
	}
	return plain[:record.SaltSize], plain[record.SaltSize:], nil
}
