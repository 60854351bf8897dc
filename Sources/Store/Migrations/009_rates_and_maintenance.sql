-- Version 9: treasury's rate snapshots under maker-checker, and ops' maintenance windows.

-- A snapshot uploaded by one treasury key takes effect only once a second, different key
-- approves it, and then from its effective time. Rates are decimal strings ({"USD/THB":
-- "34.2500"}), never floats.
CREATE TABLE rate_snapshots (
    id             text PRIMARY KEY,            -- provider@effective_at (RFC 3339)
    provider       text NOT NULL,
    effective_at   timestamptz NOT NULL,
    rates          jsonb NOT NULL,
    status         text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    source_format  text NOT NULL CHECK (source_format IN ('yaml', 'csv')),
    uploaded_by    text NOT NULL,             -- key id
    uploaded_client text NOT NULL,            -- the key's client: the checker must be another client too
    uploaded_at    timestamptz NOT NULL,
    decided_by     text,
    decided_client text,
    decided_at     timestamptz,
    decision_note  text,
    -- Maker-checker, enforced by the database too: the approver is never the uploader.
    CONSTRAINT rate_snapshots_four_eyes CHECK (status <> 'approved' OR (decided_by <> uploaded_by AND decided_client <> uploaded_client))
);
CREATE INDEX rate_snapshots_provider ON rate_snapshots (provider, status, effective_at);

-- Scheduled maintenance on one corridor: no hand-offs inside the window (held, then resumed),
-- new payments refused with 5001, and the window's end shown as the next opening.
CREATE TABLE corridor_maintenance (
    id            text PRIMARY KEY,
    corridor_id   text NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    reason        text NOT NULL,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    cancelled_by  text,
    cancelled_at  timestamptz,
    CHECK (ends_at > starts_at)
);
CREATE INDEX corridor_maintenance_window ON corridor_maintenance (corridor_id, ends_at) WHERE cancelled_at IS NULL;
