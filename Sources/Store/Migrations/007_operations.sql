-- Version 7: ops controls and the audit trail.

-- One row per corridor. A hand-off reads its row FOR SHARE inside its transaction and a
-- toggle updates it, so a toggle waits for hand-offs under way and no payment is handed off
-- after the toggle commits.
CREATE TABLE corridor_controls (
    corridor_id  text PRIMARY KEY,
    enabled      boolean NOT NULL DEFAULT true,
    reason       text,
    until        timestamptz,
    changed_by   text NOT NULL DEFAULT 'system',
    changed_at   timestamptz NOT NULL DEFAULT now()
);

-- Every admin action, in the same transaction as the change. Append-only: a trigger refuses
-- UPDATE, DELETE and TRUNCATE for every role, the service's own included.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    actor_key_id    text NOT NULL,
    action          text NOT NULL,
    target          text NOT NULL,
    before          jsonb,
    after           jsonb,
    at              timestamptz NOT NULL,
    source_address  text
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
