package signoff_test

import (
	"strings"
	"testing"

	"smartkiosk/signoff"
)

func TestValidBandID(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]bool{
		"a": true, "c": true, "early": true, "reading-2": true, "p4": true,
		"": false, "A": false, "P4–P7": false, "band c": false, "-a": false, "é": false,
		strings.Repeat("x", signoff.MaxBandID): true, strings.Repeat("x", signoff.MaxBandID+1): false,
	} {
		if got := signoff.ValidBandID(id); got != want {
			t.Errorf("ValidBandID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestBands_Default(t *testing.T) {
	t.Parallel()
	if d := (signoff.Bands{"early", "later"}).Default(); d != "early" {
		t.Errorf("Default = %q, want the pack's first band", d)
	}
	if d := (signoff.Bands(nil)).Default(); d != "" {
		t.Errorf("Default of no bands = %q, want none", d)
	}
	if !(signoff.Bands{"a", "reading-2"}).Has("reading-2") || (signoff.Bands{"a"}).Has("c") {
		t.Error("Has is wrong")
	}
}
