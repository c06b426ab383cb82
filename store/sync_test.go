package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

func TestStore_SignRequest(t *testing.T) {
	s := mustOpen(t)
	if got := s.DeviceID(); got != s.Device().ID || got != record.DeviceID(s.Device().PublicKey) {
		t.Errorf("DeviceID = %q, want %q", got, s.Device().ID)
	}
	msg := []byte("POST\n/v1/records:batch\n…")
	sig := s.SignRequest(msg)
	if err := record.VerifyAs(s.Device().PublicKey, record.RequestContext, msg, sig); err != nil {
		t.Errorf("request signature: %v", err)
	}
	if record.Verify(s.Device().PublicKey, msg, sig) == nil {
		t.Error("a request signature also passes as a record signature")
	}
}

func TestStore_Setting(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		if v, err := s.Setting(ctx, "hub.link"); v != nil || err != nil {
			t.Fatalf("unset Setting = %q, %v; want nil, nil", v, err)
		}
		for _, want := range []string{`{"url":"a"}`, `{"url":"b"}`} {
			if err := s.SetSetting(ctx, "hub.link", []byte(want)); err != nil {
				t.Fatal(err)
			}
			if v, err := s.Setting(ctx, "hub.link"); string(v) != want || err != nil {
				t.Errorf("Setting = %q, %v; want %q", v, err, want)
			}
		}
		if err := s.SetSetting(ctx, "hub.link", nil); err != nil {
			t.Fatal(err)
		}
		if v, err := s.Setting(ctx, "hub.link"); v != nil || err != nil {
			t.Errorf("after setting nil: %q, %v; want nil, nil", v, err)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		s := mustOpen(t)
		if err := s.SetSetting(ctx, "", []byte("x")); err == nil {
			t.Error("SetSetting with no key succeeded")
		}
	})
}

// saveN saves n records for the fixture's pupil, each with a mark, and
// returns their ids in order.
func (f fixture) saveN(t *testing.T, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		b := f.body(i)
		mark := Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: bytes.Repeat([]byte{byte(i + 1)}, 64)}
		if err := f.s.SaveRecord(context.Background(), b, mark); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	return ids
}

func stateOf(t *testing.T, s *Store, id string) (state, reason string) {
	t.Helper()
	var r sql.NullString
	if err := s.db.QueryRow(`SELECT state, reason FROM outbox WHERE record_id = ?`, id).Scan(&state, &r); err != nil {
		t.Fatal(err)
	}
	return state, r.String
}

func TestStore_PendingRecords(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ids := f.saveN(t, 4)
	if err := f.s.SaveAcks(ctx, []record.Ack{{ID: ids[1], Status: "stored", Receipt: []byte("{}")}}, f.s.Now()); err != nil {
		t.Fatal(err)
	}
	// The mark of the last record was erased while it waited.
	if _, err := f.s.db.Exec(`UPDATE record_attachments SET sealed = NULL, erased_at = 'x'
		WHERE record_id = ? AND kind = ?`, ids[3], record.AttachPupilMark); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := f.s.PendingRecords(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].ID != ids[0] || got[1].ID != ids[2] || got[2].ID != ids[3] {
			t.Fatalf("pending = %v, want %s, %s, %s in order", idsOf(got), ids[0], ids[2], ids[3])
		}
		for _, rec := range got {
			b, err := record.Open(f.s.Device().PublicKey, rec.Body, rec.Signature)
			if err != nil || b.ID != rec.ID {
				t.Fatalf("record %s: %v", rec.ID, err)
			}
			want := len(b.Attachments) // display name, adult name, mark
			if rec.ID == ids[3] {
				want-- // the erased mark is left out
			}
			if len(rec.Attachments) != want {
				t.Errorf("record %s: %d enclosures, want %d", rec.ID, len(rec.Attachments), want)
			}
			for _, e := range rec.Attachments {
				if err := record.CheckAttachment(b.Attachments[e.Position], e.Salt, e.Data); err != nil {
					t.Errorf("record %s enclosure %d: %v", rec.ID, e.Position, err)
				}
			}
		}
		if string(got[0].Attachments[0].Data) != "Ada Lovelace" {
			t.Errorf("first enclosure = %q, want the pupil's display name", got[0].Attachments[0].Data)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		got, err := f.s.PendingRecords(ctx, 2)
		if err != nil || len(got) != 2 || got[0].ID != ids[0] || got[1].ID != ids[2] {
			t.Errorf("PendingRecords(2) = %v, %v", idsOf(got), err)
		}
	})
	t.Run("ErrSealBroken", func(t *testing.T) {
		f := newFixture(t)
		id := f.saveN(t, 1)[0]
		tamper(t, f.s.db, `UPDATE record_attachments SET sealed = X'00112233445566778899' WHERE record_id = ? AND position = 2`, id)
		if _, err := f.s.PendingRecords(ctx, 0); err == nil || !strings.Contains(err.Error(), id) {
			t.Errorf("err = %v, want one naming record %s", err, id)
		}
	})
}

