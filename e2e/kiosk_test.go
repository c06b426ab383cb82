package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/store"
)

// settle is how long to wait after a key that changes the screen: longer
// than the pupils' 500 ms tap guard, which also holds back switch presses.
const settle = time.Second

// session is one real kiosk process on its own Xvfb display.
type session struct {
	t       *testing.T
	bin     string
	display string
	data    string
	shots   string
	extra   []string // more flags for the kiosk (--media)
	n       int
	stop    func() // closes the kiosk window's process
}

// kioskBinary is the binary under test: $SMARTKIOSK_BIN (make test builds
// it), or one built here.
func kioskBinary(t testing.TB) string {
	if bin := os.Getenv("SMARTKIOSK_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	bin := filepath.Join(t.TempDir(), "smartkiosk")
	cmd := exec.Command("go", "build", "-tags", "x11", "-o", bin, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run `make test`, which installs it", tool)
		}
	}
}

// startXvfb starts a private X server and returns its display name.
func startXvfb(t *testing.T) string { return startXvfbTB(t) }

func startXvfbTB(t testing.TB) string {
	t.Helper()
	for n := 140; n < 200; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }) // lets Xvfb remove its lock
		for i := 0; i < 50; i++ {
			if exec.Command("xdpyinfo", "-display", display).Run() == nil {
				return display
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not come up", display)
	}
	t.Fatal("no free X display between :140 and :199")
	return ""
}

func newSession(t *testing.T) *session {
	need(t, "Xvfb", "xdotool", "import", "xdpyinfo")
	s := &session{t: t, bin: kioskBinary(t), display: startXvfb(t), data: t.TempDir(), shots: os.Getenv("E2E_SHOTS")}
	if s.shots == "" {
		s.shots = t.TempDir()
	}
	s.shots = filepath.Join(s.shots, strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))
	if err := os.MkdirAll(s.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", s.shots)
	return s
}

