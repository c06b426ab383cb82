package signoff

import (
	"strings"
	"time"
)

// Pupil is a pupil as the school's roster names them — the one pupil type
// every side shares: the kiosk store and its screens, the roster parser,
// the hub and the renderers. Wire formats (store/record, hub/proto) keep
// their own JSON shapes and convert with one function each.
type Pupil struct {
	UPN        string // unique pupil number, the records' PupilRef
	GivenName  string // the preferred forename when the MIS gives one
	FamilyName string // the preferred surname when the MIS gives one
	Class      string
	Year       string
	Band       string // one of the pack's band ids; "" for none yet
	Language   string // BCP 47 tag such as en-GB; "" for the school's default
	// Left is when the pupil left the roster; zero while they are on it.
	// A pupil who has left keeps every record for good.
	Left time.Time
}

// Name is the pupil's name as staff read it in a list ("Given Family").
func (p Pupil) Name() string { return strings.TrimSpace(p.GivenName + " " + p.FamilyName) }

// OnRoster reports whether the pupil is on the school's current roster.
func (p Pupil) OnRoster() bool { return p.Left.IsZero() }