func idsOf(recs []record.Signed) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestStore_SaveAcks(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2025, 9, 9, 14, 5, 0, 0, time.UTC)
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		ids := f.saveN(t, 4)
		acks := []record.Ack{
			{ID: ids[0], Status: "stored", Receipt: []byte(`{"body":"r0"}`)},
			{ID: ids[1], Status: "duplicate", Receipt: []byte(`{"body":"r1"}`)},
			{ID: ids[2], Status: "conflict", Reason: "The hub holds a different record with this id."},
		}
		if err := f.s.SaveAcks(ctx, acks, at); err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{signoff.OutboxAcked, signoff.OutboxAcked, signoff.OutboxConflict, signoff.OutboxPending} {
			if got, _ := stateOf(t, f.s, ids[i]); got != want {
				t.Errorf("record %d: state %s, want %s", i, got, want)
			}
		}
		var receipt []byte
		var ackedAt string
		f.s.db.QueryRow(`SELECT receipt, acked_at FROM outbox WHERE record_id = ?`, ids[0]).Scan(&receipt, &ackedAt)
		if string(receipt) != `{"body":"r0"}` || ackedAt != "2025-09-09T14:05:00Z" {
			t.Errorf("receipt %q, acked_at %q", receipt, ackedAt)
		}
		if n, _ := f.s.Unsynced(ctx); n != 1 {
			t.Errorf("Unsynced = %d, want 1", n)
		}
		log, _ := f.s.AuditLog(ctx, 1)
		if log[0].Action != AuditSynced || log[0].Detail != "2 acknowledged, 1 conflict, 0 invalid" {
			t.Errorf("audit = %+v", log[0])
		}
	})
	t.Run("ErrUnknownRecord", func(t *testing.T) {
		f := newFixture(t)
		ids := f.saveN(t, 2)
		before := count(t, f.s, "audit_log")
		acks := []record.Ack{{ID: ids[0], Status: "stored"}, {ID: record.NewID(), Status: "stored"}, {ID: ids[1], Status: "invalid", Reason: "x"}}
		err := f.s.SaveAcks(ctx, acks, at)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		for _, id := range ids {
			if got, _ := stateOf(t, f.s, id); got != signoff.OutboxPending {
				t.Errorf("record %s is %s after a refused batch, want pending", id, got)
			}
		}
		if got := count(t, f.s, "audit_log"); got != before {
			t.Errorf("audit entries %d, want %d", got, before)
		}
	})
	t.Run("ErrUnknownStatus", func(t *testing.T) {
		f := newFixture(t)
		ids := f.saveN(t, 1)
		if err := f.s.SaveAcks(ctx, []record.Ack{{ID: ids[0], Status: "maybe"}}, at); err == nil {
			t.Fatal("an unknown status was saved")
		}
		if got, _ := stateOf(t, f.s, ids[0]); got != signoff.OutboxPending {
			t.Errorf("state %s, want pending", got)
		}
	})
}

