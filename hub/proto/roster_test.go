package proto

import (
	"testing"
	"time"

	"smartkiosk/signoff"
)

// TestPupil_Domain: the wire pupil and the domain's convert both ways,
// and only a pupil off the roster has left it.
func TestPupil_Domain(t *testing.T) {
	d := signoff.Pupil{UPN: "A999900124001", GivenName: "Ada", FamilyName: "Lovelace", Class: "Oak", Year: "Year 8", Band: "early", Language: "cy"}
	w := RosterPupil(d)
	if !w.Active || w.UPN != d.UPN || w.Band != "early" || w.Language != "cy" {
		t.Fatalf("RosterPupil = %+v", w)
	}
	w.LeftAt = time.Date(2026, 7, 22, 15, 4, 0, 0, time.UTC) // stale: the pupil is back on the roster
	if got := w.Domain(); got != d {
		t.Errorf("Domain = %+v, want %+v", got, d)
	}
	w.Active = false
	if got := w.Domain(); !got.Left.Equal(w.LeftAt) || got.OnRoster() {
		t.Errorf("a pupil off the roster: Left = %v, want %v", got.Left, w.LeftAt)
	}
}
