package proto

import (
	"time"

	"smartkiosk/signoff"
)

// Pupil is one pupil on the hub's roster. Names are the school's data,
// shown to staff and sent only to enrolled kiosks.
type Pupil struct {
	UPN        string `json:"upn"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Class      string `json:"class"`
	Year       string `json:"year"`
	Band       string `json:"band"`               // one of the pack's band ids; "" keeps the kiosk's band
	Language   string `json:"language,omitempty"` // a BCP 47 tag such as cy; "" keeps the kiosk's (older hubs send none)
	Active     bool   `json:"active"`
	Version    int64  `json:"version"` // the roster version that last changed this pupil
	// LeftAt is when an inactive pupil left the roster. The hub reads it
	// for its own pages and exports and never sends it to a kiosk.
	LeftAt time.Time `json:"-"`
}

// Domain is the pupil as every side reads them: a pupil off the roster
// has Left set to LeftAt.
func (p Pupil) Domain() signoff.Pupil {
	d := signoff.Pupil{UPN: p.UPN, GivenName: p.GivenName, FamilyName: p.FamilyName, Class: p.Class, Year: p.Year, Band: p.Band,
		Language: p.Language}
	if !p.Active {
		d.Left = p.LeftAt
	}
	return d
}

// RosterPupil is a pupil on the school's roster as the hub keeps and
// sends them.
func RosterPupil(p signoff.Pupil) Pupil {
	return Pupil{UPN: p.UPN, GivenName: p.GivenName, FamilyName: p.FamilyName, Class: p.Class, Year: p.Year, Band: p.Band,
		Language: p.Language, Active: true}
}

// RosterPage is a roster change set.
type RosterPage struct {
	Version int64   `json:"version"`
	Pupils  []Pupil `json:"pupils"`
}

// PackManifest lists a policy pack's files by content hash.
type PackManifest struct {
	ID          string     `json:"id"`
	Version     string     `json:"version"`
	Fingerprint string     `json:"fingerprint"` // policy.Fingerprint of the pack
	Files       []PackFile `json:"files"`
	PublishedAt time.Time  `json:"published_at"`
}

// PackFile is one file of a pack.
type PackFile struct {
	Path string `json:"path"` // slash-separated, relative to the pack folder
	Hash string `json:"hash"` // hex SHA-256
	Size int64  `json:"size"`
}
