package export

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"

	"smartkiosk/store/record"
)

// summaryDate is how the summary writes a time: in UTC, so the same
// evidence always gives the same bytes wherever it is written.
const summaryDate = "2 January 2006 at 15:04 UTC"

// summaryText is summary.txt: what the pack covers, each record, and how
// to check it, in plain English.
func summaryText(ev Evidence, packs Packs) []byte {
	var b bytes.Buffer
	hubPub := ev.HubKey.Public().(ed25519.PublicKey)
	title := ev.Title
	if title == "" {
		title = "signed online-safety agreements"
	}
	fmt.Fprintf(&b, "SMART Kiosk evidence pack: %s\n", title)
	fmt.Fprintf(&b, "Written %s by the hub with key %s.\n\n", ev.Created.UTC().Format(summaryDate), record.KeyID(hubPub))
	fmt.Fprintf(&b, "It holds %s signed on %s, and %s they were shown.\n\n",
		plural(len(ev.Records), "record"), plural(signingDevices(ev), "tablet"), plural(len(ev.Packs), "policy pack"))
	fmt.Fprintf(&b, "How to check it\n"+
		"  On any computer, with no network needed, run:\n"+
		"    smartkiosk-hub verify THIS-FILE.zip --hub-key %s\n"+
		"  That is the hub's public key (also in hub.pub); ask the school to read it out from their hub\n"+
		"  so you know the pack came from it. The check fails if any byte of the file was changed after\n"+
		"  the hub wrote it, and names any record whose tablet signature, attachments, hub receipt or\n"+
		"  policy pack does not match. Each record's files are in the folder named in its entry below.\n\n",
		hex.EncodeToString(hubPub))
	b.WriteString("Records\n")
	if len(ev.Records) == 0 {
		b.WriteString("  (none)\n")
	}
	for i := range ev.Records {
		writeSummaryRecord(&b, i+1, &ev.Records[i].Entry, packs)
	}
	return b.Bytes()
}

func writeSummaryRecord(b *bytes.Buffer, n int, e *Entry, packs Packs) {
	name := e.PupilName()
	if name == "" {
		name = "(name not held)"
	}
	if e.Pupil.Class != "" {
		name += ", class " + e.Pupil.Class
	}
	if left := LeftWords(e.Pupil); left != "" {
		name += ", " + left
	}
	if sg := e.Body.Signatory; sg != nil { // an adult signing for themselves
		name = orErased(SignatoryName(e)) + ", " + SignatoryWords(sg.Kind)
	}
	fmt.Fprintf(b, "%d. %s\n", n, name)
	switch e.Body.Kind {
	case record.KindCorrection:
		fmt.Fprintf(b, "   Corrects record %s (%s)\n", e.Body.Supersedes, ModeWords(e.Body.Adult.Reason))
	case record.KindVoid:
		fmt.Fprintf(b, "   Withdraws record %s (%s)\n", e.Body.Supersedes, ModeWords(e.Body.Adult.Reason))
	}
	fmt.Fprintf(b, "   Form: %s\n", formWords(e, packs))
	fmt.Fprintf(b, "   Policy: %s version %s\n", e.Body.Pack.ID, e.Body.Pack.Version)
	fmt.Fprintf(b, "   Signed: %s\n", e.Body.SignedAt.UTC().Format(summaryDate))
	follow := followUpWords(e, packs)
	if follow == "" {
		follow = "none"
	}
	fmt.Fprintf(b, "   Follow-ups: %s\n", follow)
	fmt.Fprintf(b, "   Record: %s (folder %s)\n\n", e.ID(), recordDir(e.ID()))
}

// formWords names the form, with its title when the pack is held.
func formWords(e *Entry, packs Packs) string {
	s := e.Body.Form
	if p, ok := packs.For(e.Body); ok {
		if f, ok := p.FormByID(e.Body.Form); ok {
			s += ", " + f.Title.In(e.Body.Language)
		}
	}
	if e.Body.BandAlias != "" {
		s += " (" + e.Body.BandAlias + ")"
	}
	return s
}

// signingDevices counts the tablets that signed the records.
func signingDevices(ev Evidence) int {
	set := map[string]bool{}
	for _, r := range ev.Records {
		set[r.Body.Device] = true
	}
	return len(set)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// summaryTable is summary.csv: the records as WriteCSV writes them for
// the school's spreadsheets.
func summaryTable(ev Evidence, packs Packs) []byte {
	entries := make([]Entry, len(ev.Records))
	for i := range ev.Records {
		entries[i] = ev.Records[i].Entry
	}
	var b bytes.Buffer
	_ = WriteCSV(&b, entries, CSVOptions{Packs: packs}) // a bytes.Buffer cannot fail
	return b.Bytes()
}