func TestStore_Rejected(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ids := f.saveN(t, 3)
	if got, err := f.s.Rejected(ctx); len(got) != 0 || err != nil {
		t.Fatalf("Rejected before any answer = %v, %v", got, err)
	}
	acks := []record.Ack{
		{ID: ids[2], Status: "invalid", Reason: "The record's signature does not match."},
		{ID: ids[0], Status: "conflict", Reason: "The hub holds a different record with this id."},
		{ID: ids[1], Status: "stored"},
	}
	if err := f.s.SaveAcks(ctx, acks, f.s.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Rejected(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("Rejected = %+v, %v", got, err)
	}
	want := RejectedRecord{RecordID: ids[0], PupilID: f.pupil.ID, Form: "pupil-b",
		SignedAt: time.Date(2025, 9, 8, 10, 3, 0, 0, time.UTC), State: signoff.OutboxConflict, Reason: acks[1].Reason}
	if got[0] != want || got[1].RecordID != ids[2] || got[1].State != signoff.OutboxInvalid {
		t.Errorf("Rejected = %+v\nwant first %+v", got, want)
	}
}

func TestStore_PurgeAttachments(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ids := f.saveN(t, 4)
	early, late := time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC), time.Date(2025, 9, 20, 9, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.s.SaveAcks(ctx, []record.Ack{{ID: ids[0], Status: "stored"}}, early))
	must(f.s.SaveAcks(ctx, []record.Ack{{ID: ids[1], Status: "duplicate"}}, late))
	must(f.s.SaveAcks(ctx, []record.Ack{{ID: ids[2], Status: "conflict", Reason: "x"}}, early))
	// ids[3] stays pending.
	n, err := f.s.PurgeAttachments(ctx, time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 1 {
		t.Fatalf("PurgeAttachments = %d, %v; want 1", n, err)
	}
	for i, erased := range []bool{true, false, false, false} {
		atts, err := f.s.RecordAttachments(ctx, ids[i])
		if err != nil || len(atts) != 3 {
			t.Fatalf("record %d attachments: %d, %v", i, len(atts), err)
		}
		for _, a := range atts {
			if (a.Data == nil) != erased {
				t.Errorf("record %d %s: data %d bytes, erased should be %v", i, a.Kind, len(a.Data), erased)
			}
		}
	}
	if n, err := f.s.PurgeAttachments(ctx, late.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("second purge = %d, %v; want 1 (the later ack only)", n, err)
	}
	if n, err := f.s.PurgeAttachments(ctx, late.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("third purge = %d, %v; want 0", n, err)
	}
	if recs, err := f.s.Records(ctx); err != nil || len(recs) != 4 {
		t.Errorf("Records after purging = %d, %v", len(recs), err)
	}
	if pending, err := f.s.PendingRecords(ctx, 0); err != nil || len(pending) != 1 || len(pending[0].Attachments) != 3 {
		t.Errorf("the pending record lost its attachments: %+v, %v", pending, err)
	}
	must(f.s.SetSetting(ctx, "hub.status", []byte(`{"failure":""}`)))
	f.s.Close()
	rep, err := VerifyData(ctx, filepath.Dir(f.s.path), nil)
	if err != nil || !rep.OK() {
		t.Errorf("verify after purging: %v, %+v", err, rep)
	}
	f.s = openAt(t, f.s.path) // for the fixture's cleanup
}

func TestStore_ApplyRoster(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Store, []Pupil) {
		s := mustOpen(t)
		var ps []Pupil
		for i, name := range []string{"Ada", "Ben", "Cat"} {
			p := testPupil(i+1, name, "Example", "Oak", "b")
			p.ID = mustAddPupil(t, s, p)
			ps = append(ps, p)
		}
		return s, ps
	}
	entry := func(p Pupil) signoff.Pupil {
		return signoff.Pupil{UPN: p.UPN, GivenName: p.GivenName, FamilyName: p.FamilyName, Class: p.Class, Year: p.Year}
	}
	t.Run("OK", func(t *testing.T) {
		s, ps := setup(t)
		ada := entry(ps[0])
		ada.Class, ada.Band = "Willow", "c"
		newcomer := signoff.Pupil{UPN: " " + strings.ToLower(demoUPN(950)), GivenName: "Dee", FamilyName: "Newman", Class: "Oak", Year: "Year 7"}
		// Ben and Cat leave: two of three, which a file would need confirming.
		if err := s.ApplyRoster(ctx, []signoff.Pupil{ada, newcomer}); err != nil {
			t.Fatal(err)
		}
		got := pupilByUPN(t, s, ps[0].UPN)
		if got.Class != "Willow" || got.Band != "c" || !got.Active {
			t.Errorf("Ada = %+v", got)
		}
		dee := pupilByUPN(t, s, demoUPN(950))
		if dee.Name() != "Dee Newman" || dee.Band != "a" || !dee.Active {
			t.Errorf("new pupil = %+v", dee)
		}
		for _, p := range ps[1:] {
			if got := pupilByUPN(t, s, p.UPN); got.Active {
				t.Errorf("%s is still active", p.UPN)
			}
		}
		log, _ := s.AuditLog(ctx, 1)
		if log[0].Action != AuditRosterImported || log[0].StaffID != 0 || log[0].Detail != "from the hub: 1 added, 1 updated, 2 left" {
			t.Errorf("audit = %+v", log[0])
		}
		if err := s.ApplyRoster(ctx, []signoff.Pupil{ada, newcomer}); err != nil {
			t.Fatal(err)
		}
		if log, _ := s.AuditLog(ctx, 1); log[0].Detail != "from the hub: 0 added, 0 updated, 0 left" {
			t.Errorf("applying the same list again: %+v", log[0])
		}
	})
	bad := map[string]func(ps []Pupil) []signoff.Pupil{
		"ErrBadUPN": func(ps []Pupil) []signoff.Pupil {
			e := entry(ps[1])
			e.UPN = "B" + e.UPN[1:] // wrong check letter
			return []signoff.Pupil{entry(ps[0]), e}
		},
		"ErrBadBand": func(ps []Pupil) []signoff.Pupil {
			e := entry(ps[1])
			e.Band = "Ben Example"
			return []signoff.Pupil{entry(ps[0]), e}
		},
		"ErrNoName": func(ps []Pupil) []signoff.Pupil {
			e := entry(ps[1])
			e.GivenName = " "
			return []signoff.Pupil{entry(ps[0]), e}
		},
		"ErrDuplicate": func(ps []Pupil) []signoff.Pupil { return []signoff.Pupil{entry(ps[0]), entry(ps[0])} },
		"ErrEmpty":     func([]Pupil) []signoff.Pupil { return nil },
	}
	for name, list := range bad {
		t.Run(name, func(t *testing.T) {
			s, ps := setup(t)
			before, audits := pupilsSnapshot(t, s), count(t, s, "audit_log")
			err := s.ApplyRoster(ctx, list(ps))
			if err == nil {
				t.Fatal("a bad roster was applied")
			}
			for _, p := range ps {
				if strings.Contains(err.Error(), p.GivenName) {
					t.Errorf("the error names a pupil: %v", err)
				}
			}
			if after := pupilsSnapshot(t, s); strings.Join(after, "\n") != strings.Join(before, "\n") || count(t, s, "audit_log") != audits {
				t.Error("a refused roster changed the pupils or the audit log")
			}
		})
	}
}

