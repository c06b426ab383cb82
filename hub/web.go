package hub

import (
	"context"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"net"
	"net/http"
	"slices"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"strings"
	"time"
)

//go:embed templates
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"pupilName": pupilName, "join": strings.Join,
}).ParseFS(templateFS, "templates/*.html"))

// formMemory is how much of a posted form is held in memory.
const formMemory = 8 << 20

// SessionCookie names the staff session cookie.
const SessionCookie = "smartkiosk_session"

// WebOptions configure the staff pages.
type WebOptions struct {
	HubURL       string // the address kiosks use, shown with enrolment codes
	SecureCookie bool   // set when browsers reach the hub over HTTPS
}

// Handler serves the kiosk API under /v1/ and the staff pages elsewhere.
func (s *Server) Handler(o WebOptions) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", s.APIHandler())
	w := &web{s: s, o: o}
	mux.HandleFunc("GET /{$}", w.onHome)
	mux.HandleFunc("GET /static/hub.css", w.onCSS)
	mux.HandleFunc("GET /healthz", s.onHealth)
	mux.HandleFunc("GET /version", s.onVersion)
	mux.HandleFunc("GET /signin", w.onSignInPage)
	mux.HandleFunc("POST /signin", w.onSignIn)
	mux.Handle("POST /signout", w.staff(anyone, w.onSignOut))
	mux.Handle("GET /admin", w.staff(admins, w.onAdmin))
	mux.Handle("POST /admin/enrol-code", w.staff(admins, w.onEnrolCode))
	mux.Handle("POST /admin/devices/{id}/revoke", w.staff(admins, w.onRevoke))
	mux.Handle("POST /admin/bundles", w.staff(admins, w.onBundle))
	mux.Handle("POST /admin/roster", w.staff(admins, w.onRosterPreview))
	mux.Handle("POST /admin/roster/import", w.staff(admins, w.onRosterImport))
	mux.Handle("POST /admin/reception", w.staff(admins, w.onReceptionSave))
	mux.Handle("POST /admin/reception/kiosk", w.staff(admins, w.onKioskWiFiSave))
	mux.Handle("POST /admin/staff-list", w.staff(admins, w.onStaffListSave))
	mux.Handle("GET /coverage", w.staff(pupilPages, w.onCoverage))
	mux.Handle("GET /classes/{class}", w.staff(pupilPages, w.onClass))
	mux.Handle("GET /classes/{class}/records/{kind}", w.staff(pupilPages, w.onClassExport))
	mux.Handle("GET /pupils/{upn}", w.staff(pupilPages, w.onPupil))
	mux.Handle("GET /pupils/{upn}/agreements.pdf", w.staff(pupilPages, w.onPupilPDF))
	mux.Handle("GET /follow-ups", w.staff(pupilPages, w.onFollowUps))
	mux.Handle("POST /exports", w.staff(pupilPages, w.onStartExport))
	mux.Handle("GET /exports/{id}", w.staff(anyone, w.onExportStatus)) // a job is its owner's only
	mux.Handle("GET /exports/{id}/file", w.staff(anyone, w.onExportFile))
	mux.Handle("GET /staff-visitors", w.staff(receptionPages, w.onStaffVisitors))
	mux.Handle("GET /staff-visitors/log.csv", w.staff(receptionPages, w.onVisitorCSV))
	mux.Handle("GET /staff-visitors/records/{id}", w.staff(receptionPages, w.onSignatoryPDF))
	mux.Handle("POST /staff-visitors/evidence", w.staff(receptionPages, w.onSignatoryEvidence))
	return securityHeaders(mux)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

type web struct {
	s *Server
	o WebOptions
}

// page is what every template gets.
type page struct {
	Title, School, User, CSRF, Error, Notice string
	Admin                                    bool // show the kiosks page in the menu
	Pupils                                   bool // show the pupils' pages in the menu
	Reception                                bool // show Staff and visitors in the menu
	Refresh                                  int  // seconds until the page reloads itself (0: never)
}

func (w *web) render(rw http.ResponseWriter, status int, name string, data any) {
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	if err := pages.ExecuteTemplate(rw, name, data); err != nil {
		w.s.log.Error("render page", "page", name, "err", err)
	}
}

func (w *web) onCSS(rw http.ResponseWriter, _ *http.Request) {
	data, _ := templateFS.ReadFile("templates/hub.css")
	rw.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = rw.Write(data)
}

func (w *web) onSignInPage(rw http.ResponseWriter, _ *http.Request) {
	w.render(rw, http.StatusOK, "signin.html", page{Title: "Sign in", School: w.s.school})
}

