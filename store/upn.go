package store

import (
	"errors"
	"strings"
)

// Why a UPN is refused (compare with errors.Is). ValidUPN and
// UPNCheckLetter (demo.go) hold the DfE check-letter sum; CheckUPN says
// which part is wrong, for a roster import to tell the teacher.
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
