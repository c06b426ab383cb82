package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"smartkiosk/store/record"
)

// storedRecord is one records row as verify reads it.
type storedRecord struct {
	id, kind, form, band, alias, packID, packVersion, packFP string
	started, signed, hash                                    string
	staffID                                                  sql.NullInt64
	upn, device, prev, supersedes                            sql.NullString
	sigKind, sigRef                                          sql.NullString
	seq                                                      sql.NullInt64
	body, sig                                                []byte
}

type answerRow struct {
	pos               int
	statement, answer string
}

type attachmentRow struct {
	pos    int
	ref    record.AttachmentRef
	sealed []byte
}

// related is what other tables hold about records, by record id.
type related struct {
	answers     map[string][]answerRow
	attachments map[string][]attachmentRow
	outbox      map[string]bool
	drafts      map[string]bool
}

// records checks every record and the chain they form.
func (v *verifier) records() {
	rel := v.related()
	recs := v.recordRows()
	ids := map[string]bool{}
	var chained []*record.Body
	bodies := map[*record.Body][]byte{}
	for _, r := range recs {
		ids[r.id] = true
		if b := v.checkRecord(r, rel); b != nil {
			chained = append(chained, b)
			bodies[b] = r.body
		}
	}
	// The chain is checked in signed order: rows stored in another order
	// are reported by checkColumns, a missing or extra link here.
	slices.SortStableFunc(chained, func(a, b *record.Body) int { return compareUint(a.Seq, b.Seq) })
	var inOrder [][]byte
	for _, b := range chained {
		inOrder = append(inOrder, bodies[b])
	}
	v.rep.Problems = append(v.rep.Problems, record.VerifyChain(inOrder)...)
	v.orphans(ids, rel)
	v.rep.Records = len(recs)
}

func compareUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkRecord checks one record; it returns the parsed body if the record
// is signed and readable (a link of the chain), else nil.
func (v *verifier) checkRecord(r storedRecord, rel related) *record.Body {
	seq := uint64(r.seq.Int64)
	if r.sig == nil {
		v.rep.add(r.id, 0, "not signed: saved by an earlier version, before records were signed")
		return nil
	}
	if record.Hash(r.body) != r.hash {
		v.rep.add(r.id, seq, "its body does not match the stored body hash")
	}
	if err := record.Verify(v.keys.device.PublicKey, r.body, r.sig); err != nil {
		v.rep.add(r.id, seq, "the signature does not match: the body was changed, or signed with another key")
	}
	b, err := record.Parse(r.body)
	if err != nil {
		v.rep.add(r.id, seq, "its body cannot be read: %v", err)
		return nil
	}
	if b.ID != r.id {
		v.rep.add(r.id, seq, "its signed body is record %s", b.ID)
	}
	if b.Device != v.keys.device.ID {
		v.rep.add(r.id, b.Seq, "signed by device %s, not %s", b.Device, v.keys.device.ID)
	}
	v.checkColumns(r, b)
	v.checkAnswers(r.id, b, rel.answers[r.id])
	v.checkAttachments(r.id, b, rel.attachments[r.id])
	if !rel.outbox[r.id] {
		v.rep.add(r.id, b.Seq, "it has no outbox row, so it would never reach the hub")
	}
	if rel.drafts[r.id] {
		v.rep.add(r.id, b.Seq, "its draft is still there: saving should have deleted it")
	}
	return b
}

// checkColumns compares the row's columns with the signed body.
func (v *verifier) checkColumns(r storedRecord, b *record.Body) {
	var differ []string
	for _, c := range []struct{ name, stored, signed string }{
		{"kind", r.kind, b.Kind}, {"form_id", r.form, b.Form}, {"band", r.band, b.Band},
		{"band_alias", r.alias, b.BandAlias}, {"pack_id", r.packID, b.Pack.ID},
		{"pack_version", r.packVersion, b.Pack.Version}, {"pack_fingerprint", r.packFP, b.Pack.Fingerprint},
		{"staff_id", strconv.FormatInt(r.staffID.Int64, 10), strconv.FormatInt(b.Adult.StaffID, 10)},
		{"started_at", r.started, utc(b.StartedAt)}, {"signed_at", r.signed, utc(b.SignedAt)},
		{"device_id", r.device.String, b.Device}, {"prev_hash", r.prev.String, b.Prev},
		{"device_seq", strconv.FormatInt(r.seq.Int64, 10), strconv.FormatUint(b.Seq, 10)},
		{"supersedes", r.supersedes.String, b.Supersedes},
	} {
		if c.stored != c.signed {
			differ = append(differ, fmt.Sprintf("%s (stored %q, signed %q)", c.name, c.stored, c.signed))
		}
	}
	if r.upn.String != b.PupilRef {
		differ = append(differ, "pupil_id (the row's pupil is not the signed pupil reference)")
	}
	var kind, ref string
	if b.Signatory != nil {
		kind, ref = b.Signatory.Kind, b.Signatory.Ref
	}
	if r.sigKind.String != kind || r.sigRef.String != ref {
		differ = append(differ, fmt.Sprintf("signatory (stored %q %q, signed %q %q)", r.sigKind.String, r.sigRef.String, kind, ref))
	}
	if len(differ) > 0 {
		v.rep.add(r.id, b.Seq, "the row differs from the signed body: %s", strings.Join(differ, ", "))
	}
}

