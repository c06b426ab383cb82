package hubtest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// forPupil is in as pupil upn's record, signed n seconds after base. A
// store does not read bodies, so the body need not say so.
func forPupil(in hub.Incoming, upn string, n int) hub.Incoming {
	in.PupilRef, in.SignedAt = upn, base.Add(secs(n))
	return in
}

// wantPupilRecords checks PupilRecords(upns) against want, each received
// at at[id], sorted as the contract says.
func wantPupilRecords(tb testing.TB, s hub.Store, upns []string, withData bool, want []hub.Incoming, at map[string]int) {
	tb.Helper()
	got, err := s.PupilRecords(context.Background(), upns, withData)
	must(tb, "PupilRecords", err)
	want = slices.Clone(want)
	slices.SortFunc(want, func(a, b hub.Incoming) int {
		return cmp.Or(cmp.Compare(a.PupilRef, b.PupilRef), a.SignedAt.Compare(b.SignedAt), cmp.Compare(a.ID, b.ID))
	})
	if len(got) != len(want) {
		ids := make([]string, len(got))
		for i, r := range got {
			ids[i] = r.ID
		}
		tb.Fatalf("PupilRecords(%d UPNs, %v) = %d records %v, want %d", len(upns), withData, len(got), ids, len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID {
			tb.Errorf("PupilRecords record %d = %s, want %s", i, got[i].ID, want[i].ID)
			continue
		}
		checkStored(tb, got[i], want[i], at[want[i].ID], withData)
		for _, a := range got[i].Attachments {
			if !withData && a.Salt != nil {
				tb.Errorf("record %s attachment %d: Salt %q without data asked for", got[i].ID, a.Position, a.Salt)
			}
		}
	}
}

func testPupilRecords(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		ingest(t, s, 1, newChain(d.ID, "a").take(2), stored, stored)
		for _, upns := range [][]string{nil, {}} {
			got, err := s.PupilRecords(ctx, upns, true)
			must(t, "PupilRecords", err)
			if len(got) != 0 {
				t.Errorf("PupilRecords(%q) = %d records, want none", upns, len(got))
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 2)
		a := newChain(devs[0].ID, "a").take(5)
		b := newChain(devs[1].ID, "b").take(3)
		a[0] = withAttachments(forPupil(a[0], "P1", 5), 3)
		a[1] = forPupil(a[1], "P2", 1)
		a[2] = withAttachments(forPupil(a[2], "P1", 2), 1)
		a[3] = forPupil(a[3], "P3", 1) // not asked for
		a[4] = forPupil(a[4], "P1", 2) // same time as a[2]: by id
		b[0] = withAttachments(forPupil(b[0], "P2", 1), 2)
		b[1] = withAttachments(forPupil(b[1], "P1", 0), 1) // erased below
		b[2] = forPupil(b[2], "P2", 9)
		ingest(t, s, 1, a, stored, stored, stored, stored, stored)
		ingest(t, s, 2, b, stored, stored, stored)
		ingest(t, s, 3, one(rebody(a[0], "copy")), conflict) // quarantined: never a record
		must(t, "Erase", s.Erase(ctx, b[1].ID, "the parent asked", base.Add(secs(4))))
		at := map[string]int{}
		for _, r := range a {
			at[r.ID] = 1
		}
		for _, r := range b {
			at[r.ID] = 2
		}
		want := []hub.Incoming{a[0], a[1], a[2], a[4], b[0], b[2]}
		for _, withData := range []bool{true, false} {
			wantPupilRecords(t, s, []string{"P2", "P1", "P9", "P1"}, withData, want, at)
		}
		wantPupilRecords(t, s, []string{"P3"}, false, a[3:4], at)
		wantPupilRecords(t, s, []string{"P9"}, true, nil, at)
	})
	t.Run("ManyPupils", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		recs := newChain(d.ID, "a").take(40)
		upns := make([]string, 0, 2100)
		for i := range recs {
			recs[i] = withAttachments(forPupil(recs[i], fmt.Sprintf("U%04d", 2*i), i), 1)
		}
		for i := range cap(upns) { // more than any one statement's parameter limit, if a store binds each
			upns = append(upns, fmt.Sprintf("U%04d", i))
		}
		ingest(t, s, 1, recs)
		at := map[string]int{}
		for _, r := range recs {
			at[r.ID] = 1
		}
		wantPupilRecords(t, s, upns, true, recs, at)
	})
	t.Run("Adults", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		recs := newChain(d.ID, "a").take(4)
		recs[0] = withAttachments(forPupil(recs[0], "", 3), 2) // a visitor's own sign-off
		recs[1] = forPupil(recs[1], "P1", 1)
		recs[2] = withAttachments(forPupil(recs[2], "", 1), 1) // a member of staff's
		recs[3] = forPupil(recs[3], "", 2)                     // erased below
		ingest(t, s, 1, recs, stored, stored, stored, stored)
		must(t, "Erase", s.Erase(ctx, recs[3].ID, "retention ended", base.Add(secs(5))))
		at := map[string]int{}
		for _, r := range recs {
			at[r.ID] = 1
		}
		for _, withData := range []bool{true, false} {
			wantPupilRecords(t, s, []string{""}, withData, []hub.Incoming{recs[2], recs[0]}, at)
		}
		wantPupilRecords(t, s, []string{"P1"}, false, recs[1:2], at)
	})
}

