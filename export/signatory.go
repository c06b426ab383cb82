package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"smartkiosk/store/record"
)

// Adults who sign for themselves (record.Body.Signatory): staff, visitors,
// volunteers and Wi-Fi guests. Their name, signature and visit are
// attachments, so any of them may have been erased.

// SignatoryName is the adult's name as they gave it, or "" once erased.
func SignatoryName(e *Entry) string { return e.Text(record.AttachSignatoryName) }

// Visit is what a visitor or volunteer said about their visit (zero once
// erased, or for staff).
func Visit(e *Entry) record.VisitDetails {
	var v record.VisitDetails
	if data := e.Attachments[record.AttachVisit]; len(data) > 0 {
		_ = json.Unmarshal(data, &v) // the body's hash vouched for it; unreadable shows as nothing
	}
	return v
}

// SignatoryWords is how a kind of signatory reads to staff ("visitor").
func SignatoryWords(kind string) string {
	if kind == record.SignatoryGuest {
		return "Wi-Fi guest"
	}
	return kind
}

// VisitorHeader is the header row of the visitor and volunteer log.
var VisitorHeader = []string{"signed_date", "signed_time", "name", "organisation", "visiting", "signed_as",
	"form", "policy_version", "record_id", "body_hash", "signed_at", "device"}

// WriteVisitorCSV writes the visitor and volunteer log, one row per entry
// in the order given, dates and times in Europe/London unless opt says.
func WriteVisitorCSV(w io.Writer, entries []Entry, opt CSVOptions) error {
	loc := opt.Location
	if loc == nil {
		var err error
		if loc, err = londonTime(); err != nil {
			return fmt.Errorf("csv: %w", err)
		}
	}
	if opt.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(VisitorHeader); err != nil {
		return err
	}
	for i := range entries {
		if err := cw.Write(visitorRow(&entries[i], loc)); err != nil {
			return err
		}
		opt.Progress.report(i+1, len(entries))
	}
	cw.Flush()
	return cw.Error()
}

func visitorRow(e *Entry, loc *time.Location) []string {
	b := e.Body
	v, as := Visit(e), ""
	if b.Signatory != nil {
		as = SignatoryWords(b.Signatory.Kind)
	}
	at := b.SignedAt.In(loc)
	row := []string{at.Format(time.DateOnly), at.Format("15:04"), SignatoryName(e), v.Organisation, v.Visiting, as,
		b.Form, b.Pack.Version, b.ID, e.BodyHash(), stamp(b.SignedAt), e.Device}
	for i := range row {
		row[i] = defuse(row[i])
	}
	return row
}
