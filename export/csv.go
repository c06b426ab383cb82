package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database
)

// Header is the CSV header row: first the columns a school's MIS import
// maps, then the detail an auditor needs.
var Header = []string{"upn", "given_name", "family_name", "class", "form", "band_alias",
	"policy_version", "signed_date", "response_mode", "countersigned_by", "follow_ups",
	"parent_acknowledgement", "record_id", "body_hash", "signed_at", "kind", "supersedes",
	"reason", "adult_role", "prompting", "understanding", "device", "received_at", "left_on",
	"follow_ups_words"}

// CSVOptions tune the file for where it is going.
type CSVOptions struct {
	BOM      bool           // a UTF-8 byte-order mark, so Excel reads names with accents right
	Location *time.Location // where signed_date is counted; nil means Europe/London
	Progress Progress
	// Packs are the policy packs the records were shown, for the
	// follow-ups in the statements' own words; a record whose pack is not
	// held names its follow-ups by id there too.
	Packs Packs
}

// WriteCSV writes one RFC 4180 row per entry, after a header.
func WriteCSV(w io.Writer, entries []Entry, opt CSVOptions) error {
	return writeCSV(w, Header, entries, opt, func(e *Entry, loc *time.Location) []string { return csvRow(e, loc, opt.Packs) })
}

// writeCSV writes header, then row's cells for each entry, as opt says.
func writeCSV(w io.Writer, header []string, entries []Entry, opt CSVOptions, row func(*Entry, *time.Location) []string) error {
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
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range entries {
		if err := cw.Write(row(&entries[i], loc)); err != nil {
			return err
		}
		opt.Progress.report(i+1, len(entries))
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(e *Entry, loc *time.Location, packs Packs) []string {
	b := e.Body
	modes := e.ResponseModes()
	for i, m := range modes {
		modes[i] = ModeWords(m)
	}
	row := []string{e.Pupil.UPN, e.Pupil.GivenName, e.Pupil.FamilyName, e.Pupil.Class, b.Form,
		b.BandAlias, b.Pack.Version, b.SignedAt.In(loc).Format(time.DateOnly), strings.Join(modes, "; "),
		e.AdultName(), followUpCell(e), parentCell(e, loc), b.ID, e.BodyHash(), stamp(b.SignedAt),
		b.Kind, b.Supersedes, b.Adult.Reason, b.Adult.Role, b.Adult.Prompting, b.Adult.Understanding,
		e.Device, stamp(e.ReceivedAt), dateIn(e.Pupil.Left, loc), followUpWords(e, packs)}
	if e.Pupil.UPN == "" {
		row[0] = b.PupilRef
	}
	for i := range row {
		row[i] = defuse(row[i])
	}
	return row
}

// followUpCell reads "S2 not sure; T1 no clear response".
func followUpCell(e *Entry) string {
	var parts []string
	for _, f := range e.FollowUps() {
		parts = append(parts, f.Statement+" "+AnswerWords(f.Answer))
	}
	return strings.Join(parts, "; ")
}

// followUpWords reads "I will tell an adult … (not sure); …": each
// follow-up in the words the pupil was shown, so a tutor reads what to
// teach again without the pack beside them.
func followUpWords(e *Entry, packs Packs) string {
	var texts map[string]string
	var parts []string
	for _, f := range e.FollowUps() {
		if texts == nil {
			texts = packs.StatementTexts(e.Body)
		}
		words := texts[f.Statement]
		if words == "" {
			words = f.Statement
		}
		parts = append(parts, words+" ("+AnswerWords(f.Answer)+")")
	}
	return strings.Join(parts, "; ")
}

// parentCell reads "2026-09-10 carer", or "" when none is recorded.
func parentCell(e *Entry, loc *time.Location) string {
	if e.ParentAck == nil {
		return ""
	}
	return strings.TrimSpace(e.ParentAck.SignedAt.In(loc).Format(time.DateOnly) + " " +
		strings.ReplaceAll(e.ParentAck.Relationship, "_", " "))
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// defuse stops a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @ or a tab gets a leading quote.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// dateIn is t's day in loc, or "" for the zero time.
func dateIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.DateOnly)
}
