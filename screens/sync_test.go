package screens

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"smartkiosk/hub/client"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// fakeSync is the hub sync as a plain struct: it returns what it is given
// and counts what it is asked.
type fakeSync struct {
	mu        sync.Mutex
	snap      client.Snapshot
	snapErr   error
	syncs     int
	enrolErr  error
	enrolled  [][3]string
	bundle    client.BundleResult
	bundleErr error
	bundleDir string
	onChange  func()
}

func (f *fakeSync) Snapshot(context.Context) (client.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap, f.snapErr
}

func (f *fakeSync) SyncNow() { f.mu.Lock(); f.syncs++; f.mu.Unlock() }

func (f *fakeSync) Enrol(_ context.Context, url, code, fp string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.enrolled = append(f.enrolled, [3]string{url, code, fp})
	return f.enrolErr
}

func (f *fakeSync) ExportBundle(_ context.Context, dir string) (client.BundleResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bundleDir = dir
	return f.bundle, f.bundleErr
}

func (f *fakeSync) OnChange(fn func()) { f.mu.Lock(); f.onChange = fn; f.mu.Unlock() }

func (f *fakeSync) set(snap client.Snapshot) { f.mu.Lock(); f.snap = snap; f.mu.Unlock() }

// fire tells the kiosk the snapshot changed, from another goroutine, as
// the real sync does, and waits for it to be handled.
func (f *fakeSync) fire() {
	f.mu.Lock()
	fn := f.onChange
	f.mu.Unlock()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	<-done
}

// link is a hub this kiosk is enrolled with.
var testLink = &client.Link{URL: "https://hub.example-school.local:8700", DeviceID: "3f1c9a0b7d2e4c51a8b6d0e9f2a7c4b1",
	SchoolName: "Example School", EnrolledAt: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}

// newSyncKiosk is a test kiosk with a fake sync, slow work run inline, and
// an adult of the given role signed in on the home screen.
func newSyncKiosk(t *testing.T, role string) (*testKiosk, *fakeSync) {
	t.Helper()
	fs := &fakeSync{snap: client.Snapshot{Link: testLink}}
	tk := newTestKiosk(t, func(d *Deps) { d.Sync = fs })
	tk.spawn = func(f func()) { f() }
	pin := store.DemoTAPIN
	if role == store.RoleAdmin {
		pin = store.DemoAdminPIN
	}
	tk.signIn(t, pin)
	return tk, fs
}

// homeLines are the home screen's sync line and the sentence under it ("" when hidden).
func (tk *testKiosk) homeLines(t *testing.T) (line, why string) {
	t.Helper()
	h, ok := tk.nav.Current().(*home)
	if !ok {
		t.Fatalf("on %T, want home", tk.nav.Current())
	}
	if h.syncFail.Visible() {
		why = h.syncFail.Text
	}
	return h.syncLine.Text, why
}

func TestHome_SyncLine(t *testing.T) {
	today := time.Date(2026, 11, 2, 8, 5, 0, 0, time.UTC) // the test clock starts at 09:00 that day
	for _, c := range []struct {
		name string
		snap client.Snapshot
		err  error
		want string
	}{
		{"Never", client.Snapshot{Link: testLink, Waiting: 3}, nil, "3 records waiting for the hub · last synced never"},
		{"Today", client.Snapshot{Link: testLink, Waiting: 1, Status: client.Status{LastSuccess: today}}, nil,
			"1 record waiting for the hub · last synced 08:05 today"},
		{"Yesterday", client.Snapshot{Waiting: 0, Status: client.Status{LastSuccess: today.Add(-16 * time.Hour)}}, nil,
			"0 records waiting for the hub · last synced yesterday at 16:05"},
		{"Older", client.Snapshot{Waiting: 12, Status: client.Status{LastSuccess: today.AddDate(0, 0, -4)}}, nil,
			"12 records waiting for the hub · last synced 29 Oct at 08:05"},
		{"Syncing", client.Snapshot{Waiting: 2, Syncing: true, Status: client.Status{LastSuccess: today}}, nil,
			"2 records waiting for the hub · last synced 08:05 today · Syncing now…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, fs := newSyncKiosk(t, store.RoleTA)
			fs.set(c.snap)
			tk.showHome()
			if line, why := tk.homeLines(t); line != c.want || why != "" {
				t.Errorf("line %q, under it %q; want %q and nothing", line, why, c.want)
			}
		})
	}
	t.Run("ErrSnapshot", func(t *testing.T) {
		tk, fs := newSyncKiosk(t, store.RoleTA)
		fs.snapErr = errors.New("disk I/O error")
		tk.showHome()
		if _, why := tk.homeLines(t); why != tk.Tr.T(translations.SyncUnreadable) {
			t.Errorf("under the line: %q", why)
		}
	})
	t.Run("NoSync", func(t *testing.T) {
		tk := newTestKiosk(t)
		tk.signIn(t, store.DemoTAPIN)
		line, why := tk.homeLines(t)
		if line != "0 records on this tablet are waiting to go to the school's hub." || why != tk.Tr.T(translations.SyncNotSetUp) {
			t.Errorf("without a sync: %q / %q", line, why)
		}
		tk.tapText(t, "Sync")
		if text := strings.Join(labels(tk.nav.stack), " | "); !strings.Contains(text, tk.Tr.T(translations.SyncNotSetUp)) {
			t.Errorf("the Sync page without a sync says %q", text)
		}
	})
}

