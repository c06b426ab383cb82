package hub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"smartkiosk/export"
	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// signedIn is a browser signed in as name.
func (s *school) signedIn(t *testing.T, name string) *browser {
	t.Helper()
	b := newBrowser(t, s.testHub)
	status, page := b.post("/signin", url.Values{"name": {name}, "password": {password}})
	if status != http.StatusOK || !strings.Contains(page, "Who has signed") {
		t.Fatalf("sign in as %s: %d\n%s", name, status, page)
	}
	return b
}

// fetch gets path and returns status, content type and body.
func (b *browser) fetch(path string) (int, string, []byte) {
	b.t.Helper()
	resp, err := b.c.Get(b.h.ts.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// row returns the text of the table row that mentions name.
func row(t *testing.T, page, name string) string {
	t.Helper()
	for _, tr := range strings.Split(page, "<tr")[1:] {
		if strings.Contains(tr, ">"+name+"<") {
			tr = tr[strings.Index(tr, ">")+1:] // the rest of the <tr> tag
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(tr, " ")
		}
	}
	t.Fatalf("no row for %s on the page:\n%s", name, page)
	return ""
}

func TestTutor_Coverage(t *testing.T) {
	s := newSchool(t)
	dsl := s.signedIn(t, dslName)
	_, page := dsl.get("/coverage")
	// Oak: Amir and Beth signed, Cara only an older version, Dan has
	// started on a kiosk; Beth said "not sure"; only Amir's carer acknowledged.
	oak := strings.Fields(row(t, page, "Oak"))
	if got := strings.Join(oak[1:], " "); got != "4 2 1 1 1 3" {
		t.Errorf("Oak: pupils signed started not-signed not-sure no-parent = %q, want 4 2 1 1 1 3", got)
	}
	// Ash: Eve signed; Finn's corrected agreement counts once.
	if got := strings.Join(strings.Fields(row(t, page, "Ash"))[1:], " "); got != "2 2 0 0 0 2" {
		t.Errorf("Ash = %q, want 2 2 0 0 0 2", got)
	}
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "Oak: 2 signed") {
		t.Errorf("no bar chart with Oak's count")
	}

	_, class := dsl.get("/classes/Oak")
	for name, want := range map[string]string{"Amir Khan": "Signed", "Beth Jones": "Signed", "Cara Lee": "Not signed for this version", "Dan Moss": "Started on a kiosk"} {
		if r := row(t, class, name); !strings.Contains(r, want) {
			t.Errorf("%s: %q, want %q", name, r, want)
		}
	}
	if r := row(t, class, "Cara Lee"); !strings.Contains(r, " 1 ") {
		t.Errorf("Cara's earlier record is not counted on her row: %q", r)
	}

	_, follow := dsl.get("/follow-ups?class=Oak")
	first := s.answers(t, "pupil-b", 1)[1].Statement
	text := ""
	for _, f := range s.pack.Forms {
		for _, r := range f.Rules {
			for _, st := range r.Statements {
				if st.ID == first {
					text = st.Text.In("en-GB")
				}
			}
		}
	}
	if !strings.Contains(follow, "Beth Jones") || !strings.Contains(follow, templateEscape(text)) || strings.Contains(follow, "Amir Khan") {
		t.Errorf("follow-ups should list Beth's statement %q and nobody else:\n%s", text, follow)
	}

	t.Run("ResignCampaign", func(t *testing.T) {
		s.newVersion(t)
		_, page := dsl.get("/coverage")
		if got := strings.Join(strings.Fields(row(t, page, "Oak"))[1:], " "); got != "4 0 1 3 0 4" {
			t.Errorf("after version 2026.2, Oak = %q, want nobody signed", got)
		}
		if !strings.Contains(page, "2026.2") || !strings.Contains(page, "everyone signs it again") {
			t.Errorf("the campaign is not explained")
		}
		if err := s.store.RevokeDevice(context.Background(), s.k.DeviceID(), time.Now()); err != nil {
			t.Fatal(err)
		}
		_, page = dsl.get("/coverage")
		if got := strings.Join(strings.Fields(row(t, page, "Oak"))[1:], " "); got != "4 0 0 4 0 4" {
			t.Errorf("a revoked tablet's sign-off in progress still counts: Oak = %q", got)
		}
		_, pupil := dsl.get("/pupils/A100000000001")
		if !strings.Contains(pupil, s.ids["amir"]) || !strings.Contains(pupil, "an earlier version") {
			t.Errorf("Amir's page lost his 2026.1 agreement:\n%s", pupil)
		}
	})
}

func templateEscape(s string) string {
	return strings.NewReplacer("'", "&#39;", `"`, "&#34;", "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestTutor_AccessControl(t *testing.T) {
	s := newSchool(t)
	oak := s.signedIn(t, tutorOak)
	_, page := oak.get("/coverage")
	if !strings.Contains(page, "/classes/Oak") || strings.Contains(page, "/classes/Ash") {
		t.Errorf("a tutor's coverage page shows other classes:\n%s", page)
	}
	for _, path := range []string{"/classes/Ash", "/classes/ash", "/classes/Ash/records/csv", "/classes/Ash/records/excel",
		"/classes/Ash/records/pdf", "/follow-ups?class=Ash"} {
		if status, _, body := oak.fetch(path); status != http.StatusForbidden || bytes.Contains(body, []byte("Eve")) {
			t.Errorf("tutor of Oak, GET %s: %d, want 403", path, status)
		}
	}
	for _, path := range []string{"/pupils/B100000000001", "/pupils/B100000000001/agreements.pdf"} {
		if status, _, _ := oak.fetch(path); status != http.StatusNotFound {
			t.Errorf("tutor of Oak, GET %s: %d, want 404", path, status)
		}
	}
	_, follow := oak.get("/follow-ups")
	if strings.Contains(follow, "Eve") || strings.Contains(follow, "Finn") {
		t.Errorf("the whole-school follow-up list shows Ash pupils to Oak's tutor")
	}
	csrf := csrfOf(t, page)
	if status, _ := oak.post("/exports", url.Values{"csrf": {csrf}, "class": {"Ash"}, "kind": {"evidence"}}); status != http.StatusForbidden {
		t.Errorf("tutor of Oak started an export of Ash: %d", status)
	}
	// A whole-school export by a tutor holds only their class.
	file := startExport(t, oak, url.Values{"csrf": {csrf}, "kind": {"csv"}})
	_, _, data := oak.fetch(file)
	if !bytes.Contains(data, []byte("A100000000001")) || bytes.Contains(data, []byte("B100000000001")) {
		t.Errorf("a tutor's all-classes CSV:\n%s", data)
	}
	// Nobody else can fetch that export by its address.
	ash := s.signedIn(t, tutorAsh)
	if status, _, _ := ash.fetch(file); status != http.StatusNotFound {
		t.Errorf("another tutor fetched the export: %d", status)
	}
	if _, _, body := newBrowser(t, s.testHub).fetch("/classes/Oak/records/csv"); bytes.Contains(body, []byte("A100000000001")) {
		t.Errorf("signed out, the class CSV was served")
	}
}

// startExport posts an export form and follows the progress page until
// the file is ready; it returns the file's address.
func startExport(t *testing.T, b *browser, form url.Values) string {
	t.Helper()
	return startExportAt(t, b, "/exports", form)
}

// startExportAt is startExport through the form that posts to path.
func startExportAt(t *testing.T, b *browser, path string, form url.Values) string {
	t.Helper()
	resp, err := b.c.PostForm(b.h.ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	job := resp.Request.URL.Path
	if !regexp.MustCompile(`^/exports/[0-9a-f]{24}$`).MatchString(job) {
		t.Fatalf("POST %s led to %s (%d):\n%s", path, job, resp.StatusCode, page)
	}
	deadline := time.Now().Add(time.Minute)
	for !bytes.Contains(page, []byte(`id="download"`)) {
		if bytes.Contains(page, []byte(`class="error"`)) || time.Now().After(deadline) {
			t.Fatalf("export did not finish:\n%s", page)
		}
		if !bytes.Contains(page, []byte("<progress")) || !bytes.Contains(page, []byte(`http-equiv="refresh"`)) {
			t.Fatalf("not a progress page that refreshes itself:\n%s", page)
		}
		time.Sleep(50 * time.Millisecond)
		_, p := b.get(job)
		page = []byte(p)
	}
	return job + "/file"
}

func TestTutor_Exports(t *testing.T) {
	s := newSchool(t)
	dsl := s.signedIn(t, dslName)
	t.Run("ClassCSV", func(t *testing.T) {
		status, ctype, data := dsl.fetch("/classes/Oak/records/excel")
		if status != http.StatusOK || !strings.HasPrefix(ctype, "text/csv") || !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Fatalf("%d %s %q", status, ctype, data[:min(len(data), 40)])
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, r := range rows[1:] {
			ids[r[12]] = true
		}
		for _, k := range []string{"amir", "amir-parent", "beth", "cara-old"} {
			if !ids[s.ids[k]] {
				t.Errorf("the Oak CSV lacks %s's record", k)
			}
		}
		if len(rows) != 5 {
			t.Errorf("%d rows, want header + 4", len(rows))
		}
	})
	t.Run("Evidence", func(t *testing.T) {
		_, page := dsl.get("/classes/Ash")
		file := startExport(t, dsl, url.Values{"csrf": {csrfOf(t, page)}, "class": {"Ash"}, "kind": {"evidence"}})
		_, ctype, data := dsl.fetch(file)
		if ctype != "application/zip" {
			t.Fatalf("content type %s", ctype)
		}
		rep, err := export.VerifyEvidence(bytes.NewReader(data), int64(len(data)), export.VerifyOptions{HubKey: s.srv.PublicKey()})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.Records != 3 {
			t.Errorf("evidence pack of Ash: %+v", rep)
		}
	})
}

// A pupil who leaves the roster keeps every record: on their page, on
// their last class's page, in the class and whole-school exports and in
// evidence packs, marked with the day they left — while coverage counts
// only the pupils on the roster. A record that names the class it was
// signed in is filed under that class.
func TestTutor_PupilWhoLeftKeepsRecords(t *testing.T) {
	s := newSchool(t)
	ctx := context.Background()
	amir, beth, finn := schoolRoster[0], schoolRoster[1], schoolRoster[5]
	s.ids["amir-elm"] = s.agreement(t, amir, s.answers(t, "pupil-b", -1), time.Now().Add(-48*time.Hour),
		func(b *record.Body) { b.Class = "Elm" })
	if err := s.sync.Once(ctx); err != nil {
		t.Fatal(err)
	}
	var stay []proto.Pupil
	for _, p := range schoolRoster {
		if p.UPN != beth.UPN && p.UPN != finn.UPN {
			stay = append(stay, p)
		}
	}
	if _, err := s.store.PutRoster(ctx, stay, time.Now()); err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(london).Format("2 Jan 2006")
	dsl := s.signedIn(t, dslName)

	_, page := dsl.get("/coverage")
	if got := strings.Join(strings.Fields(row(t, page, "Oak"))[1:], " "); got != "3 1 1 1 0 2" {
		t.Errorf("Oak after Beth left = %q, want 3 1 1 1 0 2 (coverage counts the roster only)", got)
	}
	if got := strings.Join(strings.Fields(row(t, page, "Ash"))[1:], " "); got != "1 1 0 0 0 1" {
		t.Errorf("Ash after Finn left = %q, want 1 1 0 0 0 1", got)
	}
	_, class := dsl.get("/classes/Oak")
	if r := row(t, class, "Beth Jones"); !strings.Contains(r, today) || !strings.Contains(class, "Left the school") {
		t.Errorf("Oak's page does not list Beth as left on %s: %q", today, r)
	}
	_, pupil := dsl.get("/pupils/" + beth.UPN)
	if !strings.Contains(pupil, "Left the school on <strong>"+today) || !strings.Contains(pupil, s.ids["beth"]) {
		t.Errorf("Beth's page lost her record or does not say she left:\n%s", pupil)
	}

	_, _, data := dsl.fetch("/classes/Oak/records/csv")
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[12]] = r
	}
	leftOn := slices.Index(export.Header, "left_on")
	if r := byID[s.ids["beth"]]; r == nil || r[leftOn] != time.Now().In(london).Format(time.DateOnly) || r[3] != "Oak" {
		t.Errorf("the Oak CSV's row for Beth's record = %q, want class Oak and left_on today", r)
	}
	if r := byID[s.ids["amir-elm"]]; r == nil || r[3] != "Elm" || r[leftOn] != "" {
		t.Errorf("the record Amir signed in Elm = %q, want class Elm and no left_on", r)
	}

	var all bytes.Buffer
	n, err := s.srv.SchoolCSV(ctx, &all, hub.User{Name: dslName, Role: hub.RoleDSL})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(s.ids) || !strings.Contains(all.String(), s.ids["finn"]) || !strings.Contains(all.String(), s.ids["finn-fixed"]) {
		t.Errorf("the whole-school CSV has %d records, want all %d, Finn's among them", n, len(s.ids))
	}

	_, page = dsl.get("/classes/Ash")
	file := startExport(t, dsl, url.Values{"csrf": {csrfOf(t, page)}, "class": {""}, "kind": {"evidence"}})
	_, _, zipped := dsl.fetch(file)
	rep, err := export.VerifyEvidence(bytes.NewReader(zipped), int64(len(zipped)), export.VerifyOptions{HubKey: s.srv.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Records != len(s.ids) {
		t.Errorf("whole-school evidence pack: %d records, want %d: %+v", rep.Records, len(s.ids), rep)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	summary := readZipFile(t, zr, "summary.txt")
	if !strings.Contains(summary, "Finn Rao, class Ash, left the school on "+today) {
		t.Errorf("the evidence summary does not mark Finn as left:\n%s", summary)
	}

	// (Signing in again replaces the test browsers' shared session.)
	if status, _ := s.signedIn(t, tutorOak).get("/pupils/" + finn.UPN); status != http.StatusNotFound {
		t.Errorf("Oak's tutor sees Finn, who left Ash: %d", status)
	}
	if _, page := s.signedIn(t, tutorAsh).get("/pupils/" + finn.UPN); !strings.Contains(page, s.ids["finn-fixed"]) {
		t.Errorf("Ash's tutor cannot find the records of Finn, who left Ash")
	}
}

func readZipFile(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestTutor_PupilPageShowsWhatWasObserved: a record on the pupil page shows
// what the countersigning adult saw (prompting, understanding, how the
// pupil responded) and the mark and signatures, as the printed form does.
func TestTutor_PupilPageShowsWhatWasObserved(t *testing.T) {
	t.Parallel()
	s := newSchool(t)
	dsl := s.signedIn(t, dslName)
	_, page := dsl.get("/pupils/" + schoolRoster[1].UPN)
	for _, want := range []string{"Name: Ms Teaching Assistant (teaching assistant)", "Prompting: verbal", "Understanding: fully",
		`alt="Pupil&#39;s mark"`, `alt="Supporting adult&#39;s signature"`, `src="data:image/png;base64,iVBORw0KGgo`} {
		if !strings.Contains(page, want) {
			t.Errorf("the pupil page lacks %q", want)
		}
	}
}
