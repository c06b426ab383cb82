package roster

import (
	"errors"
	"testing"
)

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

func TestUPNCheckLetter(t *testing.T) {
	for rest, want := range map[string]byte{
		// Published example (python-stdnum gb.upn): B801200005001.
		// 8·2 + 1·4 + 2·5 + 5·10 + 1·13 = 93; 93 mod 23 = 1 → B.
		"801200005001": 'B',
		// 9·2 + 9·3 + 9·4 + 9·5 + 1·8 + 2·9 + 4·10 + 1·13 = 205; 205 mod 23 = 21 → Y.
		"999900124001": 'Y',
		// Temporary UPN, last place C = 2: 8·2 + 1·4 + 2·5 + 5·10 + 1·12 + 2·13 = 118;
		// 118 mod 23 = 3 → D.
		"80120000501C": 'D',
		// 1·2 + … + 1·13 = 90; 90 mod 23 = 21 → Y. 2 × 90 = 180 mod 23 = 19 → W.
		"111111111111": 'Y',
		"222222222222": 'W',
		"000000000000": 'A',
		// 7·13 = 91; 91 mod 23 = 22 → Z (skips I, O, S).
		"000000000007": 'Z',
	} {
		if got := UPNCheckLetter(rest); got != want {
			t.Errorf("UPNCheckLetter(%s) = %q, want %q", rest, got, want)
		}
	}
	for _, bad := range []string{"", "80120000500", "8012000050011", "8012A0005001", "80120000500I"} {
		if got := UPNCheckLetter(bad); got != 0 {
			t.Errorf("UPNCheckLetter(%q) = %q, want 0", bad, got)
		}
	}
}
