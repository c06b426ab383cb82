package signoff

import (
	"testing"
	"time"
)

func TestPupil_NameAndRoster(t *testing.T) {
	p := Pupil{GivenName: "Ada", FamilyName: "Lovelace"}
	if got := p.Name(); got != "Ada Lovelace" {
		t.Errorf("Name = %q", got)
	}
	if got := (Pupil{GivenName: "Ada"}).Name(); got != "Ada" {
		t.Errorf("Name with no family name = %q", got)
	}
	if !p.OnRoster() {
		t.Error("a pupil who has not left is not on the roster")
	}
	p.Left = time.Date(2026, 7, 22, 0, 0, 0, 0, time.UTC)
	if p.OnRoster() {
		t.Error("a pupil who left is on the roster")
	}
}
