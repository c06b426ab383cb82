package hub

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"smartkiosk/hub/proto"
	"smartkiosk/roster"
)

// maxRosterUpload is more than any school's roster file (roster.Parse
// refuses a file over 16 MB with a sentence of its own).
const maxRosterUpload = 17 << 20

// rosterPage is the preview of a roster file: every row to fix, or what
// importing it would change, and a form to confirm it that carries the
// file again (nothing is kept on the hub between preview and import).
type rosterPage struct {
	page
	File      string
	Problems  []roster.Problem
	Plan      RosterPlan
	Data      string // the file, base64, for the confirming form
	Version   int64  // the roster version the preview compared with
	MassLeave bool
}

// onRosterPreview reads an uploaded roster file and shows what importing
// it would do; it changes nothing.
func (w *web) onRosterPreview(rw http.ResponseWriter, r *http.Request, si signedIn) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxRosterUpload)
	f, hdr, err := r.FormFile("roster")
	if err != nil {
		w.renderAdmin(rw, r, si, "", "Choose the roster file (a .csv exported from the MIS) first.")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		w.renderAdmin(rw, r, si, "", "The roster file could not be read: it is larger than a school roster, or the upload stopped. Try again.")
		return
	}
	w.rosterPreview(rw, r, si, hdr.Filename, data, "", "")
}

// rosterPreview shows data's preview, with a notice or a problem above it.
func (w *web) rosterPreview(rw http.ResponseWriter, r *http.Request, si signedIn, name string, data []byte, notice, problem string) {
	ctx := r.Context()
	p := rosterPage{page: w.base(si, "Check the roster before importing"), File: name}
	p.Notice, p.Error = notice, problem
	file, pupils, err := ReadRoster(ctx, w.s.store, bytes.NewReader(data))
	var bad *roster.FileError
	switch {
	case errors.As(err, &bad):
		w.renderAdmin(rw, r, si, "", fmt.Sprintf("%s was not imported: %s", name, bad.Reason))
		return
	case err != nil:
		w.fail(rw, err)
		return
	case len(file.Problems) > 0:
		p.Problems = file.Problems
		p.Error = fmt.Sprintf("%s has %d row(s) to fix; nothing was imported. Correct them in the MIS or the file, then choose it again.", name, len(file.Problems))
		w.render(rw, http.StatusBadRequest, "roster.html", p)
		return
	}
	if p.Plan, err = PlanRoster(ctx, w.s.store, pupils); err != nil {
		w.fail(rw, err)
		return
	}
	p.Data, p.Version, p.MassLeave = base64.StdEncoding.EncodeToString(data), p.Plan.Version, p.Plan.MassLeave
	status := http.StatusOK
	if problem != "" {
		status = http.StatusBadRequest
	}
	w.render(rw, status, "roster.html", p)
}

// onRosterImport imports the file a preview showed, if the roster has not
// changed since and, when most pupils would leave, the admin confirmed it.
func (w *web) onRosterImport(rw http.ResponseWriter, r *http.Request, si signedIn) {
	r.Body = http.MaxBytesReader(rw, r.Body, 2*maxRosterUpload)
	ctx := r.Context()
	name := r.FormValue("file")
	data, err := base64.StdEncoding.DecodeString(r.FormValue("data"))
	version, verr := strconv.ParseInt(r.FormValue("version"), 10, 64)
	if err != nil || verr != nil || len(data) == 0 {
		w.renderAdmin(rw, r, si, "", "The roster was not imported: the page was incomplete. Choose the file again.")
		return
	}
	_, pupils, err := ReadRoster(ctx, w.s.store, bytes.NewReader(data))
	if err != nil || len(pupils) == 0 {
		w.rosterPreview(rw, r, si, name, data, "", "")
		return
	}
	plan, err := PlanRoster(ctx, w.s.store, pupils)
	switch {
	case err != nil:
		w.fail(rw, err)
		return
	case plan.Version != version:
		w.rosterPreview(rw, r, si, name, data, "", "The roster changed since this preview (another import): check what would change now, then import.")
		return
	case plan.MassLeave && r.FormValue("allow_mass_leave") != "yes":
		w.rosterPreview(rw, r, si, name, data, "", fmt.Sprintf("Nothing was imported: tick the box to confirm this is the whole school's roster, "+
			"or choose the whole school's file. This file would mark %d of %d pupils as leavers.", len(plan.Leave), plan.Active))
		return
	}
	v, err := w.s.store.PutRoster(ctx, pupils, w.s.now())
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("roster imported", "by_role", si.user.Role, "version", v, "added", len(plan.Add),
		"updated", len(plan.Update), "left", len(plan.Leave))
	w.renderAdmin(rw, r, si, fmt.Sprintf("Roster version %d imported: %d new, %d updated, %d marked as left, %d unchanged. Kiosks fetch it at their next sync.",
		v, len(plan.Add), len(plan.Update), len(plan.Leave), plan.Unchanged), "")
}

// pupilName is how the preview names a pupil to the admin.
func pupilName(p proto.Pupil) string { return p.Domain().Name() }
