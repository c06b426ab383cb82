package export

import (
	"encoding/json"

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
