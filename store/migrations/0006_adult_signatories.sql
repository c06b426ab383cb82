-- sqlitex: foreign_keys off
-- 0006_adult_signatories: a record belongs to a pupil or to an adult who
-- signs for themselves (a member of staff, a visitor or volunteer, a guest
-- on the school Wi-Fi). An adult's record has no pupil_id, names them by
-- signatory_kind and signatory_ref (the body's signatory), and has no
-- staff_id when nobody countersigned it at a self-service reception
-- tablet. SQLite cannot relax NOT NULL, so records is rebuilt with every
-- row, index and trigger as it was; answers, attachments and the outbox
-- point at it by record_id, which is copied as it is.

CREATE TABLE records_0006 (
	record_id        TEXT    PRIMARY KEY,
	kind             TEXT    NOT NULL,
	pupil_id         INTEGER REFERENCES pupils (pupil_id),
	signatory_kind   TEXT,
	signatory_ref    TEXT,
	form_id          TEXT    NOT NULL,
	band             TEXT    NOT NULL,
	band_alias       TEXT    NOT NULL,
	pack_id          TEXT    NOT NULL,
	pack_version     TEXT    NOT NULL,
	pack_fingerprint TEXT    NOT NULL,
	staff_id         INTEGER REFERENCES staff (staff_id),
	started_at       TEXT    NOT NULL,
	signed_at        TEXT    NOT NULL,
	body             BLOB    NOT NULL,
	body_hash        TEXT    NOT NULL,
	created_at       TEXT    NOT NULL,
	device_id        TEXT,
	device_seq       INTEGER,
	prev_hash        TEXT,
	signature        BLOB,
	supersedes       TEXT    REFERENCES records (record_id),
	CHECK ((pupil_id IS NULL) = (signatory_kind IS NOT NULL)),
	CHECK ((signatory_kind IS NULL) = (signatory_ref IS NULL)),
	CHECK (pupil_id IS NULL OR staff_id IS NOT NULL)
);

INSERT INTO records_0006 (record_id, kind, pupil_id, form_id, band, band_alias, pack_id,
	pack_version, pack_fingerprint, staff_id, started_at, signed_at, body, body_hash,
	created_at, device_id, device_seq, prev_hash, signature, supersedes)
SELECT record_id, kind, pupil_id, form_id, band, band_alias, pack_id,
	pack_version, pack_fingerprint, staff_id, started_at, signed_at, body, body_hash,
	created_at, device_id, device_seq, prev_hash, signature, supersedes
FROM records ORDER BY rowid;

DROP TABLE records;
ALTER TABLE records_0006 RENAME TO records;

CREATE INDEX idx_records_pupil_id ON records (pupil_id);
CREATE INDEX idx_records_signatory ON records (signatory_kind, signatory_ref)
	WHERE signatory_kind IS NOT NULL;
CREATE INDEX idx_records_signed_at ON records (signed_at);
CREATE UNIQUE INDEX idx_records_device_id_device_seq ON records (device_id, device_seq);
CREATE UNIQUE INDEX idx_records_supersedes ON records (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX idx_records_pack_version ON records (pack_version);

CREATE TRIGGER records_immutable BEFORE UPDATE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are immutable');
END;
CREATE TRIGGER records_kept BEFORE DELETE ON records
BEGIN
	SELECT RAISE(ABORT, 'records are never deleted');
END;