// start runs the kiosk and waits for its window; it returns the time from
// exec to the window being mapped.
func (s *session) start() time.Duration {
	s.t.Helper()
	cmd := exec.Command(s.bin, append([]string{"--demo", "--windowed", "--data", s.data}, s.extra...)...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	s.t.Cleanup(func() {
		s.stop()
		if s.t.Failed() {
			s.t.Logf("kiosk output:\n%s", logs.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := s.xdo(ctx, "search", "--sync", "--onlyvisible", "--name", "SMART Kiosk")
	if err != nil {
		s.t.Fatalf("the kiosk window never appeared: %v\n%s", err, logs.String())
	}
	shown := time.Since(begin)
	wid := strings.Fields(out)[0]
	if _, err := s.xdo(ctx, "windowfocus", "--sync", wid); err != nil {
		s.t.Fatalf("focus: %v", err)
	}
	time.Sleep(settle)
	return shown
}

func (s *session) xdo(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keys presses keys, waits for the screen to settle, and takes a screenshot.
func (s *session) keys(name string, keys ...string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, k := range keys {
		if out, err := s.xdo(ctx, "key", k); err != nil {
			s.t.Fatalf("xdotool key %s: %v %s", k, err, out)
		}
		time.Sleep(60 * time.Millisecond)
	}
	time.Sleep(settle)
	s.shot(name)
}

func (s *session) shot(name string) {
	s.n++
	file := filepath.Join(s.shots, fmt.Sprintf("%02d-%s.png", s.n, name))
	cmd := exec.Command("import", "-display", s.display, "-window", "root", file)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("screenshot: %v %s", err, out)
	}
}

// pupilInBand finds, in the kiosk's own database, the first pupil of a band
// and how many Space presses reach their class and them.
func (s *session) pupilInBand(band string) (p store.Pupil, classIdx, pupilIdx int) {
	s.t.Helper()
	st := s.openStore()
	ctx := context.Background()
	classes, err := st.Classes(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	for ci, c := range classes {
		ps, err := st.PupilsInClass(ctx, c)
		if err != nil {
			s.t.Fatal(err)
		}
		for pi, p := range ps {
			if p.Band == band {
				return p, ci, pi
			}
		}
	}
	s.t.Fatalf("no demo pupil in band %s", band)
	return store.Pupil{}, 0, 0
}

// openStore opens the kiosk's own database beside the running kiosk (WAL
// lets a reader in), closed when the test ends.
func (s *session) openStore() *store.Store {
	s.t.Helper()
	st, err := store.Open(filepath.Join(s.data, "kiosk.db"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { st.Close() })
	return st
}

// spaces is n presses of Space.
func spaces(n int) []string { return strings.Fields(strings.Repeat("space ", n)) }

func stepsForBand(t *testing.T, band string) []policy.Step {
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	form, ok := pack.PupilForm(band)
	if !ok {
		t.Fatalf("no form for band %s", band)
	}
	return form.Steps()
}

// signIn opens the adult area from the start screen with an adult's PIN.
func (s *session) signIn(pin string) {
	s.keys("sign-in", "space", "Return")
	s.keys("pin-typed", strings.Split(pin, "")...)
	s.keys("adult-home", "space", "Return") // Open is scanned first
}

// countersign is the adult's part after the pupil hands back: their PIN,
// what they observed (switch, independent, fully), and a signature drawn
// with the mouse. The observe screen's choices change in place, so the
// highlight goes on from the one just chosen: mode (8 choices), prompting
// (4), understanding (3), then Next.
func (s *session) countersign(pin string) {
	s.keys("countersign-pin", strings.Split(pin, "")...)
	s.keys("observe", "space", "Return")
	s.keys("mode-switch", append(spaces(2), "Return")...)           // the 2nd choice
	s.keys("prompting-independent", append(spaces(7), "Return")...) // the 9th
	s.keys("understood-fully", append(spaces(4), "Return")...)      // the 13th
	s.keys("attest", append(spaces(3), "Return")...)                // Next, the 16th
	s.draw(420, 460, 860, 500)
	s.keys("saved", "space", "Return")
}

// nextPupil leaves the celebration: Finished, then the adult's PIN opens
// the class list again.
func (s *session) nextPupil(pin string) {
	s.keys("finished", "space", "Return")
	s.keys("next-pupil-pin", strings.Split(pin, "")...)
	s.keys("back-to-pupils", "space", "Return")
}

// draw drags the mouse from (x0, y0) to (x1, y1) in the kiosk window.
func (s *session) draw(x0, y0, x1, y1 int) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	steps := []string{"mousemove", "--sync", fmt.Sprint(x0), fmt.Sprint(y0), "mousedown", "1"}
	for i := 1; i <= 8; i++ {
		steps = append(steps, "mousemove", "--sync", fmt.Sprint(x0+(x1-x0)*i/8), fmt.Sprint(y0+(y1-y0)*i/8), "sleep", "0.03")
	}
	if out, err := s.xdo(ctx, append(steps, "mouseup", "1")...); err != nil {
		s.t.Fatalf("draw: %v %s", err, out)
	}
	time.Sleep(settle)
	s.shot("signed")
}

// TestKiosk_SwitchSignOff drives a whole sign-off for a pupil of each band
// in the real window with only Space (move) and Enter (select), digits for
// the adults' PINs and the mouse for the adult's signature, then checks
// that `smartkiosk export` lists the record. For band a the adult then
// corrects the record, and the export shows both.
func TestKiosk_SwitchSignOff(t *testing.T) {
	for _, band := range []string{"a", "b", "c"} {
		t.Run("band "+band, func(t *testing.T) {
			s := newSession(t)
			shown := s.start()
			t.Logf("window mapped %v after exec", shown.Round(time.Millisecond))
			p, ci, pi := s.pupilInBand(band)
			s.shot("start")
			s.signIn(store.DemoTAPIN)
			s.keys("class-highlighted", spaces(ci+1)...)
			s.keys("pupils", "Return")
			s.keys("pupil-page", append(spaces(pi+1), "Return")...)
			s.keys("welcome", "space", "Return") // Start the sign-off
			s.keys("step-01", "space", "Return")
			steps := stepsForBand(t, band)
			for i := range steps {
				keys := []string{"space", "Return"} // "Yes, I agree" is scanned first
				if i == 1 {
					keys = []string{"space", "space", "Return"} // "Not sure"
				}
				s.keys(fmt.Sprintf("step-%02d", i+2), keys...)
			}
			s.keys("mark-use-tick", "space", "space", "Return")
			s.keys("mark-tick", "space", "Return")
			s.countersign(store.DemoTAPIN)
			s.nextPupil(store.DemoTAPIN)
			rows := s.checkExport(p, steps[1].ID())
			if band == "b" {
				s.syncToHub([]string{columns(rows, 1)["record_id"]})
			}
			if band != "a" {
				return
			}
			// The second answer was recorded wrongly: it was "yes".
			s.keys("pupil-page-again", append(spaces(pi+1), "Return")...)
			s.keys("correction", append(spaces(7), "Return")...) // Start, Parent, Settings, 3 bands, Correct
			s.keys("answer-fixed", append(spaces(4), "Return")...)
			// The highlight stays on the answer chosen (the 4th choice); the
			// reasons start after 3 answers a statement and 15 observations.
			n := 3 * len(steps)
			s.keys("reason", append(spaces(n+15-3), "Return")...)      // "An answer was recorded wrongly"
			s.keys("correction-saved", append(spaces(5), "Return")...) // Save the correction, after 5 reasons
			after := s.export()
			if len(after) != 3 {
				t.Fatalf("export after the correction has %d lines, want header + 2:\n%v", len(after), after)
			}
			fix := columns(after, 2)
			if fix["kind"] != "correction" || fix["supersedes"] != columns(rows, 1)["record_id"] ||
				fix["follow_ups"] != "" || fix["reason"] != "answer_recorded_wrongly" {
				t.Errorf("correction row = %v", fix)
			}
			if orig := columns(after, 1); orig["kind"] != "agreement" || orig["follow_ups"] != steps[1].ID()+" not sure" {
				t.Errorf("original row = %v", orig)
			}
		})
	}
}

// columns maps the header of an export to row i.
func columns(rows [][]string, i int) map[string]string {
	col := map[string]string{}
	for j, h := range rows[0] {
		col[h] = rows[i][j]
	}
	return col
}

// TestKiosk_OneSwitchAutoScan sets a pupil to one-switch auto-scan in the
// access settings, then the pupil goes through the whole sign-off pressing
// only Space, timed against the moving highlight. The adult chooses the
// pupil and countersigns with their usual keys.
func TestKiosk_OneSwitchAutoScan(t *testing.T) {
	s := newSession(t)
	s.start()
	p, ci, pi := s.pupilInBand("a")
	s.signIn(store.DemoAdminPIN)
	s.keys("class", append(spaces(ci+1), "Return")...)
	s.keys("pupil-page", append(spaces(pi+1), "Return")...)
	s.keys("settings", append(spaces(3), "Return")...) // Start, Parent/carer form, Access settings
	s.keys("auto-scan-chosen", append(spaces(8), "Return")...)
	s.keys("settings-saved", append(spaces(21), "Return")...)
	s.keys("welcome", "space", "Return") // Start the sign-off
	// Auto-scan: the first choice stays highlighted for 3 s, then 1.5 s each.
	onFirst := func(name string) { s.wait(1200 * time.Millisecond); s.keys(name, "space") }
	onSecond := func(name string) { s.wait(3700 * time.Millisecond); s.keys(name, "space") }
	onFirst("step-01") // Start
	for i := range stepsForBand(t, "a") {
		if i == 2 {
			onSecond(fmt.Sprintf("step-%02d", i+2)) // "Not sure"
			continue
		}
		onFirst(fmt.Sprintf("step-%02d", i+2))
	}
	onSecond("mark-use-tick")
	onFirst("mark-tick")
	s.countersign(store.DemoAdminPIN)
	steps := stepsForBand(t, "a")
	s.checkExport(p, steps[2].ID())
}

// wait lets the kiosk run on its own (the auto-scan timer).
func (s *session) wait(d time.Duration) { time.Sleep(d - settle) }

func (s *session) checkExport(p store.Pupil, followUp string) [][]string {
	s.t.Helper()
	rows := s.export()
	if len(rows) != 2 {
		s.t.Fatalf("export has %d lines, want header + 1 record:\n%v", len(rows), rows)
	}
	col := map[string]string{}
	for i, h := range rows[0] {
		col[h] = rows[1][i]
	}
	want := map[string]string{
		"upn": p.UPN, "given_name": p.GivenName, "family_name": p.FamilyName, "class": p.Class,
		"form": "pupil-" + p.Band, "follow_ups": followUp + " not sure", "policy_version": "2026.1",
	}
	for k, v := range want {
		if col[k] != v {
			s.t.Errorf("export %s = %q, want %q", k, col[k], v)
		}
	}
	if col["countersigned_by"] == "" || col["response_mode"] != "switch" || col["prompting"] != "independent" {
		s.t.Errorf("export: countersigned by %q, mode %q, prompting %q", col["countersigned_by"], col["response_mode"], col["prompting"])
	}
	return rows
}

func (s *session) export() [][]string {
	s.t.Helper()
	cmd := exec.Command(s.bin, "export", "--data", s.data, "--format", "csv")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		s.t.Fatalf("export is not CSV: %v\n%s", err, out)
	}
	return rows
}
