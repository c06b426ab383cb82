package store

import (
	"cmp"
	"strconv"
	"strings"
)

// compareClasses orders class names as a school lists them: by the year
// number they start with, if any, then by name, so that a secondary
// school's "7A" comes before "10B" and "12D" ("Oak", "Rowan" and "Willow"
// stay in alphabetical order, after any numbered class).
func compareClasses(a, b string) int {
	na, oka := leadingNumber(a)
	nb, okb := leadingNumber(b)
	switch {
	case oka && okb && na != nb:
		return cmp.Compare(na, nb)
	case oka != okb: // numbered classes first
		if oka {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// leadingNumber is the number a class name starts with ("10B" → 10).
func leadingNumber(s string) (int, bool) {
	end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(s)
	}
	n, err := strconv.Atoi(s[:end])
	return n, err == nil
}
