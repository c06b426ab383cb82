-- 0001_init: the hub's devices, records, roster, packs and staff accounts.
-- Never edit this file once applied; add 0002_….sql instead.
--
-- Times are UTC RFC 3339 text with nine fraction digits (fixed width, so
-- text order is time order); NULL for a zero time.

-- Marks the file as a hub database, so Open can refuse any other SQLite
-- file (a kiosk's, say) instead of adding hub tables to it. 'HUB1'.
PRAGMA application_id = 1213547057;

CREATE TABLE devices (
	device_id   TEXT PRIMARY KEY,
	public_key  BLOB NOT NULL,
	label       TEXT NOT NULL,
	enrolled_at TEXT NOT NULL,
	revoked_at  TEXT
);

CREATE INDEX idx_devices_enrolled_at ON devices (enrolled_at);

-- One-time enrolment codes, kept only as hashes.
CREATE TABLE enrol_codes (
	code_hash  TEXT PRIMARY KEY,
	label      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at    TEXT,
	device_id  TEXT REFERENCES devices (device_id),
	CHECK ((used_at IS NULL) = (device_id IS NULL))
);

-- Signed requests' nonces, until they expire. No foreign key: a nonce is
-- checked before anything else about a request.
CREATE TABLE nonces (
	device_id  TEXT NOT NULL,
	nonce      TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	PRIMARY KEY (device_id, nonce)
) WITHOUT ROWID;

CREATE INDEX idx_nonces_expires_at ON nonces (expires_at);

-- Records as their devices signed them. The two unique constraints are
-- what Ingest's duplicate and conflict answers come from.
CREATE TABLE records (
	record_id    TEXT    PRIMARY KEY,
	device_id    TEXT    NOT NULL REFERENCES devices (device_id),
	seq          INTEGER NOT NULL,
	prev_hash    TEXT    NOT NULL,
	body_hash    TEXT    NOT NULL,
	body         BLOB    NOT NULL,
	signature    BLOB    NOT NULL,
	kind         TEXT    NOT NULL,
	supersedes   TEXT    NOT NULL,
	pupil_ref    TEXT    NOT NULL,
	form         TEXT    NOT NULL,
	pack_version TEXT    NOT NULL,
	signed_at    TEXT,
	received_at  TEXT    NOT NULL,
	UNIQUE (device_id, seq)
);

CREATE INDEX idx_records_pupil_ref ON records (pupil_ref);

-- A record's attachments by position in its body; salt and data NULL
-- while not sent (or erased on the kiosk before sending).
CREATE TABLE record_attachments (
	record_id  TEXT    NOT NULL REFERENCES records (record_id),
	position   INTEGER NOT NULL CHECK (position >= 0),
	kind       TEXT    NOT NULL,
	media_type TEXT    NOT NULL,
	hash       TEXT    NOT NULL,
	salt       BLOB,
	data       BLOB,
	PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

-- What Erase leaves of a record: enough to answer a later copy Duplicate
-- and to keep checking its neighbours' chain, nothing personal.
CREATE TABLE tombstones (
	record_id TEXT    PRIMARY KEY,
	device_id TEXT    NOT NULL,
	seq       INTEGER NOT NULL,
	body_hash TEXT    NOT NULL,
	prev_hash TEXT    NOT NULL,
	reason    TEXT    NOT NULL,
	erased_at TEXT    NOT NULL,
	UNIQUE (device_id, seq)
);

-- Conflicting copies, kept apart: once per distinct body of an id.
CREATE TABLE quarantined_records (
	quarantine_id INTEGER PRIMARY KEY,
	record_id     TEXT    NOT NULL,
	device_id     TEXT    NOT NULL,
	seq           INTEGER NOT NULL,
	body_hash     TEXT    NOT NULL,
	body          BLOB    NOT NULL,
	signature     BLOB    NOT NULL,
	reason        TEXT    NOT NULL,
	received_at   TEXT    NOT NULL,
	UNIQUE (record_id, body_hash)
);

CREATE INDEX idx_quarantined_records_received_at ON quarantined_records (received_at);

-- The roster. version is the roster version that last changed the pupil;
-- the roster's own version is MAX(version).
CREATE TABLE pupils (
	upn         TEXT    PRIMARY KEY,
	given_name  TEXT    NOT NULL,
	family_name TEXT    NOT NULL,
	class       TEXT    NOT NULL,
	year        TEXT    NOT NULL,
	band        TEXT    NOT NULL,
	active      INTEGER NOT NULL CHECK (active IN (0, 1)),
	version     INTEGER NOT NULL CHECK (version > 0),
	updated_at  TEXT    NOT NULL
);

CREATE INDEX idx_pupils_version ON pupils (version);

-- Content-addressed pack files.
CREATE TABLE assets (
	hash       TEXT    PRIMARY KEY,
	data       BLOB    NOT NULL,
	size       INTEGER NOT NULL,
	created_at TEXT    NOT NULL
);

-- Every pack published, in order; the last is current.
CREATE TABLE packs (
	pack_number  INTEGER PRIMARY KEY,
	pack_id      TEXT    NOT NULL,
	version      TEXT    NOT NULL,
	fingerprint  TEXT    NOT NULL,
	published_at TEXT    NOT NULL
);

CREATE TABLE pack_files (
	pack_number INTEGER NOT NULL REFERENCES packs (pack_number),
	position    INTEGER NOT NULL,
	path        TEXT    NOT NULL,
	hash        TEXT    NOT NULL REFERENCES assets (hash),
	size        INTEGER NOT NULL,
	PRIMARY KEY (pack_number, position)
) WITHOUT ROWID;

CREATE INDEX idx_pack_files_hash ON pack_files (hash);

-- Staff who sign in to the hub. classes is a JSON array of strings.
CREATE TABLE users (
	name          TEXT    PRIMARY KEY,
	password_hash TEXT    NOT NULL,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'dsl', 'tutor')),
	classes       TEXT    NOT NULL DEFAULT '[]',
	failures      INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT,
	created_at    TEXT    NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES users (name),
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE INDEX idx_sessions_user_name ON sessions (user_name);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
