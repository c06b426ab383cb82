package hub

import (
	"context"
	"crypto/ed25519"
	"errors"
	"time"

	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// Store is where a hub keeps devices, records, the roster and packs. Two
// implementations pass one conformance suite (hub/hubtest): SQLite
// (hub/sqlitestore, the default for one school) and PostgreSQL
// (hub/pgstore, for a trust). Every method is safe for concurrent use and
// owns its transaction. Times are stored in UTC.
type Store interface {
	// CreateEnrolCode keeps a new one-time enrolment code (only its hash).
	CreateEnrolCode(ctx context.Context, c EnrolCode) error
	// RedeemEnrolCode uses the code with hash codeHash up, at dev.EnrolledAt,
	// and registers dev, in one transaction: signoff.ErrCodeUnknown when there
	// is no such code, signoff.ErrCodeUsed when it was used before,
	// signoff.ErrCodeExpired after its expiry (nothing changes then),
	// signoff.ErrDeviceExists when dev.ID is registered already.
	RedeemEnrolCode(ctx context.Context, codeHash string, dev Device) error
	// Device returns a registered device (revoked ones too), or ErrNotFound.
	Device(ctx context.Context, id string) (Device, error)
	// Devices lists every registered device, oldest enrolment first.
	Devices(ctx context.Context) ([]Device, error)
	// RevokeDevice marks a device revoked at at; ErrNotFound if unknown.
	// Revoking twice keeps the first time.
	RevokeDevice(ctx context.Context, id string, at time.Time) error

	// UseNonce remembers a signed request's nonce for its device until
	// expires; ErrReplay when that device used the nonce before. Nonces
	// whose expiry is before now may be forgotten.
	UseNonce(ctx context.Context, deviceID, nonce string, now, expires time.Time) error

	// Ingest stores a batch of records whose signatures the caller has
	// checked, in one transaction, and says what happened to each, in order
	// (see Outcome). The unique constraints on record id and on (device,
	// sequence) decide; a concurrent Ingest of the same record yields one
	// Stored and one Duplicate. An error means nothing was stored, except
	// when the connection is lost during COMMIT (PostgreSQL): then the batch
	// may be stored, and a retry is answered Duplicate.
	Ingest(ctx context.Context, recs []Incoming, at time.Time) ([]Outcome, error)
	// Record returns one stored record with its attachments (Data nil for
	// those not sent or erased on the kiosk), or ErrNotFound; an erased
	// record is not found (only its tombstone is left).
	Record(ctx context.Context, id string) (Stored, error)
	// DeviceRecords returns a device's stored records in sequence order,
	// without attachment data (erased records left out).
	DeviceRecords(ctx context.Context, deviceID string) ([]Stored, error)
	// CountRecords counts stored records (not quarantined, not erased).
	CountRecords(ctx context.Context) (int, error)
	// Quarantined lists the conflicting copies kept apart, oldest first.
	Quarantined(ctx context.Context) ([]Quarantined, error)
	// Erase removes a record's body and attachments, and any quarantined
	// copies of it (they may hold the same pupil's data), and leaves a tombstone
	// (id, device, sequence, body hash), so a later copy of it is answered
	// Duplicate and never stored again; ErrNotFound if there is no record.
	Erase(ctx context.Context, id, reason string, at time.Time) error
	// EraseAttachments removes the salt and data of every attachment of
	// the records with these ids (names, signatures, visit details), in one
	// transaction, keeping their kind, media type and hash, so each body
	// and its signature still verify; the records stay. It says how many
	// records had attachment data to remove; unknown ids are skipped.
	EraseAttachments(ctx context.Context, ids []string) (int, error)
	// PupilRecords returns the stored records of the pupils with these
	// UPNs (erased ones left out), ordered by pupil ref, signed time,
	// record id; attachments with their salt and data when withData, else
	// with kind, media type and hash only. An empty list returns nothing.
	// The UPN "" stands for no pupil: it gives the records of adults who
	// signed for themselves (staff, visitors, volunteers, Wi-Fi guests).
	PupilRecords(ctx context.Context, upns []string, withData bool) ([]Stored, error)

	// PutRoster replaces the roster with pupils (matched by UPN) in one
	// transaction: new and changed pupils get the next roster version,
	// pupils no longer listed are kept with Active false and that version.
	// It returns the roster's version afterwards (unchanged if nothing
	// changed; 0 for an empty hub).
	PutRoster(ctx context.Context, pupils []proto.Pupil, at time.Time) (int64, error)
	// Roster returns the pupils changed after version since (all when 0),
	// ordered by UPN, and the current version.
	Roster(ctx context.Context, since int64) (proto.RosterPage, error)

	// PutAsset keeps content-addressed bytes (hash = hex SHA-256 of data;
	// a mismatch is an error). Putting the same asset again is fine.
	PutAsset(ctx context.Context, hash string, data []byte) error
	// Asset returns an asset's bytes, or ErrNotFound.
	Asset(ctx context.Context, hash string) ([]byte, error)
	// PublishPack makes m the current pack; every file's asset must be
	// present (ErrNotFound otherwise).
	PublishPack(ctx context.Context, m proto.PackManifest, at time.Time) error
	// CurrentPack returns the newest published pack, or ErrNotFound.
	CurrentPack(ctx context.Context) (proto.PackManifest, error)
	// Packs lists every pack ever published, newest first (the current
	// one first); none is an empty list, not an error.
	Packs(ctx context.Context) ([]proto.PackManifest, error)

	// PutDrafts replaces the list of sign-offs in progress that device
	// deviceID reported, reported at at (an empty list clears it). An id
	// listed twice is an error and nothing changes.
	PutDrafts(ctx context.Context, deviceID string, drafts []record.DraftNote, at time.Time) error
	// Drafts lists the drafts every device reported, ordered by pupil ref,
	// then updated time, then device and id; it leaves out any whose id is
	// now a stored record, or an erased one (a draft's id is the id its
	// record will have).
	Drafts(ctx context.Context) ([]DraftReport, error)

	Accounts

	// Setting returns the value of a hub setting (JSON, by the hub's own
	// keys: the reception settings, the staff list), or ErrNotFound when
	// it was never set.
	Setting(ctx context.Context, key string) ([]byte, error)
	// PutSetting replaces a setting's value, in one transaction; at is
	// when it changed.
	PutSetting(ctx context.Context, key string, value []byte, at time.Time) error

	// Ping checks the database answers a query and can be written to (for
	// /healthz); its error says why not.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Accounts are the hub's staff sign-ins and their sessions.
type Accounts interface {
	// CreateUser adds a user; ErrUserExists when the name is taken.
	CreateUser(ctx context.Context, u User) error
	// User returns a user by name (case as given), or ErrNotFound.
	User(ctx context.Context, name string) (User, error)
	// Users lists users by name.
	Users(ctx context.Context) ([]User, error)
	// ClaimSignIn takes one sign-in attempt for name from source at now,
	// in one atomic step. While name is locked for source it is refused:
	// lockedUntil says until when. Otherwise (lockedUntil zero) the
	// attempt counts as failed until ClearSignIns, and the max-th counted
	// attempt locks name for source until now+lockout. Parallel attempts
	// are counted one by one, so no more than max are ever let through.
	ClaimSignIn(ctx context.Context, name, source string, now time.Time, max int, lockout time.Duration) (lockedUntil time.Time, err error)
	// ClearSignIns forgets name's counted attempts and lock from source,
	// or from every source when source is "" (an admin lifting a lock).
	ClearSignIns(ctx context.Context, name, source string) error
	// CreateSession keeps a new session (only its token's hash).
	CreateSession(ctx context.Context, s Session) error
	// Session returns a session by token hash, or ErrNotFound (also once
	// it has expired at now).
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	// DeleteSession ends a session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
}

// User roles.
const (
	RoleAdmin = "admin" // the IT manager: devices, enrolment, imports, everything
	RoleDSL   = "dsl"   // designated safeguarding lead: every class
	RoleTutor = "tutor" // own classes only
	// RoleOffice is the school office: the Staff and visitors page only,
	// never a pupil's page.
	RoleOffice = "office"
)

// Roles lists every role, in the order they are offered.
var Roles = []string{RoleAdmin, RoleDSL, RoleTutor, RoleOffice}

// User is a member of staff who signs in to the hub.
type User struct {
	Name         string
	PasswordHash string // encoded argon2id hash, never the password
	Role         string
	Classes      []string // tutors: the classes they may see
	CreatedAt    time.Time
}

// Session is a signed-in browser.
type Session struct {
	TokenHash string // hex SHA-256 of the cookie's token
	UserName  string
	CSRF      string // the token forms must carry
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Errors a Store returns.
var (
	ErrNotFound   = errors.New("not found")
	ErrReplay     = errors.New("request already seen")
	ErrUserExists = errors.New("user already exists")
)

// EnrolCode is a one-time code, kept only as its hash.
type EnrolCode struct {
	Hash      string // hex SHA-256 of the normalised code
	Label     string // what the adult called the kiosk, e.g. "Oak class tablet 2"
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Device is an enrolled kiosk.
type Device struct {
	ID         string // record.DeviceID(PublicKey)
	PublicKey  ed25519.PublicKey
	Label      string
	EnrolledAt time.Time
	RevokedAt  time.Time // zero while the device may sync
}

// Revoked reports whether the device may no longer sync.
func (d Device) Revoked() bool { return !d.RevokedAt.IsZero() }

// Incoming is a record whose signature the hub has checked, ready to store.
type Incoming struct {
	ID          string
	DeviceID    string
	Seq         uint64
	Prev        string // hash of the device's previous body; "" for Seq 1
	BodyHash    string // record.Hash(Body)
	Body        []byte // exact bytes
	Signature   []byte
	Kind        string
	Supersedes  string
	PupilRef    string
	Form        string
	PackVersion string
	SignedAt    time.Time
	Attachments []Attachment // those sent, each already checked against the body's reference
}

// Attachment is one attachment of a record, by its position in the body.
type Attachment struct {
	Position  int
	Kind      string
	MediaType string
	Hash      string
	Salt      []byte // nil when erased or not sent
	Data      []byte // nil when erased or not sent
}

// Outcome is what Ingest did with one record.
//
// The rules, in order: an erased (tombstoned) id is Duplicate; an id stored
// with the same body hash is Duplicate (attachments the stored copy lacks
// are added); an id stored with different bytes, or a (device, sequence)
// held by another id, is Conflict and the copy is kept in quarantine (once
// per distinct body); a body whose Prev differs from the stored previous
// record's hash, or whose hash differs from the stored next record's Prev,
// is Invalid with a reason naming the neighbour; otherwise Stored. A gap
// before a record is not a reason to refuse it. Judge is these rules, and
// both stores decide by it.
type Outcome struct {
	Status string // signoff.SyncStored, StatusDuplicate, StatusConflict or StatusInvalid
	Reason string // a plain sentence for Conflict and Invalid
}

// Stored is a record as the hub keeps it.
type Stored struct {
	Incoming
	ReceivedAt time.Time
}

// Quarantined is a conflicting copy, kept apart and never served as a record.
type Quarantined struct {
	ID         string
	DeviceID   string
	Seq        uint64
	BodyHash   string
	Body       []byte
	Signature  []byte
	Reason     string
	ReceivedAt time.Time
}

// DraftReport is a sign-off in progress as a device last reported it.
type DraftReport struct {
	record.DraftNote
	DeviceID   string
	ReportedAt time.Time
}
