-- sqlitex: foreign_keys off
-- 0005_bands_from_pack: a pupil's band is any band id the school's pack
-- defines ("a", "early", "reading-2", ...), not only a, b or c, and "" on
-- a reception tablet whose pack has no pupil form. SQLite cannot drop a
-- CHECK, so pupils is rebuilt (records and drafts point at it by
-- pupil_id, which is copied as it is); sqlitex runs this with foreign
-- keys off and checks them before COMMIT.

CREATE TABLE pupils_0005 (
	pupil_id    INTEGER PRIMARY KEY,
	upn         TEXT    NOT NULL UNIQUE,
	given_name  TEXT    NOT NULL,
	family_name TEXT    NOT NULL,
	class_name  TEXT    NOT NULL,
	year_group  TEXT    NOT NULL,
	band        TEXT    NOT NULL CHECK (length(band) <= 32),
	language    TEXT    NOT NULL DEFAULT 'en-GB',
	profile     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
	active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at  TEXT    NOT NULL,
	updated_at  TEXT    NOT NULL
);

INSERT INTO pupils_0005 (pupil_id, upn, given_name, family_name, class_name, year_group,
	band, language, profile, active, created_at, updated_at)
SELECT pupil_id, upn, given_name, family_name, class_name, year_group,
	band, language, profile, active, created_at, updated_at
FROM pupils;

DROP TABLE pupils;
ALTER TABLE pupils_0005 RENAME TO pupils;
CREATE INDEX idx_pupils_class_name ON pupils (class_name);
