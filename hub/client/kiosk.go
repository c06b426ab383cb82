package client

import (
	"context"
	"time"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Kiosk is what the kiosk-side sync needs from the kiosk's store
// (store.Store implements it; main wires them). Every method owns its
// transaction.
type Kiosk interface {
	proto.RequestSigner

	// Setting returns a value the sync keeps (nil, nil when unset);
	// SetSetting replaces it. Keys: SettingLink, SettingStatus.
	Setting(ctx context.Context, key string) ([]byte, error)
	SetSetting(ctx context.Context, key string, value []byte) error

	// PendingRecords returns up to limit records the hub has not answered
	// (all when limit is 0), in device sequence order, with the
	// attachments still held.
	PendingRecords(ctx context.Context, limit int) ([]record.Signed, error)
	// SaveAcks records the hub's answers in one transaction: acknowledged
	// records leave the queue and keep their receipt; conflict and invalid
	// ones leave it too, with the reason, for an adult to look at. An
	// answer for an unknown record is an error and changes nothing.
	SaveAcks(ctx context.Context, acks []record.Ack, at time.Time) error
	// Unsynced counts the records waiting for the hub.
	Unsynced(ctx context.Context) (int, error)
	// PurgeAttachments erases the attachments of records acknowledged
	// before ackedBefore (the hub keeps them) and says how many records
	// it erased from.
	PurgeAttachments(ctx context.Context, ackedBefore time.Time) (int, error)
	// ApplyRoster makes the kiosk's roster the hub's whole list, in one
	// transaction: new pupils added, changed ones updated, those not
	// listed marked as left (their records kept).
	ApplyRoster(ctx context.Context, pupils []signoff.Pupil) error
	// DraftNotes lists the sign-offs in progress, newest first, for the
	// hub: id, UPN and times only; drafts of pupils no longer on the
	// roster are left out.
	DraftNotes(ctx context.Context) ([]record.DraftNote, error)
}

// Setting keys.
const (
	SettingLink   = "hub.link"   // JSON of Link
	SettingStatus = "hub.status" // JSON of Status
)

// Link is what a kiosk knows of its hub after enrolment.
type Link struct {
	URL           string    `json:"url"`         // e.g. https://hub.school.local:8700
	CertSHA256Hex string    `json:"cert_sha256"` // pinned certificate; "" trusts the system's CAs
	HubPublicKey  []byte    `json:"hub_public_key"`
	DeviceID      string    `json:"device_id"`
	SchoolName    string    `json:"school_name,omitempty"`
	EnrolledAt    time.Time `json:"enrolled_at"`
	RosterVersion int64     `json:"roster_version"`
	PackHash      string    `json:"pack_fingerprint,omitempty"` // the newest pack fetched
}

// Failure codes a Status can carry; the adult area turns each into its own sentence.
const (
	FailNone        = ""
	FailNotEnrolled = "not_enrolled" // no hub yet
	FailUnreachable = "unreachable"  // connection refused, DNS, timeout
	FailPortal      = "portal"       // a captive portal or proxy wants a login
	FailFiltered    = "filtered"     // a web filter answered instead of the hub
	FailCertificate = "certificate"  // the hub's certificate is not the one enrolled
	FailRevoked     = "revoked"      // the hub has revoked this tablet
	FailClock       = "clock"        // the tablet's clock is too far out
	FailRejected    = "rejected"     // the hub refused a record (Reason says why)
	FailServer      = "server"       // the hub answered with an error
	FailDisk        = "disk"         // the kiosk could not write its own database
)

// Status is what the adult area shows about sync.
type Status struct {
	LastSuccess time.Time `json:"last_success"`
	LastAttempt time.Time `json:"last_attempt"`
	Failure     string    `json:"failure,omitempty"` // one of the Fail codes; "" after a success
	Detail      string    `json:"detail,omitempty"`  // the address to allow, or the hub's reason
	Rejected    int       `json:"rejected"`          // records the hub refused (conflict or invalid), ever
	PendingPack string    `json:"pending_pack,omitempty"`
}

// Snapshot is the sync's state as the adult area shows it.
type Snapshot struct {
	Link    *Link // nil until enrolled
	Status  Status
	Waiting int  // records the hub has not answered
	Syncing bool // a sync is running now
}

// BundleResult says what an offline bundle holds and where it was written.
type BundleResult struct {
	Path    string
	Records int
}

// FailureError is a sync or enrolment failure with its Fail code, which the
// adult area turns into a sentence.
type FailureError struct {
	Code   string // one of the Fail codes
	Detail string // the address to allow, the hub's reason, …
	Err    error
}

func (e *FailureError) Error() string {
	msg := "sync: " + e.Code
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *FailureError) Unwrap() error { return e.Err }
