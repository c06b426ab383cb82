package hub_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"smartkiosk/export"
	"smartkiosk/hub"
	"smartkiosk/store/record"
)

// A visitor whose last visit is older than the school's retention loses
// their name, signature and visit details on the hub, as on the tablets;
// their records stay and verify. A returning visitor's last visit counts
// for all of their visits, and staff are not visitors.
func TestRetention_LapsedVisitors(t *testing.T) {
	ctx := context.Background()
	s := receptionSchool(t)
	now := time.Now()
	ref := func(r string) func(*record.Body) { return func(b *record.Body) { b.Signatory.Ref = r } }
	old := now.AddDate(0, 0, -400)
	s.ids["olga"] = s.adult(t, record.SignatoryVisitor, "visitor", "Olga Old",
		&record.VisitDetails{Organisation: "Old Co", Visiting: "Mrs Blue"}, old, ref("v-olga"))
	s.ids["rita-1"] = s.adult(t, record.SignatoryVolunteer, "visitor", "Rita Return", nil, old, ref("v-rita"))
	s.ids["rita-2"] = s.adult(t, record.SignatoryVolunteer, "visitor", "Rita Return", nil, now.AddDate(0, 0, -10), ref("v-rita"))
	s.ids["stan"] = s.adult(t, record.SignatoryStaff, "staff", "Stan Staff", nil, old, nil)
	if err := s.sync.Once(ctx); err != nil {
		t.Fatal(err)
	}
	if err := hub.PutReception(ctx, s.store, hub.ReceptionSettings{VisitorRetentionDays: 365}, now); err != nil {
		t.Fatal(err)
	}
	n, err := s.srv.EraseLapsedVisitors(ctx)
	if err != nil || n != 1 {
		t.Fatalf("EraseLapsedVisitors: %d records, %v; want Olga's 1", n, err)
	}
	for who, erased := range map[string]bool{"olga": true, "rita-1": false, "rita-2": false, "stan": false, "vera": false} {
		rec, err := s.store.Record(ctx, s.ids[who])
		if err != nil {
			t.Fatalf("%s's record after the erase: %v", who, err)
		}
		for _, a := range rec.Attachments {
			if (a.Data == nil) != erased {
				t.Errorf("%s's %s: data held %v, want erased %v", who, a.Kind, a.Data != nil, erased)
			}
		}
	}
	if n, err := s.srv.EraseLapsedVisitors(ctx); err != nil || n != 0 {
		t.Errorf("a second erase: %d, %v; want nothing left to erase", n, err)
	}

	office := s.signedInTo(t, officeName, "Staff and visitors")
	_, page := office.get("/staff-visitors")
	log := section(t, page, "visitors")
	if strings.Contains(log, "Olga") || strings.Contains(log, "Old Co") || !strings.Contains(log, "(name erased)") || !strings.Contains(log, "Rita Return") {
		t.Errorf("the visitor log after the erase:\n%s", log)
	}
	status, _, pdf := office.fetch("/staff-visitors/records/" + s.ids["olga"] + ".pdf")
	if text := pdfText(t, pdf); status != http.StatusOK || strings.Contains(text, "Olga") || !strings.Contains(text, "(name erased)") {
		t.Errorf("Olga's PDF after the erase: %d\n%s", status, text)
	}
	file := startExportAt(t, office, "/staff-visitors/evidence", map[string][]string{"csrf": {csrfOf(t, page)}})
	_, _, data := office.fetch(file)
	rep, err := export.VerifyEvidence(bytes.NewReader(data), int64(len(data)), export.VerifyOptions{HubKey: s.srv.PublicKey()})
	if err != nil || !rep.OK() || bytes.Contains(data, []byte("Olga")) {
		t.Errorf("evidence pack after the erase: %+v, %v; names Olga %v", rep, err, bytes.Contains(data, []byte("Olga")))
	}
}
