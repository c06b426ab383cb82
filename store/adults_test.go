package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// An adult's own sign-off (a member of staff signed in, a visitor at a
// self-service tablet) is stored, chained and verified like a pupil's,
// belongs to no pupil and stays out of the pupils' export.
func TestStore_AdultSignatories(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	signing := signoff.Signing{Pack: record.PackRef{ID: "demo", Version: "2025.1", Fingerprint: "sha256:abc"},
		StartedAt: time.Date(2025, 9, 8, 8, 0, 0, 0, time.UTC), SignedAt: time.Date(2025, 9, 8, 8, 6, 0, 0, time.UTC)}

	staff := signing
	staff.Adult = record.AdultRef{StaffID: f.staffID, Role: RoleTA}
	own := signoff.Declaration(staff, signoff.Staff(f.staffID, "en-GB"), signoff.FormRef{ID: "staff"},
		[]string{"staff.scope", "staff.devices"})
	if err := f.s.SaveRecord(ctx, own); err != nil {
		t.Fatalf("staff declaration: %v", err)
	}

	visitor := signoff.Declaration(signing, signoff.Signatory{Kind: record.SignatoryVisitor, Ref: "v-0001", Language: "en-GB"},
		signoff.FormRef{ID: "visitor"}, []string{"visitor.conduct"})
	if err := f.s.SaveRecord(ctx, visitor); !errors.Is(err, ErrNotFound) {
		t.Errorf("a visitor without a name: got %v, want ErrNotFound", err)
	}
	name := Attachment{Kind: record.AttachSignatoryName, MediaType: textPlain, Data: []byte("Robin Visitor")}
	if err := f.s.SaveRecord(ctx, visitor, name); err != nil {
		t.Fatalf("visitor declaration: %v", err)
	}
	f.mustSave(t, f.body(1))

	recs, err := f.s.Records(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	for _, r := range recs[:2] {
		if r.Body.Signatory == nil || r.Pupil.ID != 0 {
			t.Errorf("record %s: signatory %+v, pupil %d; want an adult's and no pupil", r.Body.ID, r.Body.Signatory, r.Pupil.ID)
		}
	}
	if recs[1].Adult.ID != 0 {
		t.Errorf("the self-service visitor's record has adult %d, want none", recs[1].Adult.ID)
	}
	atts, err := f.s.RecordAttachments(ctx, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 2 || atts[0].Kind != record.AttachSignatoryName || string(atts[0].Data) != "Sam Example" {
		t.Errorf("staff declaration attachments %+v, want the signatory's name then the adult's", atts)
	}

	entries, _, err := f.s.ExportEntries(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Body.PupilRef != f.pupil.UPN {
		t.Errorf("pupils' export has %d entries, want only the pupil's record", len(entries))
	}

	// A void of the visitor's record is a member of staff's, and only of
	// that visitor's record.
	void := signoff.Void(signoff.Signing{SignedAt: signing.SignedAt.Add(time.Hour),
		Adult: record.AdultRef{StaffID: f.staffID, Role: RoleTA, Reason: "other"}}, visitor)
	void.Supersedes = own.ID
	if err := f.s.SaveRecord(ctx, void); err == nil {
		t.Error("a void naming another signatory's record was saved")
	}
	void.Supersedes = visitor.ID
	if err := f.s.SaveRecord(ctx, void); err != nil {
		t.Fatalf("void of the visitor's record: %v", err)
	}

	rep, err := VerifyData(ctx, filepath.Dir(f.s.path), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Records != 4 {
		t.Errorf("verify: %d records, problems %v", rep.Records, rep.Problems)
	}
}
