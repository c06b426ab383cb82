-- 0005_settings: the hub's settings (the reception settings kiosks fetch,
-- the staff list), one row a setting, its value JSON the hub reads and
-- writes whole. The office role needs nothing here: users.role has no
-- CHECK in this store (hub.AddUser checks it). Never edit this file once
-- applied; add 0006_….sql.

CREATE TABLE settings (
    setting_key TEXT        PRIMARY KEY,
    value       BYTEA       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
