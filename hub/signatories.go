package hub

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"smartkiosk/export"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Adults' own sign-offs, as the Staff and visitors page reads them: staff
// coverage of the current version of the pack's staff form, against the
// staff list, and the visitor and volunteer log.

// adults are the adults' records that stand: neither voided nor replaced
// by a correction (the correction stands instead), newest first, as
// entries with their attachments, beside the stored records they came from.
type adults struct {
	entries []signoff.Entry
	stored  map[string]Stored // by record id, for evidence packs
}

// loadAdults reads every record of an adult who signed for themselves.
func (s *Server) loadAdults(ctx context.Context) (adults, error) {
	recs, err := s.store.PupilRecords(ctx, []string{""}, true)
	if err != nil {
		return adults{}, fmt.Errorf("adults' records: %w", err)
	}
	all, err := s.entries(ctx, recs, nil)
	if err != nil {
		return adults{}, err
	}
	superseded := map[string]bool{}
	for _, e := range all {
		if e.Body.Supersedes != "" {
			superseded[e.Body.Supersedes] = true
		}
	}
	a := adults{stored: map[string]Stored{}}
	for i, e := range all {
		if e.Body.Signatory == nil || e.Body.Kind == record.KindVoid || superseded[e.ID()] {
			continue
		}
		a.entries = append(a.entries, e)
		a.stored[e.ID()] = recs[i]
	}
	slices.SortStableFunc(a.entries, func(x, y signoff.Entry) int {
		return cmp.Or(y.Body.SignedAt.Compare(x.Body.SignedAt), strings.Compare(y.ID(), x.ID()))
	})
	return a, nil
}

// staffCoverage is who has signed the current staff form.
type staffCoverage struct {
	Version, Form string // the pack version and the staff form's title
	HasForm       bool   // the current pack has a staff form
	Listed        int    // names on the staff list
	Signed        []signer
	NotSigned     []string // names on the list without a signature for this version
	NotListed     []signer // signatures of names the list does not have
}

// signer is a signature on the page.
type signer struct {
	Name, On, RecordID string
}

// coverStaff counts the staff list against the adults' signatures of the
// staff form in version: a name on the list has signed when a staff
// record of that form and version carries it (case and spacing aside).
func coverStaff(a adults, pack *policy.Pack, list []string) staffCoverage {
	c := staffCoverage{Version: pack.Version, Listed: len(list)}
	form, signed := staffSignoffs(a, pack)
	if form == nil {
		return c
	}
	c.HasForm, c.Form = true, form.Title.In(policy.DefaultLang)
	byName := map[string]signer{}
	var order []string
	for _, e := range signed { // newest first: a name's newest signature counts
		b := e.Body
		name := export.SignatoryName(&e)
		key := NameKey(name)
		if _, seen := byName[key]; seen || key == "" {
			continue
		}
		byName[key] = signer{Name: name, On: dayIn(b.SignedAt), RecordID: b.ID}
		order = append(order, key)
	}
	listed := map[string]bool{}
	for _, n := range list {
		key := NameKey(n)
		listed[key] = true
		if sg, ok := byName[key]; ok {
			sg.Name = n
			c.Signed = append(c.Signed, sg)
		} else {
			c.NotSigned = append(c.NotSigned, n)
		}
	}
	for _, key := range order {
		if !listed[key] {
			c.NotListed = append(c.NotListed, byName[key])
		}
	}
	return c
}

// staffSignoffs are the staff's sign-offs of the pack's staff form in
// the pack's version, newest first, and that form (nil when the pack has
// none).
func staffSignoffs(a adults, pack *policy.Pack) (*policy.Form, []signoff.Entry) {
	form, ok := pack.FormOfKind(policy.KindStaff)
	if !ok {
		return nil, nil
	}
	var out []signoff.Entry
	for _, e := range a.entries {
		if b := e.Body; b.Signatory.Kind == record.SignatoryStaff && b.Form == form.ID && b.Pack.Version == pack.Version {
			out = append(out, e)
		}
	}
	return form, out
}

// visitRow is one line of the visitor and volunteer log.
type visitRow struct {
	RecordID, On, Name, Organisation, Visiting, As, Version string
}

// visitorLog lists visitors' and volunteers' sign-offs, newest first,
// those matching q (in name, organisation or who they visited, case and
// spacing aside) when q is not empty.
func visitorLog(a adults, q string) ([]visitRow, []signoff.Entry) {
	q = NameKey(q)
	var rows []visitRow
	var entries []signoff.Entry
	for _, e := range a.entries {
		k := e.Body.Signatory.Kind
		if k != record.SignatoryVisitor && k != record.SignatoryVolunteer {
			continue
		}
		v := export.Visit(&e)
		row := visitRow{RecordID: e.ID(), On: timeIn(e.Body.SignedAt), Name: orErased(export.SignatoryName(&e)),
			Organisation: v.Organisation, Visiting: v.Visiting, As: k, Version: e.Body.Pack.Version}
		if q != "" && !strings.Contains(NameKey(row.Name+"\x00"+row.Organisation+"\x00"+row.Visiting), q) {
			continue
		}
		rows = append(rows, row)
		entries = append(entries, e)
	}
	return rows, entries
}

func orErased(name string) string {
	if name == "" {
		return "(name erased)"
	}
	return name
}

func dayIn(t time.Time) string  { return t.In(london).Format("2 Jan 2006") }
func timeIn(t time.Time) string { return t.In(london).Format("2 Jan 2006 15:04") }
