package hub

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// The hub's exports: a class's records as CSV, its agreements as one PDF,
// one pupil's agreements as a PDF, and evidence packs. Small ones are
// answered at once; whole-school ones run as jobs with a progress page.

// exportChoice is one kind of export a page offers.
type exportChoice struct{ Kind, Label string }

var exportChoices = []exportChoice{
	{"csv", "Records (CSV)"},
	{"excel", "Records (CSV for Excel)"},
	{"pdf", "Agreements to print (PDF)"},
	{"evidence", "Evidence pack (zip)"},
}

// exportCSV writes every record of the view's pupils, oldest first.
func (s *Server) exportCSV(ctx context.Context, w io.Writer, v view, bom bool, progress export.Progress) error {
	entries, err := s.entries(ctx, v.recs, v.roster)
	if err != nil {
		return err
	}
	packs, err := s.allPacks(ctx)
	if err != nil {
		return err
	}
	return export.WriteCSV(w, entries, export.CSVOptions{BOM: bom, Progress: progress, Packs: packs})
}

// exportPDF writes the view's current agreements as one PDF with a cover
// page listing every pupil of the class.
func (s *Server) exportPDF(ctx context.Context, w io.Writer, title string, v view, progress export.Progress) error {
	all, err := s.entries(ctx, v.recs, v.roster)
	if err != nil {
		return err
	}
	counted := map[string]bool{}
	for _, st := range append(slices.Clip(v.states), v.cov.States(v.left, v.recs, nil)...) {
		if st.Agreement != nil {
			counted[st.Agreement.ID] = true // a pupil who left keeps their agreement in print
		}
	}
	var entries []signoff.Entry
	for _, e := range all {
		if counted[e.ID()] {
			entries = append(entries, e)
		}
	}
	pupils := make([]signoff.Pupil, len(v.pupils))
	for i, p := range v.pupils {
		pupils[i] = p.Domain()
	}
	doc := export.Document{Title: title, School: s.school, Version: v.cov.Version, Pupils: pupils, Entries: entries}
	return s.writePDF(ctx, w, doc, progress)
}

// pupilPDF writes every record of one pupil, newest first.
func (s *Server) pupilPDF(ctx context.Context, w io.Writer, p proto.Pupil, v view) error {
	var mine []Stored
	for _, r := range v.recs {
		if r.PupilRef == p.UPN {
			mine = append(mine, r)
		}
	}
	entries, err := s.entries(ctx, mine, v.roster)
	if err != nil {
		return err
	}
	slices.Reverse(entries)
	doc := export.Document{Title: p.GivenName + " " + p.FamilyName, School: s.school, Version: v.cov.Version, Entries: entries}
	return s.writePDF(ctx, w, doc, nil)
}

func (s *Server) writePDF(ctx context.Context, w io.Writer, doc export.Document, progress export.Progress) error {
	packs, err := s.allPacks(ctx)
	if err != nil {
		return err
	}
	regular, bold, err := assets.Andika()
	if err != nil {
		return err
	}
	// About this policy: a cover reports on the pack signed now; one
	// pupil's or adult's records, on the pack of the first (newest),
	// unless the hub no longer holds it.
	if _, held := firstPack(doc, packs); doc.Policy == nil && (doc.Pupils != nil || !held) {
		if doc.Policy, err = CurrentPack(ctx, s.store); err != nil {
			return err
		}
	}
	return export.WritePDF(w, doc, export.PDFOptions{Packs: packs, Regular: regular, Bold: bold,
		Created: s.now(), Progress: progress})
}

// firstPack is the pack of doc's first entry, if the hub holds it.
func firstPack(doc export.Document, packs export.Packs) (export.Pack, bool) {
	if len(doc.Entries) == 0 {
		return export.Pack{}, false
	}
	return packs.For(doc.Entries[0].Body)
}

// exportEvidence writes an evidence pack of every record of the view's
// pupils: exact bodies, signatures, attachments, device keys, receipts
// signed again now by the hub's key, and the packs shown.
func (s *Server) exportEvidence(ctx context.Context, w io.Writer, title string, v view, progress export.Progress) error {
	entries, err := s.entries(ctx, v.recs, v.roster)
	if err != nil {
		return err
	}
	packs, err := s.allPacks(ctx)
	if err != nil {
		return err
	}
	ev := export.Evidence{Title: title, Created: s.now(), HubKey: s.key, Devices: map[string]ed25519.PublicKey{}, Progress: progress}
	used := map[string]bool{}
	for i, r := range v.recs {
		if _, ok := ev.Devices[r.DeviceID]; !ok {
			d, err := s.store.Device(ctx, r.DeviceID)
			if err != nil {
				return fmt.Errorf("device of record %s: %w", r.ID, err)
			}
			ev.Devices[r.DeviceID] = d.PublicKey
		}
		rc := proto.SignReceipt(s.key, proto.ReceiptBody{Record: r.ID, BodyHash: r.BodyHash, Status: signoff.SyncStored, At: r.ReceivedAt})
		er := export.EvidenceRecord{Entry: entries[i], Receipt: export.ReceiptFile{Body: rc.Body, Signature: rc.Signature}}
		for _, a := range r.Attachments {
			if a.Data != nil {
				er.Enclosures = append(er.Enclosures, record.Enclosure{Position: a.Position, Salt: a.Salt, Data: a.Data})
			}
		}
		ev.Records = append(ev.Records, er)
		if p, ok := packs.For(entries[i].Body); ok && !used[p.Fingerprint] {
			used[p.Fingerprint] = true
			ev.Packs = append(ev.Packs, p)
		}
	}
	return export.WriteEvidence(w, ev)
}

