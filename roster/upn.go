package roster

import (
	"errors"
	"strings"
)

// Why a UPN is refused (compare with errors.Is). UPNCheckLetter holds the
// DfE check-letter sum; CheckUPN says which part is wrong, for a roster
// import to tell the teacher.
var (
	ErrUPNLength      = errors.New("a UPN is 13 characters long")
	ErrUPNCharacters  = errors.New("a UPN is a letter, 11 digits, then a digit (or a letter for a temporary UPN)")
	ErrUPNCheckLetter = errors.New("the UPN's check letter does not match the rest of the UPN")
)

// NormalizeUPN is upn as a roster stores it: spaces around it removed,
// letters upper-case.
func NormalizeUPN(upn string) string { return strings.ToUpper(strings.TrimSpace(upn)) }

// CheckUPN reports why upn (already normalised) is not a UPN, or nil if
// it is one: 13 characters, a check letter, 11 digits, and a digit or —
// in a temporary UPN — a letter other than I, O or S; the check letter
// must be the one UPNCheckLetter gives for the other 12.
func CheckUPN(upn string) error {
	if len(upn) != 13 {
		return ErrUPNLength
	}
	if upn[0] < 'A' || upn[0] > 'Z' {
		return ErrUPNCharacters
	}
	check := UPNCheckLetter(upn[1:]) // 0 when a digit or the last letter is wrong
	switch {
	case check == 0:
		return ErrUPNCharacters
	case check != upn[0]:
		return ErrUPNCheckLetter
	}
	return nil
}

// upnLetters maps a remainder mod 23 to a UPN check letter, and a letter in
// a temporary UPN's last place to its value (I, O and S are never used).
const upnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// UPNCheckLetter returns the DfE check letter for the 12 characters that
// follow it in a UPN: 11 digits then a digit (or, in a temporary UPN, a
// letter). Character i (i = 2..13 in the whole UPN) is weighted i; the sum
// mod 23 indexes upnLetters. It returns 0 if rest12 is not of that form.
func UPNCheckLetter(rest12 string) byte {
	if len(rest12) != 12 {
		return 0
	}
	sum := 0
	for i := range 12 {
		v := upnCharValue(rest12[i], i == 11)
		if v < 0 {
			return 0
		}
		sum += v * (i + 2)
	}
	return upnLetters[sum%23]
}

// upnCharValue is a digit's value, or a permitted letter's index in upnLetters.
func upnCharValue(c byte, letterOK bool) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case letterOK:
		return strings.IndexByte(upnLetters, c)
	}
	return -1
}
