package hubtest

import (
	"context"
	"testing"

	"smartkiosk/hub"
)

func testRecords(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("RecordErrNotFound", func(t *testing.T) {
		wantNoRecord(t, open(t), "rec-none")
	})
	t.Run("DeviceRecords", func(t *testing.T) {
		s := open(t)
		devs := enrolled(t, s, 2)
		a := newChain(devs[0].ID, "a").take(3)
		b := newChain(devs[1].ID, "b").take(2)
		a[1] = withAttachments(a[1], 2)
		ingest(t, s, 1, one(a[2], b[1], a[0]), stored, stored, stored)
		ingest(t, s, 2, one(b[0], a[1]), stored, stored)
		list, err := s.DeviceRecords(ctx, devs[0].ID)
		must(t, "DeviceRecords", err)
		if len(list) != 3 {
			t.Fatalf("DeviceRecords lists %d, want 3", len(list))
		}
		for i, at := range []int{1, 2, 1} {
			checkStored(t, list[i], a[i], at, false)
		}
		none, err := s.DeviceRecords(ctx, newDevice(7).ID)
		if err == nil && len(none) != 0 {
			t.Errorf("an unknown device has %d records", len(none))
		}
		wantCount(t, s, 5)
	})
	t.Run("CountRecords", func(t *testing.T) {
		s := open(t)
		wantCount(t, s, 0)
		d := enrolled(t, s, 1)[0]
		recs := newChain(d.ID, "a").take(4)
		ingest(t, s, 1, recs[:3], stored, stored, stored)
		ingest(t, s, 2, one(rebody(recs[0], "q"), recs[3]), conflict, stored)
		must(t, "Erase", s.Erase(ctx, recs[1].ID, "test", base))
		wantCount(t, s, 3) // 4 stored, 1 quarantined not counted, 1 erased
	})
}

func testErase(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		c := newChain(d.ID, "a")
		r1, r2 := withAttachments(c.next(), 2), withAttachments(c.next(), 1)
		ingest(t, s, 1, one(r1, r2), stored, stored)
		must(t, "Erase", s.Erase(ctx, r1.ID, "the parent asked", base.Add(secs(2))))
		wantNoRecord(t, s, r1.ID)
		wantRecord(t, s, r2, 1)
		wantCount(t, s, 1)
		list, err := s.DeviceRecords(ctx, d.ID)
		must(t, "DeviceRecords", err)
		if len(list) != 1 || list[0].ID != r2.ID {
			t.Errorf("DeviceRecords after Erase lists %d records, want only %s", len(list), r2.ID)
		}
	})
	t.Run("NeverStoredAgain", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		r := withAttachments(newChain(d.ID, "a").next(), 2)
		ingest(t, s, 1, one(r), stored)
		must(t, "Erase", s.Erase(ctx, r.ID, "the parent asked", base.Add(secs(2))))
		ingest(t, s, 3, one(r), duplicate)
		ingest(t, s, 4, one(rebody(r, "other")), duplicate)
		wantNoRecord(t, s, r.ID)
		wantCount(t, s, 0)
		wantQuarantined(t, s, nil)
	})
	t.Run("QuarantinedCopiesGo", func(t *testing.T) {
		s := open(t)
		d := enrolled(t, s, 1)[0]
		r := withAttachments(newChain(d.ID, "a").next(), 1)
		ingest(t, s, 1, one(r), stored)
		ingest(t, s, 2, one(rebody(r, "other")), conflict)
		must(t, "Erase", s.Erase(ctx, r.ID, "the parent asked", base.Add(secs(3))))
		wantQuarantined(t, s, nil)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		wantErr(t, "Erase", s.Erase(ctx, "rec-none", "test", base), hub.ErrNotFound)
	})
}

// testEraseAttachments checks EraseAttachments: the data and salt go,
// kind, type and hash stay, the record stays; others are untouched; a
// second erase, or of records without data or unknown ids, counts 0.
func testEraseAttachments(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t)
	d := enrolled(t, s, 1)[0]
	c := newChain(d.ID, "a")
	r1, r2, r3 := withAttachments(c.next(), 3), withAttachments(c.next(), 2), c.next()
	ingest(t, s, 1, one(r1, r2, r3), stored, stored, stored)
	n, err := s.EraseAttachments(ctx, []string{r1.ID, r3.ID, "rec-none"})
	must(t, "EraseAttachments", err)
	if n != 1 {
		t.Errorf("EraseAttachments counted %d records, want 1 (r3 has no attachments)", n)
	}
	wantRecord(t, s, withoutData(r1), 1)
	wantRecord(t, s, r2, 1)
	wantRecord(t, s, r3, 1)
	wantCount(t, s, 3)
	n, err = s.EraseAttachments(ctx, []string{r1.ID})
	must(t, "EraseAttachments again", err)
	if n != 0 {
		t.Errorf("a second EraseAttachments counted %d records, want 0", n)
	}
	if n, err := s.EraseAttachments(ctx, nil); err != nil || n != 0 {
		t.Errorf("EraseAttachments of no ids: %d, %v", n, err)
	}
}

// withoutData is in with its attachments' salt and data erased.
func withoutData(in hub.Incoming) hub.Incoming {
	in.Attachments = append([]hub.Attachment(nil), in.Attachments...)
	for i := range in.Attachments {
		in.Attachments[i].Salt, in.Attachments[i].Data = nil, nil
	}
	return in
}
