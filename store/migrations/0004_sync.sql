-- 0004_sync: what the hub sync keeps on the kiosk — its settings (the hub
-- link and the last sync status, as JSON the sync writes) and the hub's
-- answer for each queued record.
-- Never edit this file once applied; add 0005_….sql instead.

-- One value per key ("hub.link", "hub.status", …). The store does not read
-- the values; the sync does.
CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      BLOB NOT NULL,
	updated_at TEXT NOT NULL
);

-- The hub's answer. state stays one of pending, acked, conflict, invalid:
-- reason is the hub's sentence for conflict and invalid; receipt is the
-- hub's signed receipt (JSON, kept as evidence); acked_at is when the hub
-- acknowledged the record, from which its attachments may be erased later.
ALTER TABLE outbox ADD COLUMN reason TEXT;
ALTER TABLE outbox ADD COLUMN receipt BLOB;
ALTER TABLE outbox ADD COLUMN acked_at TEXT;

CREATE INDEX idx_outbox_acked_at ON outbox (acked_at) WHERE acked_at IS NOT NULL;
