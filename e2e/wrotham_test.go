package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/hub/client"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/kioskcli"
	"smartkiosk/policy"
	"smartkiosk/store"
)

// TestKiosk_WrothamPackFromTheHub: the IT manager publishes the second
// school's pack (Wrotham Example School) on a real hub; an enrolled tablet
// running the built-in default pack syncs, and at its next start the real
// window runs the Wrotham pack: --demo fills it with that pack's demo
// school, the adult signs its staff code of conduct, a pupil signs its one
// band's form end to end with the switch keys, and the record names the
// Wrotham pack, in the export and on the hub.
func TestKiosk_WrothamPackFromTheHub(t *testing.T) {
	s := newSession(t)
	st, err := store.Open(filepath.Join(s.data, store.DatabaseFile)) // a new tablet
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, p, _, err := kioskcli.LoadPack(s.data); err != nil || p.ID != assets.DefaultPackID {
		t.Fatalf("before the hub: pack %v, %v; want the default pack", p, err)
	}

	hubBin, hubData := hubBinary(t), t.TempDir()
	url, pin := startHub(t, hubBin, hubData)
	out := run(t, hubBin, "pack", "publish", "--data", hubData, filepath.Join("..", "assets", "packs", "wrotham"))
	if !strings.Contains(out, "Published wrotham version 2024.1") {
		t.Fatalf("pack publish: %s", out)
	}
	code := enrolCode.FindStringSubmatch(run(t, hubBin, "enrol-code", "--data", hubData, "--hub-url", url))
	if code == nil {
		t.Fatal("no enrolment code")
	}
	run(t, s.bin, "hub", "enrol", "--data", s.data, "--url", url, "--code", code[1], "--fingerprint", pin)
	run(t, s.bin, "hub", "sync", "--data", s.data)
	if client.CurrentPackDir(filepath.Join(s.data, "packs")) == "" {
		t.Fatal("the sync installed no pack")
	}
	_, p, notice, err := kioskcli.LoadPack(s.data)
	if err != nil || p.ID != "wrotham" || notice != nil {
		t.Fatalf("after the sync: pack %v, notice %+v, %v; want wrotham", p, notice, err)
	}

	s.start() // the next start
	s.shot("start")
	pupil := checkWrothamDemo(t, s)
	s.signIn(store.DemoTAPIN)
	signStaffCode(t, s)
	s.keys("class-7A", "space", "Return")
	s.keys("pupil-page", "space", "Return")
	s.keys("welcome", "space", "Return") // Start the sign-off
	s.keys("step-01", "space", "Return")
	steps := wrothamSteps(t)
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

	rows := s.export()
	if len(rows) != 2 {
		t.Fatalf("export has %d lines, want header + 1 record:\n%v", len(rows), rows)
	}
	rec := columns(rows, 1)
	want := map[string]string{"upn": pupil.UPN, "class": "7A", "form": "pupil-ks3-5", "policy_version": "2024.1",
		"follow_ups": steps[1].ID() + " not sure"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("export %s = %q, want %q", k, rec[k], v)
		}
	}
	checkOnHub(t, hubData, rec["record_id"])
}

// signStaffCode: the adult home reminds the teaching assistant, last in
// the scan order (after the 4 classes, Sync, Close the kiosk and Lock, so
// the classes keep their places), that they have not signed the Wrotham
// staff code of conduct; they read it section by section with the switch keys (Next is
// scanned first), sign the declaration and are back home, reminded no
// more. adults export lists the signature under the Wrotham pack.
func signStaffCode(t *testing.T, s *session) {
	t.Helper()
	s.keys("staff-reminder", append(spaces(4+3+1), "Return")...)
	fsys, err := assets.Pack("wrotham")
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := pack.FormOfKind(policy.KindStaff)
	for i := range len(f.Rules) + 1 { // Next on the introduction and each section; on the last, "Go on to sign"
		s.keys(fmt.Sprintf("staff-page-%02d", i+1), "space", "Return")
	}
	s.draw(700, 230, 1100, 300)
	s.keys("staff-saved", "space", "Return") // I agree: save
	s.keys("staff-home", "space", "Return")  // Finished
	out := run(t, s.bin, "export", "--data", s.data, "--adults")
	if !strings.Contains(out, ",staff,Sam Patel,,,staff,2024.1,drawn,") {
		t.Errorf("the adults' export has no staff signature under the Wrotham pack:\n%s", out)
	}
}

// checkWrothamDemo checks the window filled the new tablet with the
// Wrotham pack's demo school, and returns the first pupil of 7A.
func checkWrothamDemo(t *testing.T, s *session) store.Pupil {
	t.Helper()
	st := s.openStore()
	ctx := context.Background()
	classes, err := st.Classes(ctx)
	if want := []string{"7A", "9B", "11C", "12D"}; err != nil || !slices.Equal(classes, want) {
		t.Fatalf("classes %q, %v; want the Wrotham demo's %q", classes, err, want)
	}
	pupils, err := st.PupilsInClass(ctx, "7A")
	if err != nil || len(pupils) == 0 || pupils[0].Band != "ks3-5" {
		t.Fatalf("7A: %+v, %v; want pupils in band ks3-5", pupils, err)
	}
	return pupils[0]
}

// wrothamSteps are the screens of the Wrotham pack's pupil form.
func wrothamSteps(t *testing.T) []policy.Step {
	t.Helper()
	fsys, err := assets.Pack("wrotham")
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	form, ok := pack.PupilForm("ks3-5")
	if !ok {
		t.Fatal("no form for band ks3-5")
	}
	return form.Steps()
}

// checkOnHub waits for the window's own sync (5 s after a commit) to take
// the record to the hub, at most a minute.
func checkOnHub(t *testing.T, hubData, id string) {
	t.Helper()
	hs, err := sqlitestore.Open(filepath.Join(hubData, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer hs.Close()
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := hs.Record(ctx, id)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("record %s is not on the hub a minute after it was saved: %v", id, err)
		}
		time.Sleep(time.Second)
	}
}
