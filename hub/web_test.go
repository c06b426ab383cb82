package hub_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
)

// browser is a cookie-keeping client for the staff pages.
type browser struct {
	t *testing.T
	h *testHub
	c *http.Client
}

func newBrowser(t *testing.T, h *testHub) *browser {
	jar, _ := cookiejar.New(nil)
	c := *h.ts.Client() // a copy: the server's client is one, and each browser has its own cookies
	c.Jar = jar
	return &browser{t: t, h: h, c: &c}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.h.ts.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.h.ts.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page:\n%s", page)
	}
	return m[1]
}

func TestWeb_Admin(t *testing.T) {
	ctx := context.Background()
	h := startHub(t)
	if err := hub.AddUser(ctx, h.store, "it.manager", "correct horse battery", hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := hub.AddUser(ctx, h.store, "tutor.oak", "another long password", hub.RoleTutor, []string{"Oak"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	t.Run("SignedOutGoesToSignIn", func(t *testing.T) {
		status, page := newBrowser(t, h).get("/admin")
		if status != http.StatusOK || !strings.Contains(page, `action="/signin"`) {
			t.Fatalf("%d:\n%s", status, page)
		}
	})
	t.Run("WrongPasswordLocksOut", func(t *testing.T) {
		b := newBrowser(t, h)
		for i := range hub.MaxLoginFailures {
			if status, _ := b.post("/signin", url.Values{"name": {"tutor.oak"}, "password": {"wrong password!"}}); status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, status)
			}
		}
		_, page := b.post("/signin", url.Values{"name": {"tutor.oak"}, "password": {"another long password"}})
		if !strings.Contains(page, "too many wrong passwords") {
			t.Fatalf("right password during a lockout:\n%s", page)
		}
	})
	b := newBrowser(t, h)
	if status, _ := b.post("/signin", url.Values{"name": {"it.manager"}, "password": {"correct horse battery"}}); status != http.StatusOK {
		t.Fatalf("sign in: %d", status)
	}
	_, admin := b.get("/admin")
	csrf := csrfOf(t, admin)
	t.Run("CSRF", func(t *testing.T) {
		if status, _ := b.post("/admin/enrol-code", url.Values{"label": {"x"}}); status != http.StatusForbidden {
			t.Fatalf("a form without its token: %d", status)
		}
	})
	var code string
	t.Run("EnrolCode", func(t *testing.T) {
		status, page := b.post("/admin/enrol-code", url.Values{"csrf": {csrf}, "label": {"Oak tablet"}})
		m := regexp.MustCompile(`id="code">([0-9A-Z]{5}-[0-9A-Z]{5})<`).FindStringSubmatch(page)
		if status != http.StatusOK || m == nil || !strings.Contains(page, "data:image/png;base64,") {
			t.Fatalf("%d:\n%s", status, page)
		}
		code = m[1]
	})
	k := newSimKiosk(t)
	s := client.NewSyncer(k, client.SyncerOptions{PublicKey: k.pub, Label: "Oak tablet"})
	if err := s.Enrol(ctx, h.ts.URL, code, h.pin); err != nil {
		t.Fatalf("enrol with the page's code: %v", err)
	}
	t.Run("BundleUpload", func(t *testing.T) {
		k.sign(t, 4)
		raw, err := proto.MakeBundle(k, k.records, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrf)
		fw, _ := mw.CreateFormFile("bundle", "oak.skbundle")
		fw.Write(raw)
		mw.Close()
		resp, err := b.c.Post(h.ts.URL+"/admin/bundles", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "New records stored: 4") {
			t.Fatalf("%d:\n%s", resp.StatusCode, page)
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		status, page := b.post("/admin/devices/"+k.DeviceID()+"/revoke", url.Values{"csrf": {csrf}})
		if status != http.StatusOK || !strings.Contains(page, "is revoked") {
			t.Fatalf("%d:\n%s", status, page)
		}
		if dev, _ := h.store.Device(ctx, k.DeviceID()); !dev.Revoked() {
			t.Fatal("the device is not revoked")
		}
	})
	t.Run("TutorIsNotAdmin", func(t *testing.T) {
		tb := newBrowser(t, h)
		h.store.ClearSignIns(ctx, "tutor.oak", "")
		tb.post("/signin", url.Values{"name": {"tutor.oak"}, "password": {"another long password"}})
		if status, _ := tb.get("/admin"); status != http.StatusForbidden {
			t.Fatalf("a tutor opened the admin page: %d", status)
		}
	})
}
