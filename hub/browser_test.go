package hub_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds the Chromium the tests drive (Debian's chromium).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is not installed: run scripts/setup.sh test (apt-get install chromium)")
	return ""
}

// headless starts a fresh headless Chromium, with the flags that keep it
// off the network and out of any profile, and downloads going to dir.
func headless(t *testing.T, dir string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("ignore-certificate-errors", true), // the test hub's own certificate
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	allow := true
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &allow})
		return err
	}))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// download clicks the link sel and waits for the download it starts,
// returning the file's bytes.
func download(t *testing.T, ctx context.Context, dir string, sel chromedp.CSS) []byte {
	t.Helper()
	lctx, stop := context.WithTimeout(ctx, time.Minute)
	defer stop()
	progress := chromedp.Events(lctx, cdpbrowser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the download from %s did not finish: %v", sel, err)
		}
		if ev.State != cdpbrowser.DownloadProgressStateCompleted {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	t.Fatalf("the download from %s did not finish", sel)
	return nil
}

// TestBrowser_TutorDownloads drives the tutor pages in headless Chromium:
// sign in, open the class, download its CSV and its PDF, and read them.
func TestBrowser_TutorDownloads(t *testing.T) {
	s := newSchool(t)
	dir := t.TempDir()
	ctx := headless(t, dir)
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, tutorOak),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	coverage, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/classes/Oak"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/classes/Oak/records/csv"]`)))
	if err != nil {
		t.Fatalf("open the class: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(title, "Class Oak") || strings.Contains(coverage, "Ash") {
		t.Fatalf("class page title %q; coverage page:\n%s", title, coverage)
	}
	shoot(t, ctx, "class")

	data := download(t, ctx, dir, chromedp.CSS(`a[href="/classes/Oak/records/csv"]`))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	ids := map[string]bool{}
	for _, r := range rows[1:] {
		ids[r[12]] = true
	}
	if len(rows) != 5 || !ids[s.ids["beth"]] || ids[s.ids["eve"]] {
		t.Errorf("Oak's CSV has %d rows; Beth's record %v; Eve's (Ash) %v", len(rows), ids[s.ids["beth"]], ids[s.ids["eve"]])
	}

	pdf := download(t, ctx, dir, chromedp.CSS(`a[href="/classes/Oak/records/pdf"]`))
	text := pdfText(t, pdf)
	for _, want := range []string{"Amir Khan", "Beth Jones", "Dan Moss", s.ids["beth"], "not sure"} {
		if !strings.Contains(text, want) {
			t.Errorf("the class PDF does not say %q", want)
		}
	}
	if strings.Contains(text, "Eve Park") {
		t.Errorf("the Oak PDF names a pupil of Ash")
	}
}

// pdfText is a PDF's text, as poppler-utils' pdftotext reads it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	path := filepath.Join(t.TempDir(), "file.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt-get install poppler-utils): %v", err)
	}
	return string(out)
}

// signInAs signs in on the hub's page at url as name, with the tests'
// password, and waits for the coverage chart it lands on.
func signInAs(url, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url+"/signin"),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
}

// shoot saves a screenshot of the page as HUB_SHOTS/name.png when
// HUB_SHOTS names a folder, for a person to look at.
func shoot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("HUB_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

// TestBrowser_Pages opens each tutor page as the DSL, with screenshots
// under HUB_SHOTS, and checks each shows its heading.
func TestBrowser_Pages(t *testing.T) {
	s := newSchool(t)
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, dslName))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	shoot(t, ctx, "coverage")
	for _, p := range []struct{ path, name, heading string }{
		{"/classes/Oak", "class", "Class Oak"},
		{"/pupils/A100000000002", "pupil", "Beth Jones"},
		{"/follow-ups", "follow-ups", "To teach again"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.ts.URL+p.path)); err != nil {
			t.Fatal(err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil || h1 != p.heading {
			t.Errorf("%s: heading %q (%v), want %q", p.path, h1, err, p.heading)
		}
		shoot(t, ctx, p.name)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(s.ts.URL+"/coverage"),
		chromedp.Click(chromedp.CSS(`button[value="pdf"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#download`)))
	if err != nil {
		t.Fatalf("whole-school PDF export: %v", err)
	}
	shoot(t, ctx, "export-ready")
}

