-- 0003_sign_in_throttle: failed sign-ins and lockouts are counted per
-- account and per address they come from, each attempt claimed in one
-- write, so parallel guesses cannot all be checked before the lock and a
-- stranger cannot lock the DSL out from elsewhere. users.failures and
-- users.locked_until are no longer read. Never edit this file once
-- applied; add 0004_….sql.

CREATE TABLE sign_in_throttle (
	name         TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	failures     INTEGER NOT NULL CHECK (failures >= 0),
	locked_until TEXT,
	PRIMARY KEY (name, source)
) WITHOUT ROWID;
