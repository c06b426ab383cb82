-- 0004_pupil_language: the roster keeps each pupil's language (a BCP 47
-- tag such as cy or pl, '' for the school's default) and sends it to the
-- kiosks, as the roster file's Language column gives it. Never edit this
-- file once applied; add 0005_….sql.

ALTER TABLE pupils ADD COLUMN language TEXT NOT NULL DEFAULT '';
