package hub_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
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
	err := chromedp.Run(ctx, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(dir).WithEventsEnabled(true))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// download clicks sel and waits for the download it starts, returning the
// file's bytes.
func download(t *testing.T, ctx context.Context, dir, sel string) []byte {
	t.Helper()
	done := make(chan string, 1)
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	chromedp.ListenBrowser(lctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	})
	if err := chromedp.Run(ctx, chromedp.Click(sel, chromedp.ByQuery)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	select {
	case guid := <-done:
		data, err := os.ReadFile(filepath.Join(dir, guid))
		if err != nil {
			t.Fatal(err)
		}
		return data
	case <-time.After(time.Minute):
		t.Fatalf("the download from %s did not finish", sel)
	}
	return nil
}

// TestBrowser_TutorDownloads drives the tutor pages in headless Chromium:
// sign in, open the class, download its CSV and its PDF, and read them.
func TestBrowser_TutorDownloads(t *testing.T) {
	s := newSchool(t)
	dir := t.TempDir()
	ctx := headless(t, dir)
	var title, coverage string
	err := chromedp.Run(ctx,
		chromedp.Navigate(s.ts.URL+"/signin"),
		chromedp.SendKeys(`input[name="name"]`, tutorOak, chromedp.ByQuery),
		chromedp.SendKeys(`input[name="password"]`, password, chromedp.ByQuery),
		chromedp.Submit(`input[name="password"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery),
		chromedp.Text(`main`, &coverage, chromedp.ByQuery),
		chromedp.Click(`a[href="/classes/Oak"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="/classes/Oak/records/csv"]`, chromedp.ByQuery),
		chromedp.Title(&title),
	)
	if err != nil {
		t.Fatalf("sign in and open the class: %v", err)
	}
	if !strings.HasPrefix(title, "Class Oak") || strings.Contains(coverage, "Ash") {
		t.Fatalf("class page title %q; coverage page:\n%s", title, coverage)
	}
	if shots := os.Getenv("HUB_SHOTS"); shots != "" {
		var png []byte
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 90)); err == nil {
			_ = os.WriteFile(filepath.Join(shots, "class.png"), png, 0o644)
		}
	}

	data := download(t, ctx, dir, `a[href="/classes/Oak/records/csv"]`)
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

	pdf := download(t, ctx, dir, `a[href="/classes/Oak/records/pdf"]`)
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