func (v *verifier) checkAnswers(id string, b *record.Body, rows []answerRow) {
	ok := len(rows) == len(b.Answers)
	for i := 0; ok && i < len(rows); i++ {
		a := b.Answers[i]
		ok = rows[i].pos == i && rows[i].statement == a.Statement && rows[i].answer == a.Answer
	}
	if !ok {
		v.rep.add(id, b.Seq, "the stored answers differ from the signed body")
	}
}

func (v *verifier) checkAttachments(id string, b *record.Body, rows []attachmentRow) {
	if len(rows) != len(b.Attachments) {
		v.rep.add(id, b.Seq, "%d attachments stored, but the signed body lists %d", len(rows), len(b.Attachments))
		return
	}
	for i, ref := range b.Attachments {
		row := rows[i]
		if row.pos != i || row.ref != ref {
			v.rep.add(id, b.Seq, "attachment %d (%s): the stored reference differs from the signed body", i, ref.Kind)
			continue
		}
		if row.sealed == nil || v.keys.aead == nil {
			continue // erased, or no data key (reported once)
		}
		salt, data, err := v.keys.openAttachmentAt(id, i, ref, row.sealed)
		if err == nil {
			err = record.CheckAttachment(ref, salt, data)
		}
		if err != nil {
			v.rep.add(id, b.Seq, "attachment %d: %v", i, err)
		}
	}
}

// orphans reports rows that belong to no record.
func (v *verifier) orphans(ids map[string]bool, rel related) {
	for _, table := range []struct {
		name string
		ids  []string
	}{
		{"answers", keysOf(rel.answers)}, {"attachments", keysOf(rel.attachments)}, {"an outbox row", keysOf(rel.outbox)},
	} {
		for _, id := range table.ids {
			if !ids[id] {
				v.rep.add(id, 0, "%s stored for a record that is not in the database", table.name)
			}
		}
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (v *verifier) recordRows() []storedRecord {
	var recs []storedRecord
	// A database not yet upgraded to 0006 has pupils' records only.
	signatory := `NULL, NULL`
	if v.idSet(`SELECT name FROM pragma_table_info('records') WHERE name = 'signatory_kind'`)["signatory_kind"] {
		signatory = `r.signatory_kind, r.signatory_ref`
	}
	v.eachRow(`SELECT r.record_id, r.kind, r.form_id, r.band, r.band_alias, r.pack_id,
		r.pack_version, r.pack_fingerprint, r.staff_id, r.started_at, r.signed_at, r.body,
		r.body_hash, r.device_id, r.device_seq, r.prev_hash, r.signature, p.upn, r.supersedes,
		`+signatory+`
		FROM records r LEFT JOIN pupils p ON p.pupil_id = r.pupil_id ORDER BY r.rowid`,
		func(rows *sql.Rows) error {
			var r storedRecord
			err := rows.Scan(&r.id, &r.kind, &r.form, &r.band, &r.alias, &r.packID, &r.packVersion,
				&r.packFP, &r.staffID, &r.started, &r.signed, &r.body, &r.hash, &r.device, &r.seq,
				&r.prev, &r.sig, &r.upn, &r.supersedes, &r.sigKind, &r.sigRef)
			recs = append(recs, r)
			return err
		})
	return recs
}

func (v *verifier) related() related {
	rel := related{answers: map[string][]answerRow{}, attachments: map[string][]attachmentRow{},
		outbox: v.idSet(`SELECT record_id FROM outbox`), drafts: v.idSet(`SELECT draft_id FROM drafts`)}
	v.eachRow(`SELECT record_id, position, statement_id, answer FROM record_answers ORDER BY record_id, position`,
		func(rows *sql.Rows) error {
			var id string
			var a answerRow
			err := rows.Scan(&id, &a.pos, &a.statement, &a.answer)
			rel.answers[id] = append(rel.answers[id], a)
			return err
		})
	v.eachRow(`SELECT record_id, position, kind, media_type, hash, sealed FROM record_attachments
		ORDER BY record_id, position`, func(rows *sql.Rows) error {
		var id string
		var a attachmentRow
		err := rows.Scan(&id, &a.pos, &a.ref.Kind, &a.ref.Type, &a.ref.Hash, &a.sealed)
		rel.attachments[id] = append(rel.attachments[id], a)
		return err
	})
	return rel
}

func (v *verifier) idSet(query string) map[string]bool {
	ids := map[string]bool{}
	v.eachRow(query, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids[id] = true
		return err
	})
	return ids
}
