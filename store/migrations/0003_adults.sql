-- 0003_adults: the supporting adult's side — PIN lockout, the audit log,
-- corrections and voids, and PINs peppered with the device secret.
-- Never edit this file once applied; add 0004_….sql instead.

-- pin_scheme 1: argon2id(PIN) (before this migration); 2: argon2id over
-- HMAC-SHA256(device secret, PIN), the secret kept outside the database.
-- A scheme-1 hash is rehashed as scheme 2 the first time its PIN is used.
ALTER TABLE staff ADD COLUMN pin_scheme INTEGER NOT NULL DEFAULT 1 CHECK (pin_scheme IN (1, 2));
ALTER TABLE staff ADD COLUMN updated_at TEXT;

-- The record a correction or void supersedes (mirrors the body). A record
-- is superseded at most once, so each sign-off's history is one line whose
-- newest record is its current state.
ALTER TABLE records ADD COLUMN supersedes TEXT REFERENCES records (record_id);
CREATE UNIQUE INDEX idx_records_supersedes ON records (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX idx_records_pack_version ON records (pack_version);

-- Wrong PINs on this device (one row). locked_ms is lockout time still to
-- serve; it only runs down while the clock moves forwards (checked_at is
-- when it was last counted), so neither a restart nor setting the clock
-- back ends a lockout early.
CREATE TABLE pin_guard (
	pin_guard_id INTEGER PRIMARY KEY CHECK (pin_guard_id = 1),
	failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
	lockouts     INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
	locked_ms    INTEGER NOT NULL DEFAULT 0 CHECK (locked_ms >= 0),
	checked_at   TEXT    NOT NULL
);

-- Every adult action and every failed PIN, oldest first, each entry
-- chained to the one before by hash. Never a pupil's name: pupils appear
-- by their row id only.
CREATE TABLE audit_log (
	audit_id  INTEGER PRIMARY KEY,
	at        TEXT    NOT NULL,
	staff_id  INTEGER REFERENCES staff (staff_id),
	action    TEXT    NOT NULL,
	detail    TEXT    NOT NULL DEFAULT '',
	prev_hash TEXT    NOT NULL,
	hash      TEXT    NOT NULL
);

CREATE TRIGGER audit_log_immutable BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is never changed');
END;
CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is never deleted');
END;
