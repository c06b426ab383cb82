-- 0002_signed_records: signed, chained records; their attachments; the
-- outbox the hub sync reads; drafts; the device whose key signs.
-- Never edit this file once applied; add 0003_….sql instead.
--
-- Personal data is sealed (XChaCha20-Poly1305, key in data.key beside the
-- database, never in it): from this migration on, pupils.given_name,
-- pupils.family_name and staff.name hold sealed BLOBs, not text. SQLite
-- keeps a BLOB as it is in a TEXT column; the store seals any text left
-- from before this migration when it opens.

-- The chain and signature of a record. NULL only in records saved before
-- this migration, which were never signed.
ALTER TABLE records ADD COLUMN device_id TEXT;
ALTER TABLE records ADD COLUMN device_seq INTEGER;
ALTER TABLE records ADD COLUMN prev_hash TEXT;
ALTER TABLE records ADD COLUMN signature BLOB;

CREATE UNIQUE INDEX idx_records_device_id_device_seq ON records (device_id, device_seq);

-- A body is signed: its row is never changed or removed. (This stops
-- mistakes, not an attacker with the file; `smartkiosk verify` catches those.)
CREATE TRIGGER records_immutable BEFORE UPDATE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are immutable');
END;
CREATE TRIGGER records_kept BEFORE DELETE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are never deleted');
END;
CREATE TRIGGER record_answers_immutable BEFORE UPDATE ON record_answers
BEGIN
	SELECT RAISE(ABORT, 'records are immutable');
END;
CREATE TRIGGER record_answers_kept BEFORE DELETE ON record_answers
BEGIN
	SELECT RAISE(ABORT, 'records are never deleted');
END;

-- Attachments (names, marks, signature images) in the order the body lists
-- them. sealed is the salt and the data, sealed; erasing sets it NULL and
-- keeps the row, so the body's hash still has its place.
CREATE TABLE record_attachments (
	record_id  TEXT    NOT NULL REFERENCES records (record_id),
	position   INTEGER NOT NULL CHECK (position >= 0),
	kind       TEXT    NOT NULL,
	media_type TEXT    NOT NULL,
	hash       TEXT    NOT NULL,
	sealed     BLOB,
	erased_at  TEXT,
	PRIMARY KEY (record_id, position),
	CHECK ((sealed IS NULL) = (erased_at IS NOT NULL))
);

CREATE TRIGGER record_attachments_fixed
BEFORE UPDATE OF record_id, position, kind, media_type, hash ON record_attachments
BEGIN
	SELECT RAISE(ABORT, 'an attachment''s reference is part of a signed record');
END;
CREATE TRIGGER record_attachments_kept BEFORE DELETE ON record_attachments
BEGIN
	SELECT RAISE(ABORT, 'erase an attachment, never delete its row');
END;

-- The queue the hub sync reads: one row per record, written with it.
CREATE TABLE outbox (
	record_id       TEXT    PRIMARY KEY REFERENCES records (record_id),
	state           TEXT    NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'acked', 'conflict', 'invalid')),
	attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at TEXT,
	last_error      TEXT,
	created_at      TEXT    NOT NULL,
	updated_at      TEXT    NOT NULL
);

CREATE INDEX idx_outbox_state ON outbox (state);

-- A sign-off in progress. draft_id becomes the record's id; saving the
-- record deletes the draft in the same transaction. state is sealed JSON.
CREATE TABLE drafts (
	draft_id   TEXT    PRIMARY KEY,
	pupil_id   INTEGER NOT NULL REFERENCES pupils (pupil_id),
	state      BLOB    NOT NULL,
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
);

CREATE INDEX idx_drafts_pupil_id ON drafts (pupil_id);

-- The device whose key signs this database's records (one row). It ties
-- the key files beside the database to it: the store refuses to open with
-- other keys, and never makes new keys for a database that has had some.
CREATE TABLE devices (
	device_id   TEXT PRIMARY KEY,
	public_key  BLOB NOT NULL,
	data_key_id TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
