package signoff

import "errors"

// Sync statuses: what the hub made of one record a kiosk sent. They are
// the one spelling of it for the hub's answers and signed receipts, the
// kiosk's outbox, the tutor pages and evidence packs.
const (
	SyncStored    = "stored"    // new, now kept
	SyncDuplicate = "duplicate" // the same bytes were stored before (or erased): acknowledged
	SyncConflict  = "conflict"  // another record holds this id or device sequence: quarantined for a person to review
	SyncInvalid   = "invalid"   // unreadable, unsigned, or breaks its device's chain: not kept, kept on the kiosk
)

// Acknowledged reports whether status means the hub holds the record, so
// the kiosk may stop sending it: stored now, or before.
func Acknowledged(status string) bool { return status == SyncStored || status == SyncDuplicate }

// Outbox states: a record waits on the kiosk as pending until the hub
// answers; an acknowledged answer makes it acked; a conflict or invalid
// answer keeps it, in that state, for an adult to look at.
const (
	OutboxPending  = "pending"
	OutboxAcked    = "acked"
	OutboxConflict = SyncConflict
	OutboxInvalid  = SyncInvalid
)

// OutboxState is the state a record's outbox entry takes when the hub
// answers status, and whether status is one the hub sends at all.
func OutboxState(status string) (string, bool) {
	switch {
	case Acknowledged(status):
		return OutboxAcked, true
	case status == SyncConflict || status == SyncInvalid:
		return status, true
	}
	return "", false
}

// Error codes: why the hub's API refused a request, as a kiosk acts on it.
const (
	ErrCodeUnsigned     = "unsigned"
	ErrCodeBadSignature = "bad_signature"
	ErrCodeUnknownDev   = "unknown_device"
	ErrCodeRevoked      = "revoked"
	ErrCodeClock        = "clock"
	ErrCodeReplay       = "replay"
	ErrCodeTooLarge     = "too_large"
	ErrCodeMalformed    = "malformed"
	ErrCodeEnrol        = "enrol"
	ErrCodeNotFound     = "not_found"
	ErrCodeInternal     = "internal"
)

// Error codes of an enrolment refused, one for each enrolment error below.
const (
	ErrCodeCodeUnknown  = "code_unknown"
	ErrCodeCodeUsed     = "code_used"
	ErrCodeCodeExpired  = "code_expired"
	ErrCodeDeviceExists = "device_exists"
)

// Enrolment errors: a hub's store returns them when a code cannot be
// redeemed, the hub sends them as their error code, and the kiosk's client
// returns them again.
var (
	ErrCodeUnknown  = errors.New("enrolment code not recognised")
	ErrCodeUsed     = errors.New("enrolment code already used")
	ErrCodeExpired  = errors.New("enrolment code expired")
	ErrDeviceExists = errors.New("device already enrolled")
)
