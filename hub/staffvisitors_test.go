package hub_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"smartkiosk/export"
	"smartkiosk/hub"
	"smartkiosk/store/record"
)

// Staff accounts of the reception school.
const (
	officeName = "office"
	adminName  = "it.admin"
)

// The staff list the reception school's admin keeps.
var staffList = []string{"Ann Lee", "Sam Patel", "Jo Brown"}

// receptionSchool is the demo school with adults' own sign-offs synced:
// Ann and Sam (typed "sam  PATEL") signed the staff policy this version,
// Jo signed only the last version, Kit signed but is not on the list; a
// visitor and a volunteer signed in at reception.
func receptionSchool(t *testing.T) *school {
	t.Helper()
	ctx := context.Background()
	s := newSchool(t)
	for _, u := range []struct{ name, role string }{{officeName, hub.RoleOffice}, {adminName, hub.RoleAdmin}} {
		if err := hub.AddUser(ctx, s.store, u.name, password, u.role, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := hub.PutStaffList(ctx, s.store, staffList, time.Now()); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 8, 40, 0, 0, time.UTC)
	s.ids["ann"] = s.adult(t, record.SignatoryStaff, "staff", "Ann Lee", nil, at, nil)
	s.ids["sam"] = s.adult(t, record.SignatoryStaff, "staff", "sam  PATEL", nil, at.Add(time.Minute), nil)
	s.ids["jo-old"] = s.adult(t, record.SignatoryStaff, "staff", "Jo Brown", nil, at.Add(2*time.Minute),
		func(b *record.Body) { b.Pack.Version = "2025.1" })
	s.ids["kit"] = s.adult(t, record.SignatoryStaff, "staff", "Kit Unlisted", nil, at.Add(3*time.Minute), nil)
	s.ids["vera"] = s.adult(t, record.SignatoryVisitor, "visitor", "Vera Visitor",
		&record.VisitDetails{Organisation: "Kent Music", Visiting: "Mr Green"}, at.Add(4*time.Minute), nil)
	s.ids["val"] = s.adult(t, record.SignatoryVolunteer, "visitor", "Val Helper",
		&record.VisitDetails{Organisation: "Friends of the School", Visiting: "Reading club"}, at.Add(5*time.Minute), nil)
	if err := s.sync.Once(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
	return s
}

// adult signs form for an adult signing for themselves, as a reception
// tablet does: every section agreed, their name, signature and visit.
func (s *school) adult(t *testing.T, kind, form, name string, visit *record.VisitDetails, at time.Time, edit func(*record.Body)) string {
	t.Helper()
	f, ok := s.pack.FormByID(form)
	if !ok {
		t.Fatalf("the pack has no form %s", form)
	}
	b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, Form: form, Language: "en-GB",
		Signatory: &record.SignatoryRef{Kind: kind, Ref: record.NewID()[:12]},
		Pack:      record.PackRef{ID: s.pack.ID, Version: s.pack.Version, Fingerprint: s.pack.Fingerprint},
		StartedAt: at.Add(-6 * time.Minute), SignedAt: at}
	for _, r := range f.Rules {
		b.Answers = append(b.Answers, record.Answer{Statement: r.ID, Answer: record.AnswerAgree})
	}
	if edit != nil {
		edit(b)
	}
	atts := map[string][]byte{record.AttachSignatoryName: []byte(name), record.AttachSignatorySig: scribble(t)}
	if visit != nil {
		data, _ := json.Marshal(visit)
		atts[record.AttachVisit] = data
	}
	return s.k.signBody(t, b, atts)
}

// signedInTo is a browser signed in as name, landing on a page that says want.
func (s *school) signedInTo(t *testing.T, name, want string) *browser {
	t.Helper()
	b := newBrowser(t, s.testHub)
	status, page := b.post("/signin", url.Values{"name": {name}, "password": {password}})
	if status != http.StatusOK || !strings.Contains(page, want) {
		t.Fatalf("sign in as %s: %d, want a page saying %q:\n%s", name, status, want, page)
	}
	return b
}

func TestStaffVisitors_Page(t *testing.T) {
	s := receptionSchool(t)
	office := s.signedInTo(t, officeName, "Staff and visitors")
	status, page := office.get("/staff-visitors")
	if status != http.StatusOK {
		t.Fatalf("office, GET /staff-visitors: %d", status)
	}
	t.Run("StaffCoverage", func(t *testing.T) {
		cov := section(t, page, "staff-coverage")
		for _, want := range []string{`id="staff-signed">2<`, `id="staff-not-signed">1<`, "<li>Jo Brown</li>",
			">Ann Lee<", ">Sam Patel<", "Signed, but not on the staff list", ">Kit Unlisted<", "7 Dec 2026"} {
			if !strings.Contains(cov, want) {
				t.Errorf("staff coverage lacks %q:\n%s", want, cov)
			}
		}
		if strings.Contains(cov, "sam  PATEL") || strings.Contains(row(t, cov, "Ann Lee"), "not signed") {
			t.Errorf("staff matched wrongly:\n%s", cov)
		}
	})
	t.Run("VisitorLog", func(t *testing.T) {
		log := section(t, page, "visitors")
		for _, want := range []string{"Vera Visitor", "Kent Music", "Mr Green", "visitor", "Val Helper", "Friends of the School", "Reading club", "volunteer", "2026.1"} {
			if !strings.Contains(log, want) {
				t.Errorf("the visitor log lacks %q", want)
			}
		}
		if strings.Index(log, "Val Helper") > strings.Index(log, "Vera Visitor") || strings.Contains(log, "Ann Lee") {
			t.Errorf("the log is not the visitors newest first:\n%s", log)
		}
		_, found := office.get("/staff-visitors?q=" + url.QueryEscape("  kent   MUSIC "))
		found = section(t, found, "visitors")
		if !strings.Contains(found, "Vera Visitor") || strings.Contains(found, "Val Helper") {
			t.Errorf("search for Kent Music:\n%s", found)
		}
		_, none := office.get("/staff-visitors?q=nobody")
		if !strings.Contains(none, "Nobody who signed in matches") {
			t.Errorf("a search that finds nobody:\n%s", section(t, none, "visitors"))
		}
	})
	t.Run("CSV", func(t *testing.T) {
		status, ctype, data := office.fetch("/staff-visitors/log.csv")
		if status != http.StatusOK || !strings.HasPrefix(ctype, "text/csv") {
			t.Fatalf("%d %s", status, ctype)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(export.SignatoriesHeader, ",") {
			t.Fatalf("the log CSV: %q", rows)
		}
		want := []string{"2026-12-07", "071226", "volunteer", "Val Helper", "Friends of the School", "Reading club", "visitor", "2026.1", "drawn", s.ids["val"]}
		for i, w := range want {
			if rows[1][i] != w {
				t.Errorf("row 1 column %s = %q, want %q", export.SignatoriesHeader[i], rows[1][i], w)
			}
		}
		_, _, found := office.fetch("/staff-visitors/log.csv?q=vera")
		if rows, _ := csv.NewReader(bytes.NewReader(found)).ReadAll(); len(rows) != 2 || rows[1][3] != "Vera Visitor" {
			t.Errorf("the log CSV searched for vera: %q", rows)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		for _, who := range []string{"vera", "ann"} {
			status, ctype, data := office.fetch("/staff-visitors/records/" + s.ids[who] + ".pdf")
			if status != http.StatusOK || ctype != "application/pdf" {
				t.Fatalf("%s's PDF: %d %s", who, status, ctype)
			}
			text := strings.Join(strings.Fields(pdfText(t, data)), " ")
			form := "visitor"
			if who == "ann" {
				form = "staff"
			}
			f, _ := s.pack.FormByID(form)
			for _, want := range []string{f.Title.In("en-GB"), strings.Join(strings.Fields(f.Declaration.In("en-GB")), " "),
				f.Rules[0].Heading.In("en-GB"), f.Rules[len(f.Rules)-1].Heading.In("en-GB"),
				"Date (DDMMYY) 071226", "About this policy", "version 2026.1", "Designated Safeguarding Lead"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s's PDF does not say %q", who, want)
				}
			}
		}
		_, _, vera := office.fetch("/staff-visitors/records/" + s.ids["vera"] + ".pdf")
		if text := pdfText(t, vera); !strings.Contains(text, "Vera Visitor") || !strings.Contains(text, "Kent Music") {
			t.Errorf("Vera's PDF lacks her name or organisation:\n%s", text)
		}
		if status, _, _ := office.fetch("/staff-visitors/records/" + s.ids["amir"] + ".pdf"); status != http.StatusNotFound {
			t.Errorf("a pupil's record through the staff PDF: %d, want 404", status)
		}
	})
	t.Run("Evidence", func(t *testing.T) {
		file := startExportAt(t, office, "/staff-visitors/evidence", url.Values{"csrf": {csrfOf(t, page)}})
		_, ctype, data := office.fetch(file)
		if ctype != "application/zip" {
			t.Fatalf("content type %s", ctype)
		}
		rep, err := export.VerifyEvidence(bytes.NewReader(data), int64(len(data)), export.VerifyOptions{HubKey: s.srv.PublicKey()})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.Records != 5 { // Ann, Sam, Kit (this version), Vera, Val
			t.Errorf("evidence pack of staff and visitors: %+v", rep)
		}
	})
}

// section is the HTML of the page's section with id.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no section %s on the page:\n%s", id, page)
	}
	end := strings.Index(page[i:], "</section>")
	return page[i : i+end]
}