// failCodes are every Fail code hub/kiosk.go defines but FailNone.
var failCodes = []string{client.FailNotEnrolled, client.FailUnreachable, client.FailPortal, client.FailFiltered, client.FailCertificate,
	client.FailRevoked, client.FailClock, client.FailRejected, client.FailServer, client.FailDisk}

func TestHome_FailureSentences(t *testing.T) {
	tk, fs := newSyncKiosk(t, store.RoleTA)
	want := map[string][]string{
		client.FailNotEnrolled: {"not connected", "admin"},
		client.FailUnreachable: {"https://hub.example-school.local:8700", "Wi-Fi"},
		client.FailPortal:      {"login page", "Ask IT to let this tablet through to hub.example-school.local:8700."},
		client.FailFiltered:    {"A web filter blocked the hub. Ask IT to allow hub.example-school.local:8700."},
		client.FailCertificate: {"certificate", "connect this tablet again"},
		client.FailRevoked:     {"The hub no longer accepts this tablet. Ask the IT manager to enrol it again."},
		client.FailClock:       {"date or time", "settings"},
		client.FailRejected:    {"The hub refused 2 records.", "An adult should look"},
		client.FailServer:      {"hub had a problem", "safe"},
		client.FailDisk:        {"storage is full"},
	}
	seen := map[string]string{}
	for _, code := range failCodes {
		t.Run(code, func(t *testing.T) {
			detail := ""
			if code == client.FailPortal || code == client.FailFiltered {
				detail = "hub.example-school.local:8700"
			}
			fs.set(client.Snapshot{Link: testLink, Waiting: 2, Status: client.Status{Failure: code, Detail: detail, Rejected: 2}})
			tk.showHome()
			_, why := tk.homeLines(t)
			if why == "" || why == tk.Tr.T(translations.SyncFailOther) {
				t.Fatalf("no sentence of its own: %q", why)
			}
			for _, w := range want[code] {
				if !strings.Contains(why, w) {
					t.Errorf("%q lacks %q", why, w)
				}
			}
			if other, dup := seen[why]; dup {
				t.Errorf("same sentence as %s: %q", other, why)
			}
			seen[why] = code
		})
	}
	fs.set(client.Snapshot{Status: client.Status{Failure: "something_new"}})
	tk.showHome()
	if _, why := tk.homeLines(t); why != tk.Tr.T(translations.SyncFailOther) {
		t.Errorf("an unknown code: %q", why)
	}
	fs.set(client.Snapshot{Link: testLink, Status: client.Status{Failure: client.FailRejected, Rejected: 1}})
	tk.showHome()
	if _, why := tk.homeLines(t); !strings.HasPrefix(why, "The hub refused 1 record. An adult should look at it") {
		t.Errorf("one refused record: %q", why)
	}
}

