-- sqlitex: foreign_keys off
-- 0005_office_settings: a fourth role, office (the Staff and visitors page
-- only), and the hub's settings (the reception settings kiosks fetch, the
-- staff list). SQLite cannot change a CHECK in place, so users is rebuilt
-- as SQLite's "other kinds of table schema changes" procedure says, with
-- foreign keys off (sessions refers to it); sqlitex checks every foreign
-- key before COMMIT. Never edit this file once applied; add 0006_….sql.

CREATE TABLE users_new (
	name          TEXT    PRIMARY KEY,
	password_hash TEXT    NOT NULL,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'dsl', 'tutor', 'office')),
	classes       TEXT    NOT NULL DEFAULT '[]',
	failures      INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT,
	created_at    TEXT    NOT NULL
);

INSERT INTO users_new (name, password_hash, role, classes, failures, locked_until, created_at)
	SELECT name, password_hash, role, classes, failures, locked_until, created_at FROM users;

DROP TABLE users;

ALTER TABLE users_new RENAME TO users;

-- One row a setting; value is JSON the hub reads and writes whole.
CREATE TABLE settings (
	setting_key TEXT PRIMARY KEY,
	value       BLOB NOT NULL,
	updated_at  TEXT NOT NULL
) WITHOUT ROWID;