// testPackHistory checks Packs.
func testPackHistory(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("Empty", func(t *testing.T) {
		got, err := open(t).Packs(ctx)
		must(t, "Packs", err)
		if len(got) != 0 {
			t.Errorf("Packs = %d packs, want none", len(got))
		}
	})
	t.Run("NewestFirst", func(t *testing.T) {
		s := open(t)
		var published []proto.PackManifest
		for i, v := range []string{"1.0", "1.1", "1.0", "2.0"} { // a version published again is listed again
			m := newPack(t, s, v, false, base.Add(time.Duration(i)*time.Hour))
			must(t, "PublishPack", s.PublishPack(ctx, m, m.PublishedAt))
			published = append(published, m)
		}
		bad := newPack(t, s, "3.0", true, base.Add(9*time.Hour))
		wantErr(t, "PublishPack", s.PublishPack(ctx, bad, bad.PublishedAt), hub.ErrNotFound)
		got, err := s.Packs(ctx)
		must(t, "Packs", err)
		if len(got) != len(published) {
			t.Fatalf("Packs = %d packs, want %d", len(got), len(published))
		}
		for i, g := range got {
			w := published[len(published)-1-i]
			if g.ID != w.ID || g.Version != w.Version || g.Fingerprint != w.Fingerprint ||
				fmt.Sprint(g.Files) != fmt.Sprint(w.Files) {
				t.Errorf("Packs[%d] = %+v, want %+v", i, g, w)
			}
			sameTime(t, fmt.Sprintf("Packs[%d].PublishedAt", i), g.PublishedAt, w.PublishedAt)
		}
		current, err := s.CurrentPack(ctx)
		must(t, "CurrentPack", err)
		if current.Version != got[0].Version || !current.PublishedAt.Equal(got[0].PublishedAt) {
			t.Errorf("Packs[0] is %s, but CurrentPack is %s", got[0].Version, current.Version)
		}
	})
}

// note is a draft of pupil upn, started n minutes and updated n+u minutes
// after base.
func note(id, upn string, n, u int) record.DraftNote {
	return record.DraftNote{ID: id, PupilRef: upn, StartedAt: base.Add(time.Duration(n) * time.Minute),
		UpdatedAt: base.Add(time.Duration(n+u) * time.Minute)}
}

func putDrafts(tb testing.TB, s hub.Store, dev hub.Device, at int, notes ...record.DraftNote) {
	tb.Helper()
	must(tb, "PutDrafts", s.PutDrafts(context.Background(), dev.ID, notes, base.Add(secs(at))))
}

// report is what Drafts should say of n, reported by dev at at.
type report struct {
	note record.DraftNote
	dev  hub.Device
	at   int
}

func wantDrafts(tb testing.TB, s hub.Store, want ...report) {
	tb.Helper()
	got, err := s.Drafts(context.Background())
	must(tb, "Drafts", err)
	if len(got) != len(want) {
		tb.Errorf("Drafts = %+v, want %d", got, len(want))
		return
	}
	for i, w := range want {
		g, p := got[i], fmt.Sprintf("Drafts[%d] ", i)
		if g.ID != w.note.ID || g.PupilRef != w.note.PupilRef || g.DeviceID != w.dev.ID {
			tb.Errorf("%s= %s %s %s, want %s %s %s", p, g.ID, g.PupilRef, g.DeviceID, w.note.ID, w.note.PupilRef, w.dev.ID)
			continue
		}
		sameTime(tb, p+"StartedAt", g.StartedAt, w.note.StartedAt)
		sameTime(tb, p+"UpdatedAt", g.UpdatedAt, w.note.UpdatedAt)
		sameTime(tb, p+"ReportedAt", g.ReportedAt, base.Add(secs(w.at)))
	}
}

func testDrafts(t *testing.T, open opener) {
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		wantDrafts(t, s)
		d := enrolled(t, s, 1)[0]
		putDrafts(t, s, d, 1)
		wantDrafts(t, s)
	})
	t.Run("ReplacedPerDevice", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 2)
		n1, n2, n3 := note("d-1", "P2", 0, 3), note("d-2", "P1", 0, 5), note("d-3", "P1", 1, 1)
		putDrafts(t, s, devs[0], 1, n1, n2)
		putDrafts(t, s, devs[1], 2, n3)
		wantDrafts(t, s, report{n3, devs[1], 2}, report{n2, devs[0], 1}, report{n1, devs[0], 1})

		n4 := note("d-4", "P3", 2, 0)
		n4.StartedAt = time.Time{} // zero times come back zero
		putDrafts(t, s, devs[0], 3, n4, n2)
		wantDrafts(t, s, report{n3, devs[1], 2}, report{n2, devs[0], 3}, report{n4, devs[0], 3})

		putDrafts(t, s, devs[1], 4)
		wantDrafts(t, s, report{n2, devs[0], 3}, report{n4, devs[0], 3})
	})
	t.Run("TwiceIsAnError", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		n1, n2 := note("d-1", "P1", 0, 1), note("d-2", "P2", 0, 1)
		putDrafts(t, s, d, 1, n1)
		err := s.PutDrafts(context.Background(), d.ID, []record.DraftNote{n2, n2}, base.Add(secs(2)))
		if err == nil {
			t.Error("PutDrafts with an id listed twice: no error")
		}
		wantDrafts(t, s, report{n1, d, 1})
	})
	t.Run("RecordsHideDrafts", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		recs := newChain(d.ID, "a").take(3)
		kept, saved, erased := note("d-kept", "P1", 0, 1), note(recs[0].ID, "P1", 0, 2), note(recs[1].ID, "P2", 0, 3)
		putDrafts(t, s, d, 1, kept, saved, erased)
		wantDrafts(t, s, report{kept, d, 1}, report{saved, d, 1}, report{erased, d, 1})
		ingest(t, s, 2, recs, stored, stored, stored)
		wantDrafts(t, s, report{kept, d, 1})
		must(t, "Erase", s.Erase(context.Background(), recs[1].ID, "test", base.Add(secs(3))))
		wantDrafts(t, s, report{kept, d, 1}) // an erased record's draft stays hidden
	})
}