func TestSync_OnChangeFromAnotherGoroutine(t *testing.T) {
	tk, fs := newSyncKiosk(t, store.RoleTA)
	if line, _ := tk.homeLines(t); !strings.HasPrefix(line, "0 records") {
		t.Fatalf("before: %q", line)
	}
	fs.set(client.Snapshot{Link: testLink, Waiting: 5, Status: client.Status{Failure: client.FailRevoked}})
	fs.fire()
	line, why := tk.homeLines(t)
	if !strings.HasPrefix(line, "5 records waiting") || why != tk.Tr.T(translations.SyncFailRevoked) {
		t.Errorf("after a change: %q / %q", line, why)
	}
	// On a pupil's screen nothing of the sync shows, and a change is ignored.
	p := tk.pupilInBand(t, "a")
	so, err := newSignOff(tk.Kiosk, p)
	if err != nil {
		t.Fatal(err)
	}
	tk.nav.Show(newWelcome(tk.Kiosk, so))
	fs.fire()
	if _, ok := tk.nav.Current().(*welcome); !ok {
		t.Fatalf("a sync change left the pupil's screen for %T", tk.nav.Current())
	}
	text := strings.Join(labels(tk.nav.stack), " | ")
	if strings.Contains(text, "hub") || strings.Contains(text, "record") {
		t.Errorf("a pupil screen shows sync state: %q", text)
	}
}

