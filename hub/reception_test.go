package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

// reception is the Reception a kiosk holds after its last sync.
func (k *simKiosk) reception(t *testing.T) (signoff.Reception, bool) {
	t.Helper()
	data, _ := k.Setting(context.Background(), signoff.SettingReception)
	if data == nil {
		return signoff.Reception{}, false
	}
	var r signoff.Reception
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("the kiosk's %s setting is not a Reception: %v\n%s", signoff.SettingReception, err, data)
	}
	return r, true
}

func sameReception(t *testing.T, what string, got, want signoff.Reception) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s: kiosk holds %s, want %s", what, g, w)
	}
}

// An admin sets the guest Wi-Fi (for the school, and for one tablet), the
// retention and the staff list on the Kiosks page; each kiosk holds what
// is meant for it after its next sync, and a change replaces it.
func TestReception_EndToEnd(t *testing.T) {
	ctx := context.Background()
	s := newSchool(t)
	if err := hub.AddUser(ctx, s.store, adminName, password, hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	front, frontSync := s.enrolled(t, client.SyncerOptions{})
	if err := s.sync.Once(ctx); err != nil {
		t.Fatal(err)
	}
	if r, ok := s.k.reception(t); !ok || r.GuestWiFi.Network != "" || r.RetentionDays() != signoff.DefaultVisitorRetentionDays || r.VisitorRetentionDays != 365 {
		t.Fatalf("before any settings the kiosk holds %+v (%v), want no Wi-Fi and 365 days", r, ok)
	}

	admin := s.signedIn(t, adminName)
	_, page := admin.get("/admin")
	csrf := csrfOf(t, page)
	mustNotice := func(status int, page, want string) {
		t.Helper()
		if status != http.StatusOK || !strings.Contains(html.UnescapeString(page), want) {
			t.Fatalf("%d, want a notice saying %q:\n%s", status, want, page)
		}
	}
	status, page := admin.post("/admin/reception", url.Values{"csrf": {csrf}, "network": {"School-Guest"},
		"password": {"visit0rs-welcome"}, "retention_days": {"180"}})
	mustNotice(status, page, "kept for 180 days")
	status, page = admin.post("/admin/reception/kiosk", url.Values{"csrf": {csrf}, "device": {front.DeviceID()},
		"network": {"Front-Office"}, "password": {"office-guest-1"}})
	mustNotice(status, page, "its own guest network, Front-Office")
	status, page = admin.post("/admin/staff-list", url.Values{"csrf": {csrf}, "names": {"Ann Lee\n\n  Sam   Patel \nJo Brown\n"}})
	mustNotice(status, page, "The staff list now has 3 names")

	for _, sy := range []*client.Syncer{s.sync, frontSync} {
		if err := sy.Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	staff := []string{"Ann Lee", "Sam Patel", "Jo Brown"}
	got, _ := s.k.reception(t)
	sameReception(t, "classroom kiosk", got, signoff.Reception{GuestWiFi: signoff.GuestWiFi{Network: "School-Guest", Password: "visit0rs-welcome"},
		Staff: staff, VisitorRetentionDays: 180})
	got, _ = front.reception(t)
	sameReception(t, "front office kiosk", got, signoff.Reception{GuestWiFi: signoff.GuestWiFi{Network: "Front-Office", Password: "office-guest-1"},
		Staff: staff, VisitorRetentionDays: 180})

	// Back to the school's network for the front office; no guest Wi-Fi at all.
	admin.post("/admin/reception/kiosk", url.Values{"csrf": {csrf}, "device": {front.DeviceID()}})
	status, page = admin.post("/admin/reception", url.Values{"csrf": {csrf}, "retention_days": {""}})
	mustNotice(status, page, "No guest Wi-Fi is shown")
	if err := frontSync.Once(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ = front.reception(t)
	sameReception(t, "front office kiosk after the change", got, signoff.Reception{Staff: staff, VisitorRetentionDays: 365})
}

// GET /v1/reception is signed like the roster and pack pulls: a request
// without a tablet's signature learns nothing.
func TestReception_Unsigned(t *testing.T) {
	h := startHub(t)
	resp, err := h.ts.Client().Get(h.ts.URL + proto.PathReception)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned GET %s: %d, want 401", proto.PathReception, resp.StatusCode)
	}
}

// Bad input on the Kiosks page gets a sentence that says what to change,
// and changes nothing.
func TestReception_BadInput(t *testing.T) {
	ctx := context.Background()
	s := newSchool(t)
	if err := hub.AddUser(ctx, s.store, adminName, password, hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := hub.PutStaffList(ctx, s.store, []string{"Ann Lee"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	admin := s.signedIn(t, adminName)
	_, page := admin.get("/admin")
	csrf := csrfOf(t, page)
	for _, tc := range []struct {
		path string
		form url.Values
		want string
	}{
		{"/admin/reception", url.Values{"password": {"secret-pass"}}, "Give the guest network's name as well as its password."},
		{"/admin/reception", url.Values{"network": {"Guest"}, "password": {"short"}}, "A Wi-Fi password has 8 to 63 characters and the one typed has 5"},
		{"/admin/reception", url.Values{"network": {strings.Repeat("n", 33)}}, "A Wi-Fi network name has at most 32 characters"},
		{"/admin/reception", url.Values{"network": {"Guest"}, "retention_days": {"a year"}}, `whole number of days from 1 to 3650 (ten years); "a year" is not one.`},
		{"/admin/reception/kiosk", url.Values{"device": {"nope"}, "network": {"Guest"}}, "Choose one of the connected tablets"},
		{"/admin/staff-list", url.Values{"names": {"Ann Lee\nSam Patel\nann  lee"}}, `The list pasted was not imported, and the staff list is as it was: Line 3 gives "ann lee" again (line 1 has it already): delete one of them.`},
		{"/admin/staff-list", url.Values{"names": {"Ann Lee\n" + strings.Repeat("x", 101)}}, "Line 2 is longer than a name (100 characters at most)"},
		{"/admin/staff-list", url.Values{"names": {"Lee, Ann\nPatel, Sam"}}, "Line 1 has commas but no Name column"},
		{"/admin/staff-list", url.Values{"names": {" \n "}}, "Paste the staff's names, one a line, or choose a CSV file with a Name column."},
	} {
		tc.form.Set("csrf", csrf)
		status, page := admin.post(tc.path, tc.form)
		if status != http.StatusBadRequest || !strings.Contains(html.UnescapeString(page), tc.want) {
			t.Errorf("POST %s %v: %d, want 400 saying %q:\n%s", tc.path, tc.form, status, tc.want, errorOf(page))
		}
	}
	if list, err := hub.StaffList(ctx, s.store); err != nil || len(list) != 1 || list[0] != "Ann Lee" {
		t.Errorf("after refused lists the staff list is %q (%v), want it as it was", list, err)
	}
	if rs, err := hub.GetReception(ctx, s.store); err != nil || rs.GuestWiFi.Network != "" || rs.VisitorRetentionDays != 0 {
		t.Errorf("after refused settings: %+v, %v", rs, err)
	}
}

// errorOf is the page's error paragraph, for a failure message.
func errorOf(page string) string {
	if i := strings.Index(page, `class="error"`); i >= 0 {
		return page[i:min(len(page), i+400)]
	}
	return "(no error on the page)"
}

// A CSV staff file uploaded on the Kiosks page replaces the list by its
// Name column, or by First name and Surname.
func TestReception_StaffCSV(t *testing.T) {
	ctx := context.Background()
	s := newSchool(t)
	if err := hub.AddUser(ctx, s.store, adminName, password, hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	admin := s.signedIn(t, adminName)
	_, page := admin.get("/admin")
	csrf := csrfOf(t, page)
	upload := func(name, content string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrf)
		fw, _ := mw.CreateFormFile("staff_file", name)
		fw.Write([]byte(content))
		mw.Close()
		resp, err := admin.c.Post(s.ts.URL+"/admin/staff-list", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return resp.StatusCode, html.UnescapeString(buf.String())
	}
	if status, page := upload("staff.csv", "\uFEFFStaff ID,First name,Surname,Role\r\n1,Ann,Lee,Teacher\r\n2,Sam,Patel,TA\r\n,,,\r\n"); status != http.StatusOK || !strings.Contains(page, "now has 2 names") {
		t.Fatalf("a SIMS-like staff file: %d\n%s", status, errorOf(page))
	}
	if list, _ := hub.StaffList(ctx, s.store); strings.Join(list, "|") != "Ann Lee|Sam Patel" {
		t.Errorf("the staff list from the file: %q", list)
	}
	status, page := upload("staff.csv", "Name,Role\nJo Brown,Teacher\n,TA\n")
	if status != http.StatusBadRequest || !strings.Contains(page, "staff.csv was not imported, and the staff list is as it was: Line 3 has no name in the name column") {
		t.Errorf("a file with a row without a name: %d\n%s", status, errorOf(page))
	}
	if list, _ := hub.StaffList(ctx, s.store); strings.Join(list, "|") != "Ann Lee|Sam Patel" {
		t.Errorf("a refused file changed the list: %q", list)
	}
}

// A hub that cannot answer the reception request (an older hub without
// the route) does not fail the sync: records still go, and the kiosk
// keeps the reception settings it had.
func TestReception_OlderHub(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	k, s := h.enrolled(t, client.SyncerOptions{})
	if err := hub.PutStaffList(ctx, h.store, []string{"Ann Lee"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	h.setFault(func(w http.ResponseWriter, r *http.Request, api http.Handler) {
		if r.URL.Path == proto.PathReception {
			http.NotFound(w, r) // what a hub from before the route answers
			return
		}
		api.ServeHTTP(w, r)
	})
	if err := hub.PutStaffList(ctx, h.store, []string{"Sam Patel"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	k.sign(t, 3)
	if err := s.Once(ctx); err != nil {
		t.Fatalf("sync with a hub that has no reception route: %v", err)
	}
	checkHubHolds(t, h.store, k)
	if r, ok := k.reception(t); !ok || len(r.Staff) != 1 || r.Staff[0] != "Ann Lee" {
		t.Errorf("the kiosk's reception settings after the failed fetch: %+v (%v), want the last ones kept", r, ok)
	}
}
