// Package export renders sign-off records for people outside the kiosk:
// CSV for the school's MIS and spreadsheets, and printable PDFs of the
// agreements (evidence packs follow).
package export

import (
	"encoding/csv"
	"io"
	"strings"
	"time"
)

// Row is one sign-off as a form tutor reads it.
type Row struct {
	RecordID        string
	UPN             string
	PupilName       string
	Class           string
	Form            string
	BandAlias       string
	PolicyVersion   string
	SignedAt        time.Time
	CountersignedBy string
	FollowUps       []string
	Kind            string // agreement, correction or void
	Supersedes      string // the record a correction or void replaces
	Reason          string // why it was corrected or voided
	ResponseMode    string // how the pupil responded (touch, switch, …)
	Prompting       string // the prompting the adult gave
	Understanding   string // the adult's judgement of understanding
}

// Header is the CSV header row.
var Header = []string{"record_id", "upn", "pupil_name", "class", "form", "band_alias",
	"policy_version", "signed_at", "countersigned_by", "follow_ups", "kind", "supersedes", "reason",
	"response_mode", "prompting", "understanding"}

// CSVOptions tune the file for where it is going.
type CSVOptions struct {
	BOM bool // a UTF-8 byte-order mark, so Excel reads names with accents right
}

// WriteCSV writes rows as RFC 4180 CSV with a header.
func WriteCSV(w io.Writer, rows []Row, opt CSVOptions) error {
	if opt.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.RecordID, r.UPN, r.PupilName, r.Class, r.Form, r.BandAlias,
			r.PolicyVersion, r.SignedAt.UTC().Format(time.RFC3339), r.CountersignedBy,
			strings.Join(r.FollowUps, " "), r.Kind, r.Supersedes, r.Reason, r.ResponseMode, r.Prompting, r.Understanding}
		for i := range rec {
			rec[i] = defuse(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse stops a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @ or a tab gets a leading quote.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
