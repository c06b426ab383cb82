-- The hub's store for a trust. Times are TIMESTAMPTZ (UTC on the way out),
-- hashes are lower-case hex, bytes are BYTEA.

CREATE TABLE enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    device_id  TEXT
);

CREATE TABLE devices (
    device_id   TEXT PRIMARY KEY,
    public_key  BYTEA NOT NULL,
    label       TEXT NOT NULL,
    enrolled_at TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

CREATE TABLE nonces (
    device_id  TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, nonce)
);
CREATE INDEX idx_nonces_expires_at ON nonces (expires_at);

-- The constraints are the dedupe: one row per record id, one record per
-- device sequence number.
CREATE TABLE records (
    record_id    TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    seq          BIGINT NOT NULL CHECK (seq > 0),
    prev         TEXT NOT NULL,
    body_hash    TEXT NOT NULL,
    body         BYTEA NOT NULL,
    signature    BYTEA NOT NULL,
    kind         TEXT NOT NULL,
    supersedes   TEXT NOT NULL,
    pupil_ref    TEXT NOT NULL,
    form         TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    signed_at    TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (device_id, seq)
);

CREATE TABLE attachments (
    record_id  TEXT NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    hash       TEXT NOT NULL,
    salt       BYTEA,
    data       BYTEA,
    PRIMARY KEY (record_id, position)
);

-- An erased record leaves only this: its id and place in its device's chain
-- stay taken, so an old tablet's copy is answered Duplicate, never stored.
CREATE TABLE tombstones (
    record_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    body_hash TEXT NOT NULL,
    reason    TEXT NOT NULL,
    erased_at TIMESTAMPTZ NOT NULL,
    UNIQUE (device_id, seq)
);

-- Conflicting copies, once per distinct body.
CREATE TABLE quarantined_copies (
    copy_id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id     TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    body_hash     TEXT NOT NULL,
    body          BYTEA NOT NULL,
    signature     BYTEA NOT NULL,
    reason        TEXT NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (record_id, body_hash)
);

CREATE TABLE pupils (
    upn         TEXT PRIMARY KEY,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    class       TEXT NOT NULL,
    year        TEXT NOT NULL,
    band        TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_pupils_version ON pupils (version);

CREATE TABLE assets (
    hash TEXT PRIMARY KEY,
    data BYTEA NOT NULL
);

CREATE TABLE packs (
    pack_seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pack_id      TEXT NOT NULL,
    version      TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    files        JSONB NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    classes       TEXT[] NOT NULL,
    failures      INTEGER NOT NULL,
    locked_until  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