// TestBrowser_LeftPupilPages: in a real browser, the class page lists a
// pupil who has left under "Left the school", and their own page says
// when they left and still shows their record (screenshots under
// HUB_SHOTS: class-left, pupil-left).
func TestBrowser_LeftPupilPages(t *testing.T) {
	s := newSchool(t)
	beth := schoolRoster[1]
	var stay []proto.Pupil
	for _, p := range schoolRoster {
		if p.UPN != beth.UPN {
			stay = append(stay, p)
		}
	}
	if _, err := s.store.PutRoster(context.Background(), stay, time.Now()); err != nil {
		t.Fatal(err)
	}
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, dslName))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	for _, p := range []struct{ path, name, want string }{
		{"/classes/Oak", "class-left", "Left the school"},
		{"/pupils/" + beth.UPN, "pupil-left", "Left the school on"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.ts.URL+p.path)); err != nil {
			t.Fatal(err)
		}
		body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(body, p.want) || !strings.Contains(body, "Beth Jones") {
			t.Errorf("%s shows (%v):\n%s\nwant %q and Beth's name", p.path, err, body, p.want)
		}
		shoot(t, ctx, p.name)
	}
}

// TestBrowser_RosterImport: in a real browser an admin chooses a roster
// file on the Kiosks page: a file with bad rows lists each with its line
// and offers no import; one class's file shows it would mark most of the
// school as leavers, and imports once the box is ticked (screenshots under
// HUB_SHOTS: roster-admin, roster-problems, roster-preview,
// roster-imported).
func TestBrowser_RosterImport(t *testing.T) {
	s := newSchool(t)
	if err := hub.AddUser(context.Background(), s.store, "it.manager", password, hub.RoleAdmin, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	csvFile := func(name, rows string) string {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte("UPN,Surname,Forename,Reg,Year\n"+rows), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var rows strings.Builder
	for _, p := range schoolRoster[:2] { // the test school's UPNs have no valid check letter
		rows.WriteString(p.UPN + "," + p.FamilyName + "," + p.GivenName + "," + p.Class + "," + p.Year + "\n")
	}
	bad := csvFile("bad.csv", rows.String())
	oak := csvFile("oak.csv", "M999900124112,Adams,Ben,Oak,Year 7\nB999900124113,Brown,Amy,Oak,Year 7\n")
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, "it.manager"),
		chromedp.Navigate(s.ts.URL+"/admin"))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	shoot(t, ctx, "roster-admin")
	check := func(file, want string) string {
		t.Helper()
		err := chromedp.Do(ctx, chromedp.Navigate(s.ts.URL+"/admin"),
			chromedp.SetUploadFiles(chromedp.CSS(`input[name="roster"]`), []string{file}),
			chromedp.Click(chromedp.CSS(`form[action="/admin/roster"] button`)),
			chromedp.WaitVisible(chromedp.CSS(want)))
		if err != nil {
			t.Fatalf("check %s: %v", file, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	if text := check(bad, `#problems`); !strings.Contains(text, "bad.csv has 2 row(s) to fix") || strings.Contains(text, "Import") {
		t.Errorf("the file with bad rows:\n%s", text)
	}
	shoot(t, ctx, "roster-problems")
	leaving := len(schoolRoster)
	if text := check(oak, `#summary`); !strings.Contains(text, fmt.Sprintf("%d leaving", leaving)) || !strings.Contains(text, "Is it one class's file?") {
		t.Errorf("one class's file:\n%s", text)
	}
	shoot(t, ctx, "roster-preview")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#allow_mass_leave`)),
		chromedp.Click(chromedp.CSS(`form[action="/admin/roster/import"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`p.notice`))); err != nil || !strings.Contains(notice, fmt.Sprintf("2 new, 0 updated, %d marked as left", leaving)) {
		t.Errorf("after importing: %q (%v)", notice, err)
	}
	shoot(t, ctx, "roster-imported")
}

// TestBrowser_RefusedPage: a tutor who opens another class's page sees
// the hub's own page saying why, with the menu and a way back, not a
// line of plain text (screenshot under HUB_SHOTS: refused).
func TestBrowser_RefusedPage(t *testing.T) {
	s := newSchool(t)
	ctx := headless(t, t.TempDir())
	err := chromedp.Do(ctx,
		signInAs(s.ts.URL, tutorAsh),
		chromedp.Navigate(s.ts.URL+"/classes/Oak"),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)))
	if err != nil {
		t.Fatalf("open another class: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "This class is not one of yours") || !strings.Contains(text, "Back to Who has signed") {
		t.Errorf("the refused page (%v):\n%s", err, text)
	}
	shoot(t, ctx, "refused")
}
