-- 0001_init: roster, staff and sign-off records.
-- Never edit this file once applied; add 0002_….sql instead.

CREATE TABLE pupils (
	pupil_id    INTEGER PRIMARY KEY,
	upn         TEXT    NOT NULL UNIQUE,
	given_name  TEXT    NOT NULL,
	family_name TEXT    NOT NULL,
	class_name  TEXT    NOT NULL,
	year_group  TEXT    NOT NULL,
	band        TEXT    NOT NULL CHECK (band IN ('a', 'b', 'c')),
	language    TEXT    NOT NULL DEFAULT 'en-GB',
	profile     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
	active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at  TEXT    NOT NULL,
	updated_at  TEXT    NOT NULL
);

CREATE INDEX idx_pupils_class_name ON pupils (class_name);

CREATE TABLE staff (
	staff_id   INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	role       TEXT    NOT NULL CHECK (role IN ('ta', 'teacher', 'admin')),
	pin_salt   BLOB    NOT NULL,
	pin_hash   BLOB    NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT    NOT NULL
);

-- A record row mirrors fields of its body for queries; body (the exact
-- bytes) is the authority and body_hash is record.Hash(body).
CREATE TABLE records (
	record_id        TEXT    PRIMARY KEY,
	kind             TEXT    NOT NULL,
	pupil_id         INTEGER NOT NULL REFERENCES pupils (pupil_id),
	form_id          TEXT    NOT NULL,
	band             TEXT    NOT NULL,
	band_alias       TEXT    NOT NULL,
	pack_id          TEXT    NOT NULL,
	pack_version     TEXT    NOT NULL,
	pack_fingerprint TEXT    NOT NULL,
	staff_id         INTEGER NOT NULL REFERENCES staff (staff_id),
	started_at       TEXT    NOT NULL,
	signed_at        TEXT    NOT NULL,
	body             BLOB    NOT NULL,
	body_hash        TEXT    NOT NULL,
	created_at       TEXT    NOT NULL
);

CREATE INDEX idx_records_pupil_id ON records (pupil_id);
CREATE INDEX idx_records_signed_at ON records (signed_at);

CREATE TABLE record_answers (
	record_id    TEXT    NOT NULL REFERENCES records (record_id),
	position     INTEGER NOT NULL,
	statement_id TEXT    NOT NULL,
	answer       TEXT    NOT NULL CHECK (answer IN ('agree', 'not_sure', 'no_clear_response')),
	PRIMARY KEY (record_id, position)
);