func TestStore_OnCommit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var calls, unsynced []int
	f.s.SetOnCommit(func() {
		n, err := f.s.Unsynced(ctx) // would block inside the save's transaction
		if err != nil {
			t.Error(err)
		}
		unsynced = append(unsynced, n)
		calls = append(calls, len(calls)+1)
	})
	b := f.body(0)
	f.mustSave(t, b)
	if err := f.s.SaveRecord(ctx, b); !errors.Is(err, ErrAlreadySaved) {
		t.Fatalf("saving again: %v", err)
	}
	if len(calls) != 1 || unsynced[0] != 1 {
		t.Errorf("OnCommit calls %v, unsynced then %v; want one call, after the commit", calls, unsynced)
	}
	f.s.SetOnCommit(nil)
	f.mustSave(t, f.body(1))
	if len(calls) != 1 {
		t.Errorf("OnCommit called after it was cleared")
	}
}

// TestMigrate_SyncOnExisting opens, with every migration, a database left
// at 0003 with a record waiting in the outbox: 0004 applies on top, and
// the record is still waiting.
func TestMigrate_SyncOnExisting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), DatabaseFile)
	db, err := sql.Open("sqlite", "file:"+path+dsnOptions)
	if err != nil {
		t.Fatal(err)
	}
	upTo0003 := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_signed_records.sql", "0003_adults.sql"} {
		for k, v := range onlyMigration(t, name).(fstest.MapFS) {
			upTo0003[k] = v
		}
	}
	if err := migrate(ctx, db, upTo0003); err != nil {
		t.Fatal(err)
	}
	id := record.NewID()
	for _, q := range []string{
		`INSERT INTO pupils VALUES (1, 'A999', X'00', X'00', 'Oak', 'Year 8', 'b', 'en-GB', '{}', 1, 'x', 'x')`,
		`INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash, created_at) VALUES (1, X'00', 'ta', X'00', X'00', 'x')`,
		`INSERT INTO records (record_id, kind, pupil_id, form_id, band, band_alias, pack_id, pack_version,
			pack_fingerprint, staff_id, started_at, signed_at, body, body_hash, created_at, device_id, device_seq)
			VALUES ('` + id + `', 'agreement', 1, 'f', 'b', 'P7', 'p', '1', 'fp', 1, 'x', 'x', X'7B7D', 'h', 'x', 'd', 1)`,
		`INSERT INTO outbox (record_id, created_at, updated_at) VALUES ('` + id + `', 'x', 'x')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := open(ctx, path) // as Open, without the day's backup
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	applied := map[string]bool{}
	rows, _ := s.db.Query(`SELECT name FROM schema_migrations`)
	for rows.Next() {
		var name string
		rows.Scan(&name)
		applied[name] = true
	}
	rows.Close()
	if !applied["0004_sync.sql"] || len(applied) != len(migrationNames(t)) {
		t.Errorf("applied = %v", applied)
	}
	if n, err := s.Unsynced(ctx); n != 1 || err != nil {
		t.Errorf("Unsynced after 0004 = %d, %v; want 1", n, err)
	}
	if state, reason := stateOf(t, s, id); state != signoff.OutboxPending || reason != "" {
		t.Errorf("outbox row = %s, %q", state, reason)
	}
	if err := s.SetSetting(ctx, "hub.link", []byte("{}")); err != nil {
		t.Errorf("settings after 0004: %v", err)
	}
}
