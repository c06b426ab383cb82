-- 0007_visitors: the reception tablet's visitor book. One row per visitor
-- or volunteer (by the signatory reference their records carry), so one
-- who signed this version of the policy this school year finds their name
-- at their next visit and is not asked to read it again. The name and
-- organisation are sealed like every other name; when the school's
-- retention has passed since the last visit, the row goes and their
-- records' attachments are erased (the records themselves stay, and still
-- verify).
CREATE TABLE visitors (
	ref          TEXT PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('visitor', 'volunteer')),
	name         BLOB NOT NULL,
	organisation BLOB NOT NULL,
	form_id      TEXT NOT NULL,
	pack_version TEXT NOT NULL,
	read_at      TEXT NOT NULL,
	last_visit   TEXT NOT NULL
);

CREATE INDEX idx_visitors_last_visit ON visitors (last_visit);