func (w *web) onSignIn(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	token, sess, err := SignIn(r.Context(), w.s.store, r.PostFormValue("name"), sourceOf(r), r.PostFormValue("password"), w.s.now())
	var locked *LockedError
	switch {
	case errors.As(err, &locked), errors.Is(err, ErrSignIn):
		w.s.log.Info("sign-in refused")
		w.render(rw, http.StatusUnauthorized, "signin.html", page{Title: "Sign in", School: w.s.school, Error: err.Error()})
		return
	case err != nil:
		w.fail(rw, err)
		return
	}
	http.SetCookie(rw, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: w.o.SecureCookie, SameSite: http.SameSiteStrictMode, Expires: sess.ExpiresAt})
	http.Redirect(rw, r, "/coverage", http.StatusSeeOther) // which sends the office on to its own page
}

// refuse shows a staff page that cannot be shown as asked: the reason in
// a sentence, in the hub's own page with its menu, and a way back.
func (w *web) refuse(rw http.ResponseWriter, si signedIn, status int, msg string) {
	title := map[int]string{http.StatusForbidden: "Not open to you", http.StatusNotFound: "Not found"}[status]
	if title == "" {
		title = "That did not work"
	}
	p := w.base(si, title)
	p.Error = msg
	back, text := "/coverage", "Back to Who has signed"
	switch si.user.Role {
	case RoleAdmin:
		back, text = "/admin", "Back to the kiosks"
	case RoleOffice:
		back, text = "/staff-visitors", "Back to Staff and visitors"
	}
	w.render(rw, status, "problem.html", struct {
		page
		Back, BackText string
	}{p, back, text})
}

// sourceOf is the address a request came from, which sign-in lockouts
// are counted by. Behind a reverse proxy (--plain-http) it is the proxy's.
func sourceOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (w *web) fail(rw http.ResponseWriter, err error) {
	w.s.log.Error("staff page failed", "err", err)
	w.render(rw, http.StatusInternalServerError, "signin.html", page{Title: "Something went wrong", School: w.s.school,
		Error: "The hub could not do that. Try again; if it keeps happening, tell the IT manager."})
}

// staffKey carries the signed-in user and session in a request's context.
type staffKey struct{}

type signedIn struct {
	user User
	sess Session
}

// access is who may open a page, and what anyone else is told.
type access struct {
	roles   []string // nil: anyone signed in
	refusal string
}

// Who opens which pages. The office sees the Staff and visitors page
// only; a tutor never sees it.
var (
	anyone     = access{}
	admins     = access{[]string{RoleAdmin}, "This page is for the hub's administrators."}
	pupilPages = access{[]string{RoleAdmin, RoleDSL, RoleTutor},
		"Pupils' pages are for their tutors, the designated safeguarding lead and administrators; the office sees Staff and visitors."}
	receptionPages = access{[]string{RoleAdmin, RoleDSL, RoleOffice},
		"Staff and visitors is for the school office, the designated safeguarding lead and administrators."}
)

func (a access) lets(role string) bool { return a.roles == nil || slices.Contains(a.roles, role) }

// staff lets through a signed-in user whose role a lets in, and checks
// the CSRF token on every POST.
func (w *web) staff(a access, h func(http.ResponseWriter, *http.Request, signedIn)) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(SessionCookie)
		if err != nil {
			http.Redirect(rw, r, "/signin", http.StatusSeeOther)
			return
		}
		sess, err := w.s.store.Session(r.Context(), TokenHash(c.Value), w.s.now())
		if err != nil {
			http.Redirect(rw, r, "/signin", http.StatusSeeOther)
			return
		}
		u, err := w.s.store.User(r.Context(), sess.UserName)
		if err != nil {
			http.Redirect(rw, r, "/signin", http.StatusSeeOther)
			return
		}
		if !a.lets(u.Role) {
			if r.Method == http.MethodGet && r.URL.Path == "/coverage" {
				http.Redirect(rw, r, landing(u.Role), http.StatusSeeOther) // where "/" and sign-in lead
				return
			}
			w.refuse(rw, signedIn{user: u, sess: sess}, http.StatusForbidden, a.refusal)
			return
		}
		if r.Method == http.MethodPost && !w.csrfOK(r, sess) {
			w.refuse(rw, signedIn{user: u, sess: sess}, http.StatusForbidden, "The form was out of date. Go back, reload the page and try again.")
			return
		}
		h(rw, r.WithContext(context.WithValue(r.Context(), staffKey{}, u.Name)), signedIn{user: u, sess: sess})
	})
}

// landing is the page a role starts on.
func landing(role string) string {
	if role == RoleOffice {
		return "/staff-visitors"
	}
	return "/coverage"
}

func (w *web) csrfOK(r *http.Request, sess Session) bool {
	r.Body = http.MaxBytesReader(nil, r.Body, proto.MaxBundleBytes+1<<20) // a bundle and the form around it
	// Parts beyond formMemory go to temporary files, not memory.
	if err := r.ParseMultipartForm(formMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return false
	}
	return r.FormValue("csrf") != "" && r.FormValue("csrf") == sess.CSRF
}

