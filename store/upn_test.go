package store

import (
	"errors"
	"testing"
)

// withCheckLetter makes a UPN from the 12 characters after its check letter.
func withCheckLetter(tb testing.TB, rest12 string) string {
	tb.Helper()
	c := UPNCheckLetter(rest12)
	if c == 0 {
		tb.Fatalf("%q cannot follow a UPN check letter", rest12)
	}
	return string(c) + rest12
}

func TestCheckUPN(t *testing.T) {
	for upn, want := range map[string]error{
		// Published as valid: python-stdnum (gb.upn) and the DfE CIN
		// validator's rule 1510 tests.
		"B801200005001": nil,
		"A950000178301": nil,
		"H243278544154": nil,
		"X845212818005": nil,
		// Published as wrong check letters (rule 1510, stdnum).
		"R247962919251": ErrUPNCheckLetter,
		"X428558133462": ErrUPNCheckLetter,
		"A801200005001": ErrUPNCheckLetter,
		// Temporary UPNs: the last place is a letter, valued by its place
		// in ABCDEFGHJKLMNPQRTUVWXYZ (computed by hand in demo_test.go).
		"D80120000501C": nil,
		"C80120000501C": ErrUPNCheckLetter,
		"W99990012410A": nil,
		"H99990012412Z": nil,
		// Shapes that are not a UPN at all.
		"":               ErrUPNLength,
		"B80120000500":   ErrUPNLength,
		"B8012000050011": ErrUPNLength,
		"X80120000A001":  ErrUPNCharacters, // middle must be digits
		"B80120000500I":  ErrUPNCharacters, // I, O and S are never used
		"B80120000500O":  ErrUPNCharacters,
		"B80120000500S":  ErrUPNCharacters,
		"8801200005001":  ErrUPNCharacters, // check letter must be a letter
		"b801200005001":  ErrUPNCharacters, // CheckUPN takes a normalised UPN
		"B80120000500é":  ErrUPNLength,     // 14 bytes
		"B8012000050é":   ErrUPNCharacters, // 13 bytes, not 13 characters
		"I801200005001":  ErrUPNCheckLetter,
	} {
		if got := CheckUPN(upn); !errors.Is(got, want) || (want == nil) != (got == nil) {
			t.Errorf("CheckUPN(%q) = %v, want %v", upn, got, want)
		}
	}
}

func TestNormalizeUPN(t *testing.T) {
	for in, want := range map[string]string{
		" b801200005001\t": "B801200005001",
		"d80120000501c":    "D80120000501C",
		"":                 "",
	} {
		if got := NormalizeUPN(in); got != want {
			t.Errorf("NormalizeUPN(%q) = %q, want %q", in, got, want)
		}
	}
}
