package upgrade_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/kioskcli"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
)

// kioskRun runs a `smartkiosk` command and returns its standard output;
// a failure fails the test.
func kioskRun(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := kioskCmd(args...)
	if code != 0 {
		t.Fatalf("smartkiosk %q: exit %d\n%s%s", args, code, stdout, stderr)
	}
	return stdout
}

func kioskCmd(args ...string) (stdout, stderr string, code int) {
	var out, errs bytes.Buffer
	_, code = kioskcli.Parse(args, &out, &errs)
	return out.String(), errs.String(), code
}

func openKiosk(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatalf("the new code cannot open 802d549's kiosk: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// kioskRecords is what the golden says of each record, read by today's code.
func kioskRecords(t *testing.T, st *store.Store) []RecordGolden {
	t.Helper()
	ctx := context.Background()
	recs, err := st.Records(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []RecordGolden
	for _, r := range recs {
		atts, err := st.RecordAttachments(ctx, r.Body.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(atts) != len(r.Body.Attachments) {
			t.Fatalf("record %s: %d attachments held, the body names %d", r.Body.ID, len(atts), len(r.Body.Attachments))
		}
		g := RecordGolden{ID: r.Body.ID, Kind: r.Body.Kind, Seq: r.Body.Seq, PupilRef: r.Body.PupilRef,
			Hash: r.Hash, Body: string(r.BodyBytes), Signature: hex.EncodeToString(r.Signature)}
		for i, a := range atts {
			sum := ""
			if a.Data != nil {
				sum = shaHex(sha256.Sum256(a.Data))
			}
			g.Attachments = append(g.Attachments, AttachmentGolden{Kind: a.Kind, MediaType: a.MediaType,
				Hash: r.Body.Attachments[i].Hash, DataSHA256: sum})
		}
		if got := record.Hash(r.BodyBytes); got != r.Hash {
			t.Errorf("record %s: its body hashes to %s, the store says %s", r.Body.ID, got, r.Hash)
		}
		out = append(out, g)
	}
	return out
}

func pendingIDs(t *testing.T, st *store.Store) []string {
	t.Helper()
	pending, err := st.PendingRecords(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range pending {
		ids = append(ids, p.ID)
	}
	return ids
}

// TestUpgrade_Kiosk opens 802d549's kiosk folder with today's code: verify says
// the same, every record, attachment, draft and pupil is as it was, the
// export is the same (plus left_on), and the kiosk can still save.
func TestUpgrade_Kiosk(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var want KioskGolden
	readJSON(t, "kiosk.json", &want)
	dir := copyFixture(t, "kiosk")

	// verify reads the folder without changing it, so it runs first, as a
	// school would before upgrading.
	if out, errs, code := kioskCmd("verify", "--data", dir); code != 0 || !slices.Equal(lines(out), want.Verify) {
		t.Errorf("verify before today's code opened the folder: exit %d\n got %q\nwant %q\n%s", code, lines(out), want.Verify, errs)
	}

	st := openKiosk(t, dir)
	if st.DeviceID() != want.Device {
		t.Errorf("device %s, 802d549's was %s", st.DeviceID(), want.Device)
	}
	sameRecords(t, "kiosk", kioskRecords(t, st), want.Records)
	if got := pendingIDs(t, st); !slices.Equal(got, want.Pending) {
		t.Errorf("waiting for the hub: %q, want %q", got, want.Pending)
	}
	if n, err := st.Unsynced(ctx); err != nil || n != want.Unsynced {
		t.Errorf("unsynced = %d (%v), want %d", n, err, want.Unsynced)
	}
	pupils, drafts := kioskPupils(t, st)
	if !slices.Equal(pupils, want.Pupils) {
		t.Errorf("pupils:\n got %+v\nwant %+v", pupils, want.Pupils)
	}
	if !slices.Equal(drafts, want.Drafts) {
		t.Errorf("drafts:\n got %+v\nwant %+v", drafts, want.Drafts)
	}
	notes, err := st.DraftNotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wantNotes bytes.Buffer
	if err := json.Compact(&wantNotes, want.Notes); err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(notes); !bytes.Equal(got, wantNotes.Bytes()) {
		t.Errorf("draft notes for the hub:\n got %s\nwant %s", got, want.Notes)
	}
	st.Close()

	csvOut := kioskRun(t, "export", "--data", dir)
	if rows := sameCSV(t, "kiosk export", []byte(csvOut), golden(t, "kiosk-export.csv")); len(rows) != 0 {
		t.Errorf("the kiosk export has leaver rows 802d549 did not: %q", rows)
	}

	t.Run("StillWrites", func(t *testing.T) { testKioskWrites(t, dir, want) })
}

func kioskPupils(t *testing.T, st *store.Store) ([]PupilGolden, []DraftGolden) {
	t.Helper()
	ctx := context.Background()
	classes, err := st.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pupils []PupilGolden
	var drafts []DraftGolden
	for _, c := range classes {
		list, err := st.PupilsInClass(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			pupils = append(pupils, PupilGolden{p.UPN, p.GivenName, p.FamilyName, p.Class, p.Year, p.Band, p.Active})
			ds, err := st.PupilDrafts(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				drafts = append(drafts, DraftGolden{ID: d.ID, PupilRef: p.UPN, State: string(d.State)})
			}
		}
	}
	return pupils, drafts
}

// newRecords are what testKioskWrites saves with today's code: an
// agreement of Noah Patel (band b, the band 802d549's CHECK knew and
// today's migration 0005 rebuilt the table for) and a correction of Amelia
// Hughes's agreement, whose names 802d549 erased after the hub had them.
func newRecords(t *testing.T, st *store.Store) []*record.Body {
	t.Helper()
	ctx := context.Background()
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := policy.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	st.SetBands(pack.BandIDs())
	ta, err := st.CheckPIN(ctx, "135792")
	if err != nil {
		t.Fatalf("the TA's PIN from 802d549: %v", err)
	}
	noah := pupil(t, st, "Oak", "W823614001002")
	if noah.Band != "b" {
		t.Fatalf("Noah's band is %q", noah.Band)
	}
	band, _ := pack.Band(noah.Band)
	form, _ := pack.PupilForm(noah.Band)
	var answers []record.Answer
	for _, s := range form.Steps() {
		answers = append(answers, record.Answer{Statement: s.ID(), Answer: record.AnswerAgree})
	}
	at := time.Date(2026, 11, 19, 9, 30, 0, 0, time.UTC)
	ref := record.PackRef{ID: pack.ID, Version: pack.Version, Fingerprint: pack.Fingerprint}
	agreement := signoff.Agreement(
		signoff.Signing{Pack: ref, Adult: record.AdultRef{StaffID: ta.ID, Role: ta.Role}, StartedAt: at, SignedAt: at.Add(4 * time.Minute)},
		signoff.Signatory{Ref: noah.UPN, Class: noah.Class, Language: noah.Language},
		signoff.FormRef{ID: form.ID, Band: band.ID, BandAlias: band.Alias}, answers,
		signoff.Observed{Mode: record.ModeTouch, Prompting: "independent", Understanding: "fully"})
	if err := st.SaveRecord(ctx, agreement); err != nil {
		t.Fatalf("save an agreement in band b: %v", err)
	}
	var amelia *record.Body
	recs, err := st.Records(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Body.PupilRef == "G823614001001" && r.Body.Parent == nil && r.Body.Kind == record.KindAgreement {
			amelia = r.Body
		}
	}
	if amelia == nil {
		t.Fatal("Amelia's agreement is gone")
	}
	corr := signoff.Correction(
		signoff.Signing{Pack: ref, Adult: record.AdultRef{StaffID: ta.ID, Role: ta.Role, Reason: "observation_recorded_wrongly"},
			SignedAt: at.Add(10 * time.Minute)},
		amelia, amelia.Answers, signoff.Observed{Mode: record.ModeSwitch, Prompting: "verbal", Understanding: "fully"})
	if err := st.SaveRecord(ctx, corr); err != nil {
		t.Fatalf("correct a record 802d549 saved: %v", err)
	}
	return []*record.Body{agreement, corr}
}

func pupil(t *testing.T, st *store.Store, class, upn string) store.Pupil {
	t.Helper()
	list, err := st.PupilsInClass(context.Background(), class)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.UPN == upn {
			return p
		}
	}
	t.Fatalf("no pupil %s in %s", upn, class)
	return store.Pupil{}
}

var verifiedRE = regexp.MustCompile(`^(\d+) records and \d+ backup\(s\) checked against device (\w+) `)

func testKioskWrites(t *testing.T, dir string, want KioskGolden) {
	st := openKiosk(t, dir)
	added := newRecords(t, st)
	got := kioskRecords(t, st)
	sameRecords(t, "kiosk after saving", got[:min(len(got), len(want.Records))], want.Records)
	if len(got) != len(want.Records)+len(added) {
		t.Fatalf("%d records after saving %d, want %d", len(got), len(added), len(want.Records)+len(added))
	}
	for i, b := range added {
		g := got[len(want.Records)+i]
		if g.ID != b.ID || g.Seq != uint64(len(want.Records)+i+1) {
			t.Errorf("new record %d: id %s seq %d, want %s seq %d", i, g.ID, g.Seq, b.ID, len(want.Records)+i+1)
		}
	}
	wantPending := append(slices.Clone(want.Pending), added[0].ID, added[1].ID)
	if got := pendingIDs(t, st); !slices.Equal(got, wantPending) {
		t.Errorf("waiting for the hub: %q, want %q", got, wantPending)
	}
	st.Close()
	out := lines(kioskRun(t, "verify", "--data", dir))
	m := verifiedRE.FindStringSubmatch(out[len(out)-1])
	if len(out) != 1 || m == nil || m[1] != fmt.Sprint(len(got)) || m[2] != want.Device {
		t.Errorf("verify after saving with today's code: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, store.DatabaseFile)); err != nil {
		t.Fatal(err)
	}
}