func TestSync_PupilScreensNeverWatch(t *testing.T) {
	tk := newTestKiosk(t)
	p := tk.pupilInBand(t, "b")
	so, err := newSignOff(tk.Kiosk, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []screen{newWelcome(tk.Kiosk, so), newStep(tk.Kiosk, so, 0), newMark(tk.Kiosk, so),
		newCountersign(tk.Kiosk, so), newSaved(tk.Kiosk, so, "Saved."), newStart(tk.Kiosk)} {
		if _, ok := s.(syncWatcher); ok {
			t.Errorf("%T shows the sync's state", s)
		}
	}
}

func TestSyncPage_SyncNow(t *testing.T) {
	tk, fs := newSyncKiosk(t, store.RoleTA)
	tk.tapText(t, "Sync")
	sp, ok := tk.nav.Current().(*syncPage)
	if !ok {
		t.Fatalf("Sync went to %T", tk.nav.Current())
	}
	tk.tapText(t, "Sync now")
	if fs.syncs != 1 || sp.result.Text != tk.Tr.T(translations.SyncStarted) {
		t.Errorf("syncs %d, message %q", fs.syncs, sp.result.Text)
	}
	fs.set(client.Snapshot{Link: testLink, Syncing: true, Waiting: 4})
	fs.fire()
	if !strings.Contains(sp.status.Text, "Syncing now") {
		t.Errorf("the page did not follow the sync: %q", sp.status.Text)
	}
}

func TestSyncPage_EnrolOnlyForAdmins(t *testing.T) {
	t.Run("TA", func(t *testing.T) {
		tk, _ := newSyncKiosk(t, store.RoleTA)
		tk.tapText(t, "Sync")
		for _, tg := range tk.nav.targets {
			if tg.Text == "Connect to the school hub" {
				t.Fatal("a teaching assistant can open enrolment")
			}
		}
		tk.nav.Show(newEnrolForm(tk.Kiosk))
		if len(tk.nav.targets) != 1 || !strings.Contains(strings.Join(labels(tk.nav.stack), " "), tk.Tr.T(translations.EnrolAdminOnly)) {
			t.Errorf("the enrol form for a TA has %d targets", len(tk.nav.targets))
		}
	})
	t.Run("Admin", func(t *testing.T) {
		tk, _ := newSyncKiosk(t, store.RoleAdmin)
		tk.tapText(t, "Sync")
		tk.tapText(t, "Connect to the school hub")
		if _, ok := tk.nav.Current().(*enrolForm); !ok {
			t.Fatalf("on %T", tk.nav.Current())
		}
	})
}

func TestEnrol_Errors(t *testing.T) {
	portal := &client.FailureError{Code: client.FailPortal, Detail: "hub.school.local:8700", Err: errors.New("got a login page")}
	for _, c := range []struct {
		name string
		err  error
		want *translations.Message
		has  string
	}{
		{"ErrCodeUnknown", fmt.Errorf("enrol: %w", signoff.ErrCodeUnknown), translations.EnrolCodeUnknown, ""},
		{"ErrCodeUsed", fmt.Errorf("enrol: %w", signoff.ErrCodeUsed), translations.EnrolCodeUsed, ""},
		{"ErrCodeExpired", signoff.ErrCodeExpired, translations.EnrolCodeExpired, ""},
		{"ErrCertificate", &client.FailureError{Code: client.FailCertificate}, translations.EnrolCertificate, ""},
		{"ErrPortal", fmt.Errorf("enrol: %w", portal), nil, "Ask IT to let this tablet through to hub.school.local:8700."},
		{"ErrUnreachable", &client.FailureError{Code: client.FailUnreachable}, nil, "The hub at https://hub.school.local:8700 cannot be reached."},
		{"ErrOther", errors.New("boom"), translations.EnrolFailed, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, fs := newSyncKiosk(t, store.RoleAdmin)
			fs.enrolErr = c.err
			e := newEnrolForm(tk.Kiosk)
			tk.nav.Show(e)
			e.url, e.code = " https://hub.school.local:8700 ", "ABCD-1234"
			tk.tapText(t, "Connect")
			got := e.message.Text
			if (c.want != nil && got != tk.Tr.T(c.want)) || !strings.Contains(got, c.has) {
				t.Errorf("message %q", got)
			}
			if strings.Contains(got, "boom") || strings.Contains(got, "login page\"") {
				t.Errorf("a raw error reached the screen: %q", got)
			}
			if tk.nav.Current() != e || fs.syncs != 0 {
				t.Errorf("after a failure: on %T, %d syncs", tk.nav.Current(), fs.syncs)
			}
		})
	}
	t.Run("ErrNeedFields", func(t *testing.T) {
		tk, fs := newSyncKiosk(t, store.RoleAdmin)
		e := newEnrolForm(tk.Kiosk)
		tk.nav.Show(e)
		e.url = "https://hub.school.local"
		tk.tapText(t, "Connect")
		if e.message.Text != tk.Tr.T(translations.EnrolNeedFields) || len(fs.enrolled) != 0 {
			t.Errorf("message %q, enrol calls %d", e.message.Text, len(fs.enrolled))
		}
	})
	t.Run("OK", func(t *testing.T) {
		tk, fs := newSyncKiosk(t, store.RoleAdmin)
		e := newEnrolForm(tk.Kiosk)
		tk.nav.Show(e)
		e.url, e.code, e.finger = "https://hub.school.local:8700", " abcd-1234 ", "AB:CD"
		tk.tapText(t, "Connect")
		sp, ok := tk.nav.Current().(*syncPage)
		if !ok || sp.result.Text != tk.Tr.T(translations.EnrolDone) {
			t.Fatalf("after enrolling: on %T", tk.nav.Current())
		}
		if len(fs.enrolled) != 1 || fs.enrolled[0] != [3]string{"https://hub.school.local:8700", "abcd-1234", "AB:CD"} || fs.syncs != 1 {
			t.Errorf("enrolled %v, syncs %d", fs.enrolled, fs.syncs)
		}
		log, _ := tk.st.AuditLog(context.Background(), 1)
		if log[0].Action != store.AuditHubEnrolled {
			t.Errorf("audit = %+v", log[0])
		}
	})
}

func TestSyncPage_Bundle(t *testing.T) {
	for _, c := range []struct {
		name    string
		res     client.BundleResult
		err     error
		pickErr error
		want    string
	}{
		{"OK", client.BundleResult{Path: "/media/usb/smartkiosk-3f1c9a0b-20261102-0905.bundle", Records: 3}, nil, nil,
			"3 records were saved in smartkiosk-3f1c9a0b-20261102-0905.bundle. Take it to the hub computer and import it there."},
		{"Empty", client.BundleResult{}, nil, nil, "No records were waiting, so there was nothing to save."},
		{"ErrExport", client.BundleResult{}, errors.New("read-only file system"), nil, "The records could not be saved there."},
		{"ErrPick", client.BundleResult{}, nil, errors.New("no such folder"), "The records could not be saved there."},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, fs := newSyncKiosk(t, store.RoleTA)
			fs.bundle, fs.bundleErr = c.res, c.err
			tk.PickDir = func(_ string, got func(string, error)) { got("/media/usb", c.pickErr) }
			tk.tapText(t, "Sync")
			sp := tk.nav.Current().(*syncPage)
			tk.tapText(t, "Save waiting records to a USB stick or folder")
			if c.pickErr != nil { // the desktop dialog, behind the kiosk's own page, fails
				tk.tapText(t, "Another folder…")
			} else {
				tk.saveIn(t, tk.stick)
			}
			if !strings.HasPrefix(sp.result.Text, c.want) {
				t.Errorf("result %q, want %q", sp.result.Text, c.want)
			}
			if c.pickErr == nil && fs.bundleDir != tk.stick {
				t.Errorf("exported to %q", fs.bundleDir)
			}
		})
	}
}

