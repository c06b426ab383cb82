package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

func visitAtts(name, org, visiting string) []Attachment {
	visit, _ := json.Marshal(record.VisitDetails{Organisation: org, Visiting: visiting})
	return []Attachment{{Kind: record.AttachSignatoryName, MediaType: textPlain, Data: []byte(name)},
		{Kind: record.AttachVisit, MediaType: "application/json", Data: visit},
		{Kind: record.AttachSignatorySig, MediaType: "image/png", Data: []byte("\x89PNG signature")}}
}

func visitBody(ref, kind, version string, at time.Time) *record.Body {
	s := signoff.Signing{Pack: record.PackRef{ID: "demo", Version: version, Fingerprint: "sha256:abc"}, StartedAt: at, SignedAt: at}
	return signoff.Declaration(s, signoff.Signatory{Kind: kind, Ref: ref, Language: "en-GB"},
		signoff.FormRef{ID: "visitor"}, []string{"visitor.scope.1", "visitor.scope.2"})
}

// A visitor who read this version this school year is found by their
// name, however it is typed, and signs in without reading; a different
// version, last school year's reading or another name is not found, and
// someone not in the book cannot skip the reading.
func TestStore_VisitorBook(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first := time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)
	if err := f.s.SaveVisit(ctx, visitBody("v-1", record.SignatoryVolunteer, "2025.1", first), false,
		visitAtts("Robin Hill", "Reading Friends", "Class Oak")...); err == nil {
		t.Fatal("a visitor not in the book was saved without reading the form")
	}
	if err := f.s.SaveVisit(ctx, visitBody("v-1", record.SignatoryVolunteer, "2025.1", first), true,
		visitAtts("Robin Hill", "Reading Friends", "Class Oak")...); err != nil {
		t.Fatal(err)
	}
	year := SchoolYearStart(first)
	if want := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC); !year.Equal(want) {
		t.Errorf("school year of %v starts %v, want %v", first, year, want)
	}
	for _, typed := range []string{"Robin Hill", "  robin   HILL ", "robin hill."} {
		v, ok, err := f.s.FindVisitor(ctx, typed, "visitor", "2025.1", year)
		if err != nil || !ok || v.Ref != "v-1" || v.Organisation != "Reading Friends" || v.Kind != record.SignatoryVolunteer {
			t.Errorf("FindVisitor(%q) = %+v, %v, %v; want Robin Hill of Reading Friends", typed, v, ok, err)
		}
	}
	for _, miss := range []struct{ name, version string }{{"Robin Hil", "2025.1"}, {"Robin Hill", "2026.1"}, {"", "2025.1"}} {
		if _, ok, _ := f.s.FindVisitor(ctx, miss.name, "visitor", miss.version, year); ok {
			t.Errorf("FindVisitor(%q, %s) found someone", miss.name, miss.version)
		}
	}
	if _, ok, _ := f.s.FindVisitor(ctx, "Robin Hill", "visitor", "2025.1", SchoolYearStart(first.AddDate(1, 0, 0))); ok {
		t.Error("last school year's reading counted this year")
	}

	// The second visit signs in without reading: the book keeps when they read.
	second := first.AddDate(0, 2, 0)
	if err := f.s.SaveVisit(ctx, visitBody("v-1", record.SignatoryVolunteer, "2025.1", second), false,
		visitAtts("Robin Hill", "Reading Friends", "Class Elm")...); err != nil {
		t.Fatal(err)
	}
	v, _, _ := f.s.FindVisitor(ctx, "robin hill", "visitor", "2025.1", year)
	if !v.ReadAt.Equal(first) || !v.LastVisit.Equal(second) {
		t.Errorf("after a return visit: read %v, last visit %v; want %v and %v", v.ReadAt, v.LastVisit, first, second)
	}
	var sealedName []byte
	if err := f.s.db.QueryRow(`SELECT name FROM visitors WHERE ref = 'v-1'`).Scan(&sealedName); err != nil {
		t.Fatal(err)
	}
	if string(sealedName) == "Robin Hill" || len(sealedName) == 0 {
		t.Error("the visitor's name is kept in plain text")
	}
}

