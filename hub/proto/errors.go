package proto

import "errors"

// Error is the JSON body of every refusal the hub's API sends.
type Error struct {
	Code    string `json:"error"`
	Message string `json:"message"`
}

// API error codes a kiosk acts on.
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
