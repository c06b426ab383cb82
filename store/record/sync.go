package record

import "time"

// Signed is a record as it travels from kiosk to hub (in a sync request or
// an offline bundle): the exact body bytes, their signature, and the
// attachments the kiosk still holds.
type Signed struct {
	ID          string      `json:"id"`
	Body        []byte      `json:"body"`
	Signature   []byte      `json:"signature"`
	Attachments []Enclosure `json:"attachments,omitempty"`
}

// Enclosure is one attachment's salt and bytes, by its position in the
// body's Attachments; CheckAttachment ties them to the body.
type Enclosure struct {
	Position int    `json:"position"`
	Salt     []byte `json:"salt"`
	Data     []byte `json:"data"`
}

// Ack is the hub's answer for one record, as the kiosk keeps it.
type Ack struct {
	ID      string
	Status  string // the hub's sync status (signoff.SyncStored, …)
	Reason  string // a plain sentence for conflict and invalid
	Receipt []byte // the hub's signed receipt (JSON), kept as evidence
}

// DraftNote tells the hub a sign-off is in progress on a kiosk, so tutors
// can see who has a draft. It carries the pupil's UPN and two times only:
// no names and nothing of the draft's contents.
type DraftNote struct {
	ID        string    `json:"id"` // the draft's id, which its record will have
	PupilRef  string    `json:"pupil_ref"`
	StartedAt time.Time `json:"started_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