// The retention erase takes the visitor-book entry and the attachments of
// records the hub holds, keeps what the hub has not yet got, and leaves
// every record verifying.
func TestStore_EraseVisitors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	old := time.Date(2024, 10, 1, 9, 0, 0, 0, time.UTC)
	recent := time.Date(2025, 9, 20, 9, 0, 0, 0, time.UTC)
	gone, waiting, kept := visitBody("v-old", record.SignatoryVisitor, "2025.1", old),
		visitBody("v-wait", record.SignatoryVisitor, "2025.1", old.Add(time.Hour)),
		visitBody("v-new", record.SignatoryVisitor, "2025.1", recent)
	for i, b := range []*record.Body{gone, waiting, kept} {
		if err := s.SaveVisit(ctx, b, true, visitAtts([]string{"Old Visitor", "Waiting Visitor", "New Visitor"}[i], "Org", "Office")...); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveAcks(ctx, []record.Ack{{ID: gone.ID, Status: "stored", Receipt: []byte("{}")},
		{ID: kept.ID, Status: "stored", Receipt: []byte("{}")}}, recent); err != nil {
		t.Fatal(err)
	}
	n, err := s.EraseVisitors(ctx, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 2 {
		t.Fatalf("EraseVisitors = %d, %v; want the two visitors of 2024", n, err)
	}
	erased := func(id string) (out []bool) {
		atts, err := s.RecordAttachments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range atts {
			out = append(out, a.Data == nil)
		}
		return out
	}
	for _, c := range []struct {
		id   string
		want bool
		what string
	}{{gone.ID, true, "the lapsed visitor the hub holds"}, {waiting.ID, false, "the lapsed visitor the hub has not got"},
		{kept.ID, false, "this year's visitor"}} {
		got := erased(c.id)
		if len(got) != 3 {
			t.Fatalf("%s: %d attachments, want 3", c.what, len(got))
		}
		for _, e := range got {
			if e != c.want {
				t.Errorf("%s: attachments erased %v, want %v", c.what, got, c.want)
				break
			}
		}
	}
	for _, name := range []string{"Old Visitor", "Waiting Visitor"} {
		if _, ok, _ := s.FindVisitor(ctx, name, "visitor", "2025.1", time.Time{}); ok {
			t.Errorf("%s is still in the visitor book", name)
		}
	}
	if _, ok, _ := s.FindVisitor(ctx, "New Visitor", "visitor", "2025.1", time.Time{}); !ok {
		t.Error("this year's visitor left the book")
	}

	// Once the hub acknowledges the waiting record, the next erase takes it.
	if err := s.SaveAcks(ctx, []record.Ack{{ID: waiting.ID, Status: "stored", Receipt: []byte("{}")}}, recent); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseVisitors(ctx, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if got := erased(waiting.ID); !got[0] || !got[2] {
		t.Errorf("the acknowledged lapsed record's attachments erased %v, want all", got)
	}
	s.Close()
	rep, err := VerifyData(ctx, dir, nil)
	if err != nil || !rep.OK() {
		t.Fatalf("verify after the erase: %v %+v", err, rep)
	}
}

// A member of staff has signed the staff form at a version until a void
// withdraws it.
func TestStore_StaffSigned(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, ok, err := f.s.StaffSigned(ctx, f.staffID, "staff", "2025.1"); ok || err != nil {
		t.Fatalf("before signing: %v %v", ok, err)
	}
	at := time.Date(2025, 9, 8, 8, 0, 0, 0, time.UTC)
	s := signoff.Signing{Pack: record.PackRef{ID: "demo", Version: "2025.1", Fingerprint: "sha256:abc"}, StartedAt: at, SignedAt: at}
	own := signoff.Declaration(s, signoff.Staff(f.staffID, "en-GB"), signoff.FormRef{ID: "staff"}, []string{"staff.scope.1"})
	f.mustSave(t, own)
	if got, ok, err := f.s.StaffSigned(ctx, f.staffID, "staff", "2025.1"); !ok || err != nil || !got.Equal(at) {
		t.Errorf("after signing: %v %v %v", got, ok, err)
	}
	if _, ok, _ := f.s.StaffSigned(ctx, f.staffID, "staff", "2026.1"); ok {
		t.Error("signing 2025.1 counted for 2026.1")
	}
	void := signoff.Void(signoff.Signing{SignedAt: at.Add(time.Hour), Adult: record.AdultRef{StaffID: f.staffID, Role: RoleTA, Reason: "other"}}, own)
	f.mustSave(t, void)
	if _, ok, _ := f.s.StaffSigned(ctx, f.staffID, "staff", "2025.1"); ok {
		t.Error("a voided declaration still counts")
	}
}