func TestSyncPage_Rejected(t *testing.T) {
	tk, _ := newSyncKiosk(t, store.RoleTA)
	p := tk.pupilInBand(t, "b")
	tk.lock("locked") // signedRecord signs in itself
	rec := tk.signedRecord(t, p)
	ack := record.Ack{ID: rec.Body.ID, Status: "conflict", Reason: "The hub holds a different record with this id."}
	if err := tk.st.SaveAcks(context.Background(), []record.Ack{ack}, tk.clk); err != nil {
		t.Fatal(err)
	}
	tk.nav.Show(newSyncPage(tk.Kiosk))
	text := tk.nav.Current().(*syncPage).rejected.Text
	for _, want := range []string{p.Name(), p.Class, "the hub holds a different copy", ack.Reason} {
		if !strings.Contains(text, want) {
			t.Errorf("rejected list %q lacks %q", text, want)
		}
	}
}

// syncShots puts the kiosk in the state the sync goldens show: an admin,
// one record the hub refused, and the hub unreachable behind a portal.
func syncShots(t *testing.T) (*testKiosk, *fakeSync) {
	t.Helper()
	tk, fs := newSyncKiosk(t, store.RoleTA)
	p := tk.pupilInBand(t, "b")
	tk.lock("locked") // signedRecord signs in itself
	rec := tk.signedRecord(t, p)
	ack := record.Ack{ID: rec.Body.ID, Status: "conflict", Reason: "The hub already holds a different record with this id."}
	if err := tk.st.SaveAcks(context.Background(), []record.Ack{ack}, tk.clk); err != nil {
		t.Fatal(err)
	}
	tk.adult = &store.Staff{ID: 2, Name: "Alex Morgan", Role: store.RoleAdmin}
	fs.set(client.Snapshot{Link: testLink, Waiting: 7, Status: client.Status{
		LastSuccess: time.Date(2026, 11, 2, 8, 5, 0, 0, time.UTC), LastAttempt: time.Date(2026, 11, 2, 8, 55, 0, 0, time.UTC),
		Failure: client.FailPortal, Detail: "hub.example-school.local:8700", Rejected: 1}})
	return tk, fs
}

func TestSyncScreens_FitEveryWindow(t *testing.T) {
	tk, _ := syncShots(t)
	enrol := newEnrolForm(tk.Kiosk)
	tk.fitsEveryWindow(t, []shown{{name: "home", s: newHome(tk.Kiosk)}, {name: "sync", s: newSyncPage(tk.Kiosk)},
		{name: "enrol", s: enrol}, {name: "enrol, typing", s: enrol, then: func() { enrol.typing.open(enrol.typing.fields[1]) }}})
}

// TestGolden_SyncScreens compares the home with a sync failure, the Sync
// page and the enrol form with the reviewed images in testdata/.
func TestGolden_SyncScreens(t *testing.T) {
	tk, _ := syncShots(t)
	e := newEnrolForm(tk.Kiosk)
	for _, shot := range []struct {
		name string
		s    screen
	}{{"home_sync_failure", newHome(tk.Kiosk)}, {"sync", newSyncPage(tk.Kiosk)}, {"enrol", e}} {
		name := shot.name
		tk.nav.Show(shot.s)
		if shot.s == e {
			e.say(tk.Tr.T(translations.EnrolCodeExpired), true)
		}
		tk.w.Resize(fyne.NewSize(1280, 800))
		test.AssertImageMatches(t, "adult_"+name+".png", tk.w.Canvas().Capture())
	}
}