func (w *web) onSignOut(rw http.ResponseWriter, r *http.Request, si signedIn) {
	_ = w.s.store.DeleteSession(r.Context(), si.sess.TokenHash)
	http.SetCookie(rw, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1})
	http.Redirect(rw, r, "/signin", http.StatusSeeOther)
}

func (w *web) base(si signedIn, title string) page {
	role := si.user.Role
	return page{Title: title, School: w.s.school, User: si.user.Name, CSRF: si.sess.CSRF, Admin: role == RoleAdmin,
		Pupils: pupilPages.lets(role), Reception: receptionPages.lets(role)}
}

type deviceRow struct {
	ID, Short, Label, Enrolled, Revoked string
	Records                             int
}

func (w *web) onAdmin(rw http.ResponseWriter, r *http.Request, si signedIn) {
	w.renderAdmin(rw, r, si, "", "")
}

// renderAdmin shows the kiosks page with a notice or an error.
func (w *web) renderAdmin(rw http.ResponseWriter, r *http.Request, si signedIn, notice, problem string) {
	devs, err := w.s.store.Devices(r.Context())
	if err != nil {
		w.fail(rw, err)
		return
	}
	rows := make([]deviceRow, len(devs))
	for i, d := range devs {
		recs, err := w.s.store.DeviceRecords(r.Context(), d.ID)
		if err != nil {
			w.fail(rw, err)
			return
		}
		rows[i] = deviceRow{ID: d.ID, Short: proto.ShortDeviceID(d.ID), Label: d.Label, Enrolled: localTime(d.EnrolledAt), Records: len(recs)}
		if d.Revoked() {
			rows[i].Revoked = localTime(d.RevokedAt)
		}
	}
	rc, err := w.receptionForm(r.Context(), devs)
	if err != nil {
		w.fail(rw, err)
		return
	}
	p := w.base(si, "Kiosks")
	p.Notice, p.Error = notice, problem
	status := http.StatusOK
	if problem != "" {
		status = http.StatusBadRequest
	}
	w.render(rw, status, "admin.html", struct {
		page
		Devices   []deviceRow
		Reception receptionForm
	}{p, rows, rc})
}

func localTime(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04") }

func (w *web) onEnrolCode(rw http.ResponseWriter, r *http.Request, si signedIn) {
	label := r.FormValue("label")
	if len(label) > 100 {
		label = label[:100]
	}
	code, c, err := NewEnrolCode(r.Context(), w.s.store, label, w.s.now())
	if err != nil {
		w.fail(rw, err)
		return
	}
	png, err := QRPNG(EnrolURI(w.o.HubURL, code, w.s.cert))
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("enrolment code made", "by_role", si.user.Role, "expires", c.ExpiresAt)
	w.render(rw, http.StatusOK, "code.html", struct {
		page
		Code, Label, Expires, HubURL, Fingerprint, QR string
		QRSize                                        int
	}{w.base(si, "Enrolment code"), code, label, c.ExpiresAt.Local().Format("15:04"), w.o.HubURL,
		FormatFingerprint(w.s.cert), base64.StdEncoding.EncodeToString(png), 300})
}

func (w *web) onRevoke(rw http.ResponseWriter, r *http.Request, si signedIn) {
	id := r.PathValue("id")
	err := w.s.store.RevokeDevice(r.Context(), id, w.s.now())
	if errors.Is(err, ErrNotFound) {
		w.refuse(rw, si, http.StatusNotFound, "There is no such kiosk: it may have been listed under another name. Check the list of kiosks.")
		return
	} else if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("device revoked", "device", id)
	w.renderAdmin(rw, r, si, "The kiosk "+proto.ShortDeviceID(id)+" is revoked: the hub refuses its requests from now on.", "")
}

type problem struct{ ID, Reason string }

func (w *web) onBundle(rw http.ResponseWriter, r *http.Request, si signedIn) {
	f, _, err := r.FormFile("bundle")
	if err != nil {
		w.renderAdmin(rw, r, si, "", "Choose a bundle file (ending .skbundle) first.")
		return
	}
	defer f.Close()
	rep, err := w.s.ImportBundle(r.Context(), f)
	if err != nil {
		w.renderAdmin(rw, r, si, "", "The bundle was not imported: "+err.Error())
		return
	}
	var probs []problem
	for _, res := range rep.Results {
		if !res.Acknowledged() {
			probs = append(probs, problem{res.ID, res.Reason})
		}
	}
	w.render(rw, http.StatusOK, "bundle.html", struct {
		page
		Device                                        string
		Records, Stored, Duplicate, Conflict, Invalid int
		Problems                                      []problem
	}{w.base(si, "Bundle imported"), proto.ShortDeviceID(rep.Device), rep.Records, rep.Counts[signoff.SyncStored],
		rep.Counts[signoff.SyncDuplicate], rep.Counts[signoff.SyncConflict], rep.Counts[signoff.SyncInvalid], probs})
}
