package signoff

// MaxBandID is the longest band id.
const MaxBandID = 32

// ValidBandID reports whether id can be a band's id: 1 to MaxBandID
// lower-case ASCII letters, digits and '-', not starting with '-'. Bands
// are the school's ("a", "early", "reading-2"): the id is kept in every
// record, roster and export, so it is a plain token, never a name.
func ValidBandID(id string) bool {
	if id == "" || len(id) > MaxBandID || id[0] == '-' {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// BandName is a band as a school writes it, in a roster's Band column
// or on a form: its id, the school's alias for it ("P4–P7") and its title
// in the school's language ("Listening & symbols"). Alias and Title may
// be empty.
type BandName struct {
	ID, Alias, Title string
}

// Bands is the list of band ids a tablet's pack defines, in the pack's
// order. The first is where a new pupil starts until an adult chooses;
// an empty list (a reception tablet's pack has no pupil form) puts new
// pupils in no band.
type Bands []string

// Default is the band a new pupil starts in: the first, or "" when none.
func (b Bands) Default() string {
	if len(b) == 0 {
		return ""
	}
	return b[0]
}

// Has reports whether id is one of the bands.
func (b Bands) Has(id string) bool {
	for _, x := range b {
		if x == id {
			return true
		}
	}
	return false
}
