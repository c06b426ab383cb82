package hub_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
)

// postMultipart posts fields and, when file is not "", one file as
// multipart/form-data, as the hub's upload forms do.
func (b *browser) postMultipart(path string, fields map[string]string, fileField, file string, data []byte) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileField != "" {
		fw, _ := mw.CreateFormFile(fileField, file)
		fw.Write(data)
	}
	mw.Close()
	resp, err := b.c.Post(b.h.ts.URL+path, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

var hiddenField = regexp.MustCompile(`<input type="hidden" name="(file|data|version)" value="([^"]*)">`)

// confirmFields are the confirming form's fields on a roster preview.
func confirmFields(t *testing.T, page, csrf string) map[string]string {
	t.Helper()
	fields := map[string]string{"csrf": csrf}
	for _, m := range hiddenField.FindAllStringSubmatch(page, -1) {
		fields[m[1]] = html.UnescapeString(m[2])
	}
	if len(fields) != 4 {
		t.Fatalf("the preview has no form to import it:\n%s", page)
	}
	return fields
}

// TestWeb_RosterImport: an admin chooses the MIS's file on the Kiosks
// page, sees every row to fix or what importing it would change (by name,
// for staff), and imports it only by confirming; one class's file that
// would mark the rest of the school as leavers needs a ticked box, and a
// preview the roster has moved on from is shown again, not imported.
func TestWeb_RosterImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := startHub(t)
	if err := hub.AddUser(ctx, h.store, "it.manager", "correct horse battery", hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := hub.AddUser(ctx, h.store, "tutor.oak", "another long password", hub.RoleTutor, []string{"Oak"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, h)
	if status, _ := b.post("/signin", url.Values{"name": {"it.manager"}, "password": {"correct horse battery"}}); status != http.StatusOK {
		t.Fatalf("sign in: %d", status)
	}
	_, admin := b.get("/admin")
	if !strings.Contains(admin, `action="/admin/roster"`) {
		t.Fatalf("the Kiosks page has no roster form:\n%s", admin)
	}
	csrf := csrfOf(t, admin)
	const header = "UPN,Surname,Forename,Reg,Year,Band\n"
	school := []byte(header + "M999900124112,Adams,Ben,Oak,Year 7,P4–P7\nB999900124113,Brown,Amy,Oak,Year 7,b\n" +
		"Q999900124114,Clark,Cal,Ash,Year 8,\nE999900124115,Dixon,Dan,Ash,Year 8,c\n")
	active := func() int {
		t.Helper()
		page, err := h.store.Roster(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range page.Pupils {
			if p.Active {
				n++
			}
		}
		return n
	}

	t.Run("RowsToFix", func(t *testing.T) {
		bad := []byte(header + "M999900124112,Adams,Ben,Oak,Year 7,early\nnot-a-upn,Brown,Amy,Oak,Year 7,\n")
		status, page := b.postMultipart("/admin/roster", map[string]string{"csrf": csrf}, "roster", "bad.csv", bad)
		if status != http.StatusBadRequest || !strings.Contains(page, "bad.csv has 2 row(s) to fix; nothing was imported") ||
			!strings.Contains(page, "<td>2</td>") || !strings.Contains(page, "<td>3</td>") || strings.Contains(page, "/admin/roster/import") {
			t.Fatalf("%d:\n%s", status, page)
		}
	})
	t.Run("NotARoster", func(t *testing.T) {
		status, page := b.postMultipart("/admin/roster", map[string]string{"csrf": csrf}, "roster", "notes.csv", []byte("Just some notes\n"))
		if status != http.StatusBadRequest || !strings.Contains(page, "notes.csv was not imported:") {
			t.Fatalf("%d:\n%s", status, page)
		}
	})
	t.Run("PreviewThenImport", func(t *testing.T) {
		status, page := b.postMultipart("/admin/roster", map[string]string{"csrf": csrf}, "roster", "school.csv", school)
		if status != http.StatusOK || !strings.Contains(page, "<strong>4 new</strong>") || !strings.Contains(page, "Ben Adams (Oak)") {
			t.Fatalf("%d:\n%s", status, page)
		}
		if n := active(); n != 0 {
			t.Fatalf("the preview imported %d pupils", n)
		}
		status, page = b.postMultipart("/admin/roster/import", confirmFields(t, page, csrf), "", "", nil)
		if status != http.StatusOK || !strings.Contains(page, "Roster version 1 imported: 4 new, 0 updated, 0 marked as left, 0 unchanged.") {
			t.Fatalf("import: %d:\n%s", status, page)
		}
		if n := active(); n != 4 {
			t.Fatalf("%d pupils on the roster after importing, want 4", n)
		}
	})
	t.Run("OneClassNeedsTheBox", func(t *testing.T) {
		oak := []byte(header + "M999900124112,Adams,Ben,Oak,Year 8,P4–P7\n")
		_, page := b.postMultipart("/admin/roster", map[string]string{"csrf": csrf}, "roster", "oak.csv", oak)
		if !strings.Contains(page, "would mark 3 of the 4 pupils on the roster as leavers") || !strings.Contains(page, `name="allow_mass_leave"`) ||
			!strings.Contains(page, "Ben Adams (Oak): year") || !strings.Contains(page, "Cal Clark (Ash)") {
			t.Fatalf("preview of one pupil's file:\n%s", page)
		}
		fields := confirmFields(t, page, csrf)
		status, again := b.postMultipart("/admin/roster/import", fields, "", "", nil)
		if status != http.StatusBadRequest || !strings.Contains(again, "Nothing was imported: tick the box") || active() != 4 {
			t.Fatalf("import without the box: %d, %d on the roster:\n%s", status, active(), again)
		}
		fields["allow_mass_leave"] = "yes"
		if status, done := b.postMultipart("/admin/roster/import", fields, "", "", nil); status != http.StatusOK || !strings.Contains(done, "3 marked as left") {
			t.Fatalf("import with the box: %d:\n%s", status, done)
		}
		if n := active(); n != 1 {
			t.Errorf("%d pupils on the roster, want 1", n)
		}
	})
	t.Run("StalePreview", func(t *testing.T) {
		_, page := b.postMultipart("/admin/roster", map[string]string{"csrf": csrf}, "roster", "school.csv", school)
		fields := confirmFields(t, page, csrf)
		if _, err := h.store.PutRoster(ctx, nil, time.Now()); err != nil { // someone else imports meanwhile
			t.Fatal(err)
		}
		status, again := b.postMultipart("/admin/roster/import", fields, "", "", nil)
		if status != http.StatusBadRequest || !strings.Contains(again, "The roster changed since this preview") {
			t.Fatalf("%d:\n%s", status, again)
		}
	})
	t.Run("TutorIsRefused", func(t *testing.T) {
		tb := newBrowser(t, h)
		tb.post("/signin", url.Values{"name": {"tutor.oak"}, "password": {"another long password"}})
		if status, _ := tb.postMultipart("/admin/roster", map[string]string{"csrf": "x"}, "roster", "school.csv", school); status != http.StatusForbidden {
			t.Fatalf("a tutor posted a roster: %d", status)
		}
	})
}