// zipPDFs writes one PDF per class into a zip (a whole school's agreements).
func (s *Server) zipPDFs(ctx context.Context, w io.Writer, v view, progress export.Progress) error {
	zw := zip.NewWriter(w)
	classes := map[string][]proto.Pupil{}
	var names []string
	for _, p := range append(slices.Clip(v.pupils), v.left...) {
		if _, ok := classes[p.Class]; !ok {
			names = append(names, p.Class)
		}
		classes[p.Class] = append(classes[p.Class], p)
	}
	slices.SortFunc(names, compareFold)
	for i, class := range names {
		f, err := zw.Create(fileName("agreements", class, v.cov.Version) + ".pdf")
		if err != nil {
			return err
		}
		if err := s.exportPDF(ctx, f, "Class "+class, v.only(class), nil); err != nil {
			return fmt.Errorf("class %s: %w", class, err)
		}
		if progress != nil {
			progress(i+1, len(names))
		}
	}
	return zw.Close()
}

// only narrows a view to one class.
func (v view) only(class string) view {
	out := v
	out.pupils, out.left, out.states, out.recs = nil, nil, nil, nil
	in := map[string]bool{}
	for i, p := range v.pupils {
		if p.Class == class {
			out.pupils = append(out.pupils, p)
			out.states = append(out.states, v.states[i])
			in[p.UPN] = true
		}
	}
	for _, p := range v.left {
		if p.Class == class {
			out.left = append(out.left, p)
			in[p.UPN] = true
		}
	}
	for _, r := range v.recs {
		if in[r.PupilRef] {
			out.recs = append(out.recs, r)
		}
	}
	return out
}

// exportFlags is what an export of kind reads: every record of the
// class's pupils, those who left included; names and marks except for
// the CSV files, which carry the countersigning adult's name only.
func exportFlags(kind string) loadFlags {
	if kind == "csv" || kind == "excel" {
		return withLeft
	}
	return withData | withLeft
}

// onClassExport answers a class's CSV or PDF at once.
func (w *web) onClassExport(rw http.ResponseWriter, r *http.Request, si signedIn) {
	class := r.PathValue("class")
	if !mayView(si.user, class) {
		w.notYours(rw, si)
		return
	}
	kind := r.PathValue("kind")
	ctx := r.Context()
	v, err := w.load(ctx, si.user, class, exportFlags(kind))
	if err != nil {
		w.fail(rw, err)
		return
	}
	base := fileName(class, v.cov.Version, w.s.now().In(london).Format("2006-01-02"))
	w.s.log.Info("export", "kind", kind, "by_role", si.user.Role, "records", len(v.recs))
	// Made whole before the first byte goes, so a failure is a page, never a cut-off file.
	var buf bytes.Buffer
	var ctype, name string
	switch kind {
	case "csv", "excel":
		ctype, name = "text/csv; charset=utf-8", "records-"+base+".csv"
		err = w.s.exportCSV(ctx, &buf, v, kind == "excel", nil)
	case "pdf":
		ctype, name = "application/pdf", "agreements-"+base+".pdf"
		err = w.s.exportPDF(ctx, &buf, "Class "+class, v, nil)
	default:
		w.refuse(rw, si, http.StatusNotFound, "There is no such export: choose CSV, CSV for Excel or PDF on the class's page.")
		return
	}
	if err != nil {
		w.fail(rw, err)
		return
	}
	download(rw, ctype, name)
	_, _ = buf.WriteTo(rw)
}

func (w *web) onPupilPDF(rw http.ResponseWriter, r *http.Request, si signedIn) {
	ctx := r.Context()
	p, ok := w.visiblePupil(ctx, rw, si, r.PathValue("upn"))
	if !ok {
		return
	}
	v, err := w.load(ctx, si.user, p.Class, withData|withLeft)
	if err != nil {
		w.fail(rw, err)
		return
	}
	var buf bytes.Buffer
	if err := w.s.pupilPDF(ctx, &buf, p, v); err != nil {
		w.fail(rw, err)
		return
	}
	download(rw, "application/pdf", "agreements-"+fileName(p.GivenName, p.FamilyName)+".pdf")
	_, _ = buf.WriteTo(rw)
}

func download(rw http.ResponseWriter, ctype, name string) {
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	rw.Header().Set("Cache-Control", "no-store")
}

// fileName joins parts into a download's file name that is safe on any
// file system ("Oak-2026-1-2026-11-22").
func fileName(parts ...string) string { return export.SafeName(strings.Join(parts, " ")) }
