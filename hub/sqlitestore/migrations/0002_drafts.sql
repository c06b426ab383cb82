-- 0002_drafts: the sign-offs in progress each kiosk reports, so tutors can
-- see who has a draft. Never edit this file once applied; add 0003_….sql.
--
-- A note is a pupil's UPN and two times: no names, nothing of the draft.
-- Each device's list is replaced whole on every report.
--
-- PupilRecords reads records by pupil_ref through idx_records_pupil_ref,
-- which 0001_init made already; packs keeps every pack published, so
-- neither needs anything here.

CREATE TABLE device_drafts (
	device_id   TEXT NOT NULL REFERENCES devices (device_id),
	draft_id    TEXT NOT NULL,
	pupil_ref   TEXT NOT NULL,
	started_at  TEXT,
	updated_at  TEXT,
	reported_at TEXT NOT NULL,
	PRIMARY KEY (device_id, draft_id)
) WITHOUT ROWID;

CREATE INDEX idx_device_drafts_pupil_ref ON device_drafts (pupil_ref, updated_at);
