package roster

import (
	"fmt"
	"strings"
	"unicode"

	"smartkiosk/signoff"
)

// bandKey makes the ways a school writes a band equal: case, spaces and
// dashes ("P4 — P7", "p4-p7") do not count.
func bandKey(v string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r == '–' || r == '—' || r == '‐' || r == '‑' || r == '‒' || r == '−' || r == '－':
			return '-'
		}
		return unicode.ToLower(r)
	}, v)
}

// bandIndex maps the key of every band's id, alias and title to its id.
// Ids come first, then aliases, then titles, so a band's id is never
// taken for another band's alias or title.
func bandIndex(bands []signoff.BandName) map[string]string {
	index := map[string]string{}
	for _, name := range []func(signoff.BandName) string{
		func(b signoff.BandName) string { return b.ID },
		func(b signoff.BandName) string { return b.Alias },
		func(b signoff.BandName) string { return b.Title },
	} {
		for _, b := range bands {
			k := bandKey(name(b))
			if _, taken := index[k]; k != "" && !taken {
				index[k] = b.ID
			}
		}
	}
	return index
}

// UnknownBand is why a band cell that names none of bands cannot be
// imported, listing the bands it may name: heading is the column as the
// file heads it ("Band"), value the cell. It is the one sentence for it,
// whether the parser finds the cell or a store finds a band its pack
// lacks; it never holds a pupil's name.
func UnknownBand(heading, value string, bands []signoff.BandName) string {
	v := clip(printable(value), 20)
	const fix = "Correct it, or leave the cell empty to keep the pupil's band."
	switch len(bands) {
	case 0:
		return fmt.Sprintf("The %s %q names a band, but the policy pack has no bands: leave the cell empty.", heading, v)
	case 1:
		return fmt.Sprintf("The %s %q is not the policy pack's one band, %s. %s", heading, v, bandName(bands[0]), fix)
	}
	names := make([]string, len(bands))
	for i, b := range bands {
		names[i] = bandName(b)
	}
	return fmt.Sprintf("The %s %q is not one of the policy pack's bands: %s. %s", heading, v, orList(names), fix)
}

// bandName is a band as a teacher may write it: "a (P4–P7)", or its id
// alone when it has no alias.
func bandName(b signoff.BandName) string {
	if b.Alias == "" || bandKey(b.Alias) == bandKey(b.ID) {
		return b.ID
	}
	return b.ID + " (" + printable(b.Alias) + ")"
}
