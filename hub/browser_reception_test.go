package hub_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// signInTo signs in on the hub's page at url as name and waits for sel
// on the page it lands on.
func signInTo(url, name string, sel chromedp.CSS) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url+"/signin"),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(sel))
}

// TestBrowser_StaffVisitors drives Staff and visitors in headless
// Chromium as the office: staff coverage, a search of the visitor log,
// the log's CSV and one visitor's PDF (screenshots under HUB_SHOTS:
// staff-visitors, staff-visitors-search).
func TestBrowser_StaffVisitors(t *testing.T) {
	s := receptionSchool(t)
	dir := t.TempDir()
	ctx := headless(t, dir)
	if err := chromedp.Do(ctx, signInTo(s.ts.URL, officeName, chromedp.CSS(`#staff-coverage`))); err != nil {
		t.Fatalf("sign in as the office: %v", err)
	}
	shoot(t, ctx, "staff-visitors")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Staff and visitors", "Not signed version 2026.1", "Jo Brown", "Ann Lee", "Sam Patel",
		"Kit Unlisted", "Vera Visitor", "Kent Music", "Val Helper", "About this policy"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not say %q:\n%s", want, text)
		}
	}
	menu, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`nav`)))
	if err != nil || menu != "Staff and visitors" || strings.Contains(text, "Amir") {
		t.Errorf("the office's menu is %q (%v), want Staff and visitors only; page:\n%s", menu, err, text)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#q`), "reading CLUB"),
		chromedp.Submit(chromedp.CSS(`#q`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/staff-visitors"]:not(nav a)`)))
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	shoot(t, ctx, "staff-visitors-search")
	log, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#visitor-log`)))
	if err != nil || !strings.Contains(log, "Val Helper") || strings.Contains(log, "Vera Visitor") {
		t.Errorf("the log searched for reading club (%v):\n%s", err, log)
	}
	data := download(t, ctx, dir, chromedp.CSS(`#log-csv`))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][3] != "Val Helper" || rows[1][4] != "Friends of the School" {
		t.Errorf("the searched log's CSV (%v): %q", err, rows)
	}
	pdf := download(t, ctx, dir, chromedp.CSS(`#visitor-log a[href$=".pdf"]`))
	flat := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	f, _ := s.pack.FormByID("visitor")
	for _, want := range []string{"Val Helper", strings.Join(strings.Fields(f.Declaration.In("en-GB")), " "), "071226", "Signed as volunteer"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the volunteer's PDF does not say %q", want)
		}
	}
}

// TestBrowser_StaffVisitorsRefused: a tutor who opens Staff and visitors
// sees the hub's own page saying who it is for.
func TestBrowser_StaffVisitorsRefused(t *testing.T) {
	s := receptionSchool(t)
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, tutorOak),
		chromedp.Navigate(s.ts.URL+"/staff-visitors"),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)))
	if err != nil {
		t.Fatalf("open Staff and visitors as a tutor: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "Staff and visitors is for the school office") || strings.Contains(text, "Vera") {
		t.Errorf("the refused page (%v):\n%s", err, text)
	}
}

// TestBrowser_ReceptionAdmin: in a real browser an admin pastes the staff
// list (a bad one is refused with its line named), and sets the guest
// Wi-Fi (screenshot under HUB_SHOTS: reception-admin).
func TestBrowser_ReceptionAdmin(t *testing.T) {
	s := receptionSchool(t)
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInTo(s.ts.URL, adminName, chromedp.CSS(`svg.chart`)),
		chromedp.Navigate(s.ts.URL+"/admin"),
		chromedp.SendKeys(chromedp.CSS(`#names`), "Ann Lee\nSam Patel\nANN LEE\n"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/staff-list"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)))
	if err != nil {
		t.Fatalf("paste a list with a name twice: %v", err)
	}
	if msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`p.error`))); err != nil || !strings.Contains(msg, `Line 3 gives "ANN LEE" again (line 1 has it already)`) {
		t.Errorf("the refusal: %q (%v)", msg, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.ts.URL+"/admin"),
		chromedp.SendKeys(chromedp.CSS(`#names`), "Ann Lee\nSam Patel\nJo Brown\nMo Khan\n"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/staff-list"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		chromedp.Navigate(s.ts.URL+"/admin"), // a page without that notice, so the next wait is for the next one
		chromedp.SendKeys(chromedp.CSS(`#network`), "School-Guest"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "visit0rs-welcome"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/reception"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)))
	if err != nil {
		t.Fatalf("save the staff list and the guest Wi-Fi: %v", err)
	}
	shoot(t, ctx, "reception-admin")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil || !strings.Contains(text, "guest network School-Guest") || !strings.Contains(text, "The list has 4 names") {
		t.Errorf("after saving (%v):\n%s", err, text)
	}
}
