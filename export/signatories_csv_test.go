package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// The adults' CSV reads like the visitor log: date, DDMMYY, who and for
// whom; an erased signature says so, and a cell that a spreadsheet would
// run as a formula is defused.
func TestWriteSignatoriesCSV(t *testing.T) {
	t.Parallel()
	visit, _ := json.Marshal(record.VisitDetails{Organisation: "=HYPERLINK(\"x\")", Visiting: "Class Oak"})
	signed := time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC) // 9 March in UTC and in London
	mk := func(kind, name string, atts map[string][]byte, listed ...string) Entry {
		b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, Form: "visitor", SignedAt: signed,
			Pack: record.PackRef{Version: "2026.1"}, Signatory: &record.SignatoryRef{Kind: kind, Ref: "v-1"}}
		for _, k := range listed {
			b.Attachments = append(b.Attachments, record.AttachmentRef{Kind: k})
		}
		if name != "" {
			atts[record.AttachSignatoryName] = []byte(name)
		}
		return Entry{Body: b, Attachments: atts}
	}
	entries := []Entry{
		mk(record.SignatoryVolunteer, "Robin Hill", map[string][]byte{record.AttachVisit: visit, record.AttachSignatorySig: []byte("png")},
			record.AttachSignatoryName, record.AttachVisit, record.AttachSignatorySig),
		mk(record.SignatoryVisitor, "", map[string][]byte{}, record.AttachSignatoryName, record.AttachVisit, record.AttachSignatorySig),
	}
	var buf bytes.Buffer
	if err := WriteSignatoriesCSV(&buf, entries, CSVOptions{Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	col := func(r int, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[r][i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	for name, want := range map[string]string{"signed_date": "2026-03-09", "ddmmyy": "090326", "signatory": "volunteer",
		"name": "Robin Hill", "organisation": "'=HYPERLINK(\"x\")", "visiting": "Class Oak", "signature": "drawn", "policy_version": "2026.1"} {
		if got := col(1, name); got != want {
			t.Errorf("row 1 %s = %q, want %q", name, got, want)
		}
	}
	if col(2, "name") != "" || col(2, "signature") != "erased" {
		t.Errorf("an erased visitor: name %q, signature %q", col(2, "name"), col(2, "signature"))
	}
}