func TestStaffVisitors_Access(t *testing.T) {
	s := receptionSchool(t)
	t.Run("TutorRefused", func(t *testing.T) {
		oak := s.signedIn(t, tutorOak)
		for _, path := range []string{"/staff-visitors", "/staff-visitors/log.csv", "/staff-visitors/records/" + s.ids["vera"] + ".pdf"} {
			status, _, body := oak.fetch(path)
			if status != http.StatusForbidden || bytes.Contains(body, []byte("Vera")) {
				t.Errorf("tutor, GET %s: %d, want 403 without the visitor", path, status)
			}
		}
		if _, page := oak.get("/coverage"); strings.Contains(page, `href="/staff-visitors"`) {
			t.Error("a tutor's menu offers Staff and visitors")
		}
	})
	t.Run("OfficeSeesNoPupils", func(t *testing.T) {
		office := s.signedInTo(t, officeName, "Vera Visitor")
		_, page := office.get("/staff-visitors")
		if strings.Contains(page, `href="/coverage"`) || strings.Contains(page, `href="/admin"`) {
			t.Error("the office's menu offers pupils' pages or the kiosks")
		}
		for _, path := range []string{"/classes/Oak", "/classes/Oak/records/csv", "/classes/Oak/records/pdf",
			"/pupils/A100000000001", "/pupils/A100000000001/agreements.pdf", "/follow-ups", "/admin"} {
			status, _, body := office.fetch(path)
			if status != http.StatusForbidden || bytes.Contains(body, []byte("Amir")) {
				t.Errorf("office, GET %s: %d, want 403 without a pupil", path, status)
			}
		}
		if status, _ := office.post("/exports", url.Values{"csrf": {csrfOf(t, page)}, "kind": {"csv"}}); status != http.StatusForbidden {
			t.Errorf("office started a pupils' export: %d", status)
		}
		if status, page := office.get("/coverage"); status != http.StatusOK || !strings.Contains(page, "<h1>Staff and visitors</h1>") {
			t.Errorf("office, GET /coverage: %d, want sent on to Staff and visitors", status)
		}
	})
	t.Run("DSLAndAdmin", func(t *testing.T) {
		for _, name := range []string{dslName, adminName} {
			b := s.signedIn(t, name)
			status, page := b.get("/staff-visitors")
			if status != http.StatusOK || !strings.Contains(page, "Vera Visitor") {
				t.Errorf("%s, GET /staff-visitors: %d", name, status)
			}
			if _, cov := b.get("/coverage"); !strings.Contains(cov, `href="/staff-visitors"`) {
				t.Errorf("%s's menu lacks Staff and visitors", name)
			}
		}
	})
}
