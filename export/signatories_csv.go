package export

import (
	"io"
	"time"

	"smartkiosk/store/record"
)

// SignatoriesHeader is the header of the adults' own sign-offs (staff,
// visitors and volunteers, Wi-Fi): the visitor log's columns first, in
// the paper forms' order, then the detail an auditor needs.
var SignatoriesHeader = []string{"signed_date", "ddmmyy", "signatory", "name", "organisation", "visiting",
	"form", "policy_version", "signature", "record_id", "kind", "supersedes", "reason", "signed_at",
	"signatory_ref", "witnessed_by", "device", "body_hash"}

// WriteSignatoriesCSV writes one RFC 4180 row per adult's own sign-off,
// after a header. An erased name or signature is an empty cell and
// "erased"; nothing else is left out.
func WriteSignatoriesCSV(w io.Writer, entries []Entry, opt CSVOptions) error {
	return writeCSV(w, SignatoriesHeader, entries, opt, signatoryRow)
}

func signatoryRow(e *Entry, loc *time.Location) []string {
	b := e.Body
	var kind, ref string
	if b.Signatory != nil {
		kind, ref = b.Signatory.Kind, b.Signatory.Ref
	}
	visit := Visit(e)
	signature := "erased"
	if _, ok := e.Attachments[record.AttachSignatorySig]; ok {
		signature = "drawn"
	} else if !listsAttachment(b, record.AttachSignatorySig) {
		signature = "none"
	}
	signed := b.SignedAt.In(loc)
	row := []string{signed.Format(time.DateOnly), signed.Format("020106"), kind,
		SignatoryName(e), visit.Organisation, visit.Visiting,
		b.Form, b.Pack.Version, signature, b.ID, b.Kind, b.Supersedes, b.Adult.Reason, stamp(b.SignedAt),
		ref, e.AdultName(), e.Device, e.BodyHash()}
	for i := range row {
		row[i] = defuse(row[i])
	}
	return row
}

// listsAttachment reports whether b's attachment list has one of kind.
func listsAttachment(b *record.Body, kind string) bool {
	for _, a := range b.Attachments {
		if a.Kind == kind {
			return true
		}
	}
	return false
}
