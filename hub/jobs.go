package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Long exports (a whole school's records, every class's PDFs, evidence
// packs) run as jobs: the browser is sent to a page that shows their
// progress and refreshes itself until the file is ready. A job's file is
// written to a temporary folder and removed an hour after it finished; a
// job belongs to the member of staff who started it.

// jobKeep is how long a finished export stays downloadable.
const jobKeep = time.Hour

type job struct {
	ID, Owner, Kind, Title, FileName, ContentType string
	Started                                       time.Time

	mu          sync.Mutex
	done, total int
	finished    time.Time
	err         error
	path        string
}

// jobStatus is a snapshot for the progress page.
type jobStatus struct {
	Done, Total, Percent int
	Finished             bool
	Failed               string
}

func (j *job) status() jobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := jobStatus{Done: j.done, Total: j.total, Finished: !j.finished.IsZero()}
	if j.total > 0 {
		st.Percent = 100 * j.done / j.total
	}
	if j.err != nil {
		st.Failed = "The export could not be made. Try again; if it keeps happening, tell the IT manager."
	}
	return st
}

func (j *job) progress(done, total int) {
	j.mu.Lock()
	j.done, j.total = done, total
	j.mu.Unlock()
}

type jobs struct {
	mu  sync.Mutex
	all map[string]*job
}

func newJobs() *jobs { return &jobs{all: map[string]*job{}} }

// start runs write into a temporary file as a new job of owner's.
func (s *Server) startJob(owner, kind, title, fileName, ctype string, write func(ctx context.Context, w io.Writer, j *job) error) (*job, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	j := &job{ID: hex.EncodeToString(b[:]), Owner: owner, Kind: kind, Title: title, FileName: fileName,
		ContentType: ctype, Started: s.now()}
	s.jobs.sweep(s.now())
	s.jobs.mu.Lock()
	s.jobs.all[j.ID] = j
	s.jobs.mu.Unlock()
	go s.runJob(j, write)
	return j, nil
}

func (s *Server) runJob(j *job, write func(ctx context.Context, w io.Writer, j *job) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	path, err := writeTemp(func(w io.Writer) error { return write(ctx, w, j) })
	if err != nil {
		s.log.Error("export job failed", "kind", j.Kind, "err", err)
	}
	j.mu.Lock()
	j.path, j.err, j.finished = path, err, s.now()
	j.mu.Unlock()
}

// writeTemp writes a file in the system's temporary folder and returns its
// path; nothing is left behind when write fails.
func writeTemp(write func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp("", "smartkiosk-export-*")
	if err != nil {
		return "", fmt.Errorf("temporary file: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// get returns owner's job with id.
func (js *jobs) get(id, owner string) (*job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.all[id]
	if !ok || j.Owner != owner {
		return nil, false
	}
	return j, true
}

// sweep forgets jobs finished more than jobKeep ago and removes their files.
func (js *jobs) sweep(now time.Time) {
	js.mu.Lock()
	defer js.mu.Unlock()
	for id, j := range js.all {
		j.mu.Lock()
		old := !j.finished.IsZero() && now.Sub(j.finished) > jobKeep
		if old && j.path != "" {
			os.Remove(j.path)
		}
		j.mu.Unlock()
		if old {
			delete(js.all, id)
		}
	}
}

// onStartExport starts a long export of one class, or of every class the
// user may see when class is empty.
func (w *web) onStartExport(rw http.ResponseWriter, r *http.Request, si signedIn) {
	class, kind := r.FormValue("class"), r.FormValue("kind")
	if class != "" && !mayView(si.user, class) {
		w.notYours(rw, si)
		return
	}
	scope := "all classes"
	if class != "" {
		scope = "class " + class
	}
	v, err := w.load(r.Context(), si.user, class, exportFlags(kind))
	if err != nil {
		w.fail(rw, err)
		return
	}
	name := fileName(scope, v.cov.Version, w.s.now().In(london).Format("2006-01-02"))
	var j *job
	switch kind {
	case "csv", "excel":
		j, err = w.s.startJob(si.user.Name, kind, "Records of "+scope, "records-"+name+".csv", "text/csv; charset=utf-8",
			func(ctx context.Context, out io.Writer, j *job) error {
				return w.s.exportCSV(ctx, out, v, kind == "excel", j.progress)
			})
	case "pdf":
		j, err = w.s.startJob(si.user.Name, kind, "Agreements of "+scope, "agreements-"+name+".zip", "application/zip",
			func(ctx context.Context, out io.Writer, j *job) error { return w.s.zipPDFs(ctx, out, v, j.progress) })
	case "evidence":
		j, err = w.s.startJob(si.user.Name, kind, "Evidence pack of "+scope, "evidence-"+name+".zip", "application/zip",
			func(ctx context.Context, out io.Writer, j *job) error {
				return w.s.exportEvidence(ctx, out, scope, v, j.progress)
			})
	default:
		w.refuse(rw, si, http.StatusBadRequest, "Choose what to export: CSV, CSV for Excel, PDF or an evidence pack.")
		return
	}
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("export started", "kind", kind, "by_role", si.user.Role, "records", len(v.recs))
	http.Redirect(rw, r, "/exports/"+j.ID, http.StatusSeeOther)
}

func (w *web) onExportStatus(rw http.ResponseWriter, r *http.Request, si signedIn) {
	j, ok := w.s.jobs.get(r.PathValue("id"), si.user.Name)
	if !ok {
		w.refuse(rw, si, http.StatusNotFound, "That export is not here any more: exports are kept for an hour. Start it again.")
		return
	}
	st := j.status()
	p := w.base(si, j.Title)
	if !st.Finished {
		p.Refresh = 1
	}
	back, text := "/coverage", "Back to who has signed"
	if strings.HasPrefix(j.Kind, "staff-") {
		back, text = "/staff-visitors", "Back to staff and visitors"
	}
	w.render(rw, http.StatusOK, "export.html", struct {
		page
		Job            *job
		Status         jobStatus
		Back, BackText string
	}{p, j, st, back, text})
}

func (w *web) onExportFile(rw http.ResponseWriter, r *http.Request, si signedIn) {
	j, ok := w.s.jobs.get(r.PathValue("id"), si.user.Name)
	if !ok {
		w.refuse(rw, si, http.StatusNotFound, "That export is not here any more: exports are kept for an hour. Start it again.")
		return
	}
	j.mu.Lock()
	path, ready := j.path, !j.finished.IsZero() && j.err == nil
	j.mu.Unlock()
	if !ready {
		http.Redirect(rw, r, "/exports/"+j.ID, http.StatusSeeOther)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		w.fail(rw, err)
		return
	}
	defer f.Close()
	download(rw, j.ContentType, j.FileName)
	_, _ = io.Copy(rw, f)
}
