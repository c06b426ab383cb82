-- 0002: reading records by pupil for the tutor pages, and the sign-offs in
-- progress each kiosk reports. Never edit this file once applied.
--
-- packs keeps every pack published already (one row each), so Packs needs
-- nothing new.

-- PupilRecords looks records up by pupil_ref = ANY($1); the other two
-- columns are its order within a pupil.
CREATE INDEX idx_records_pupil_ref ON records (pupil_ref, signed_at, record_id);

-- A note is a pupil's UPN and two times: no names, nothing of the draft.
-- Each device's list is replaced whole on every report.
CREATE TABLE device_drafts (
    device_id   TEXT NOT NULL,
    draft_id    TEXT NOT NULL,
    pupil_ref   TEXT NOT NULL,
    started_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ,
    reported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_id, draft_id)
);
CREATE INDEX idx_device_drafts_pupil_ref ON device_drafts (pupil_ref, updated_at);
