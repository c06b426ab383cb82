package hub

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"smartkiosk/export"
	"smartkiosk/policy"
)

// The Staff and visitors page, for the office, the DSL and admins: who
// has signed the current staff policy against the staff list, the visitor
// and volunteer log with search, its CSV, a printable PDF of any one
// sign-off, and evidence packs.

// maxSearch is the longest search taken.
const maxSearch = 100

func (w *web) onStaffVisitors(rw http.ResponseWriter, r *http.Request, si signedIn) {
	ctx := r.Context()
	q := search(r)
	a, pack, err := w.s.loadReception(ctx)
	if err != nil {
		w.fail(rw, err)
		return
	}
	list, err := StaffList(ctx, w.s.store)
	if err != nil {
		w.fail(rw, err)
		return
	}
	cov := coverStaff(a, pack, list)
	log, _ := visitorLog(a, q)
	w.render(rw, http.StatusOK, "staffvisitors.html", struct {
		page
		Staff staffCoverage
		Log   []visitRow
		Query string
		About []string // About this policy: heading, then lines
	}{w.base(si, "Staff and visitors"), cov, log, q, export.AboutLines(pack)})
}

// search is the page's search words, tidied and cut to maxSearch.
func search(r *http.Request) string {
	q := strings.TrimSpace(r.FormValue("q"))
	if len(q) > maxSearch {
		q = strings.ToValidUTF8(q[:maxSearch], "")
	}
	return q
}

// loadReception reads the adults' records and the current pack.
func (s *Server) loadReception(ctx context.Context) (adults, *policy.Pack, error) {
	pack, err := CurrentPack(ctx, s.store)
	if err != nil {
		return adults{}, nil, err
	}
	a, err := s.loadAdults(ctx)
	return a, pack, err
}

// onVisitorCSV downloads the visitor and volunteer log, as searched.
func (w *web) onVisitorCSV(rw http.ResponseWriter, r *http.Request, si signedIn) {
	a, err := w.s.loadAdults(r.Context())
	if err != nil {
		w.fail(rw, err)
		return
	}
	_, entries := visitorLog(a, search(r))
	var buf bytes.Buffer
	if err := export.WriteSignatoriesCSV(&buf, entries, export.CSVOptions{BOM: r.URL.Query().Get("excel") != ""}); err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("export", "kind", "visitor-log", "by_role", si.user.Role, "records", len(entries))
	download(rw, "text/csv; charset=utf-8", "visitors-"+fileName(w.s.now().In(london).Format("2006-01-02"))+".csv")
	_, _ = buf.WriteTo(rw)
}

// onSignatoryPDF downloads one adult's sign-off as the paper form.
func (w *web) onSignatoryPDF(rw http.ResponseWriter, r *http.Request, si signedIn) {
	ctx := r.Context()
	id := strings.TrimSuffix(r.PathValue("id"), ".pdf")
	rec, err := w.s.store.Record(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && rec.PupilRef != "" {
		w.refuse(rw, si, http.StatusNotFound, "There is no staff or visitor sign-off with that reference: it may have been erased. Go back to Staff and visitors.")
		return
	} else if err != nil {
		w.fail(rw, err)
		return
	}
	entries, err := w.s.entries(ctx, []Stored{rec}, nil)
	if err != nil {
		w.fail(rw, err)
		return
	}
	e := entries[0]
	if e.Body.Signatory == nil {
		w.refuse(rw, si, http.StatusNotFound, "That record is not a staff or visitor sign-off. Go back to Staff and visitors.")
		return
	}
	name := export.SignatoryName(&e)
	title := "Sign-off by " + orErased(name)
	var buf bytes.Buffer
	doc := export.Document{Title: title, School: w.s.school, Version: e.Body.Pack.Version, Entries: entries}
	if err := w.s.writePDF(ctx, &buf, doc, nil); err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("export", "kind", "signatory-pdf", "by_role", si.user.Role, "signatory", e.Body.Signatory.Kind)
	download(rw, "application/pdf", fileName(e.Body.Form, name, export.DateDDMMYY(e.Body.SignedAt))+".pdf")
	_, _ = buf.WriteTo(rw)
}

// onSignatoryEvidence starts an evidence pack of the staff signatures for
// the current version and the visitor log as searched.
func (w *web) onSignatoryEvidence(rw http.ResponseWriter, r *http.Request, si signedIn) {
	ctx := r.Context()
	a, pack, err := w.s.loadReception(ctx)
	if err != nil {
		w.fail(rw, err)
		return
	}
	q := search(r)
	var v view
	_, staff := staffSignoffs(a, pack)
	for _, e := range staff {
		v.recs = append(v.recs, a.stored[e.ID()])
	}
	_, visits := visitorLog(a, q)
	for _, e := range visits {
		v.recs = append(v.recs, a.stored[e.ID()])
	}
	scope := "staff and visitors"
	if q != "" {
		scope += " matching " + q
	}
	name := fileName("staff-visitors", pack.Version, w.s.now().In(london).Format("2006-01-02"))
	j, err := w.s.startJob(si.user.Name, "staff-evidence", "Evidence pack of "+scope, "evidence-"+name+".zip", "application/zip",
		func(ctx context.Context, out io.Writer, j *job) error {
			return w.s.exportEvidence(ctx, out, "Staff and visitors: "+scope, v, j.progress)
		})
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("export started", "kind", "staff-evidence", "by_role", si.user.Role, "records", len(v.recs))
	http.Redirect(rw, r, "/exports/"+j.ID, http.StatusSeeOther)
}
