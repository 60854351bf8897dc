-- Version 18: compliance (issue 22). Sanctions lists under maker-checker, payments held for
-- review on a possible match, and velocity limits per sender.

ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
    CHECK (role IN ('app', 'treasury', 'ops', 'admin', 'merchant', 'compliance'));

-- One import of a sanctions list: a versioned snapshot, uploaded by one compliance key and in
-- force from its approval by a second (another client). The list in force under a name is the
-- latest approved import of that name. Entries are stored parsed (JSON), so every instance
-- builds the same index from them.
CREATE TABLE sanctions_lists (
    id              text PRIMARY KEY,
    list_name       text NOT NULL,                -- "UN", "OFAC SDN", or a local list's name
    source          text NOT NULL CHECK (source IN ('un', 'ofac', 'local')),
    published_at    timestamptz,                  -- the publisher's date of issue, when the file says
    entry_count     integer NOT NULL CHECK (entry_count >= 0),
    entries         jsonb NOT NULL,
    sha256          text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    uploaded_by     text NOT NULL,
    uploaded_client text NOT NULL,
    uploaded_at     timestamptz NOT NULL,
    decided_by      text,
    decided_client  text,
    decided_at      timestamptz,
    decision_note   text,
    CONSTRAINT sanctions_lists_four_eyes CHECK (status <> 'approved' OR (decided_by <> uploaded_by AND decided_client <> uploaded_client))
);
CREATE INDEX sanctions_lists_in_force ON sanctions_lists (list_name, decided_at DESC) WHERE status = 'approved';

-- A payment held on a possible match (hold 6001), and the review's decision. Written in the
-- statement that stores the payment; decided with the payment's transition.
CREATE TABLE screening_reviews (
    payment_id      text PRIMARY KEY REFERENCES payments (id),
    corridor_id     text NOT NULL,
    direction       text NOT NULL,
    status          text NOT NULL CHECK (status IN ('open', 'released', 'rejected')),
    hits            jsonb NOT NULL,               -- [{party, name, list, reference, entry_name, matched_name, score, ...}]
    top_score       double precision NOT NULL,
    created_at      timestamptz NOT NULL,
    decided_by      text,
    decided_client  text,
    decided_at      timestamptz,
    reason          text
);
CREATE INDEX screening_reviews_open ON screening_reviews (created_at) WHERE status = 'open';
CREATE INDEX screening_reviews_created ON screening_reviews (created_at);

-- A held payment is never handed off. The dispatcher never claims one (no next action), and a
-- hand-off statement cannot apply to one either: the guarded transition skips it.
CREATE OR REPLACE FUNCTION mekong_held_for_review(p_hold integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT p_hold IS NOT DISTINCT FROM 6001 $$;

-- Velocity: what one sender (the app's client and the payer's account, hashed) has moved
-- through a corridor, per payment type, per calendar day and month in Phnom Penh, in the
-- corridor's partner currency. A payment's amount is added in the statement that stores it;
-- the CHECK refuses the whole statement when any sender would pass a limit, and the batch is
-- split until the one payment that does not fit is found. The row lock serialises senders.
CREATE TABLE sender_usage (
    sender        text NOT NULL,
    corridor_id   text NOT NULL,
    payment_type  text NOT NULL,
    period        text NOT NULL CHECK (period IN ('daily', 'monthly')),
    starts_on     date NOT NULL,
    used_minor    bigint NOT NULL CHECK (used_minor >= 0),
    limit_minor   bigint NOT NULL,
    currency      text NOT NULL,
    client_id     text NOT NULL,
    account_mask  text NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (sender, corridor_id, payment_type, period, starts_on),
    CONSTRAINT sender_usage_within_limit CHECK (used_minor <= limit_minor)
);
CREATE INDEX sender_usage_client ON sender_usage (client_id, starts_on DESC);

ALTER TABLE payments ADD COLUMN IF NOT EXISTS velocity_sender text;
ALTER TABLE payments ADD COLUMN IF NOT EXISTS velocity_minor bigint;
ALTER TABLE payments ADD COLUMN IF NOT EXISTS velocity_day date;

-- What a payment took is given back when it ends REJECTED or TIMEOUT (nothing moved).
CREATE FUNCTION mekong_give_back(p_sender text, p_corridor text, p_type text, p_day date, p_minor bigint, p_at timestamptz)
RETURNS void LANGUAGE sql AS $$
    UPDATE sender_usage SET used_minor = GREATEST(used_minor - p_minor, 0), updated_at = p_at
    WHERE sender = p_sender AND corridor_id = p_corridor AND payment_type = p_type
      AND ((period = 'daily' AND starts_on = p_day) OR (period = 'monthly' AND starts_on = date_trunc('month', p_day)::date))
$$;

CREATE FUNCTION mekong_payment_gives_back() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mekong_give_back(NEW.velocity_sender, NEW.corridor_id, NEW.payment_type, NEW.velocity_day, NEW.velocity_minor, NEW.updated_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER payments_give_back AFTER UPDATE OF state ON payments FOR EACH ROW
    WHEN (NEW.velocity_sender IS NOT NULL AND NEW.state IN ('REJECTED', 'TIMEOUT') AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION mekong_payment_gives_back();

-- A processed refund gives back what it returned, in the partner currency, to the day and
-- month the payment counted in.
CREATE FUNCTION mekong_refund_gives_back() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p payments%ROWTYPE;
BEGIN
    SELECT * INTO p FROM payments WHERE id = NEW.payment_id;
    IF p.velocity_sender IS NOT NULL THEN
        PERFORM mekong_give_back(p.velocity_sender, p.corridor_id, p.payment_type, p.velocity_day,
            CASE WHEN NEW.destination_currency = p.destination_currency THEN NEW.destination_minor ELSE 0 END, NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER refunds_give_back AFTER UPDATE OF state ON refunds FOR EACH ROW
    WHEN (NEW.state = 'PROCESSED' AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION mekong_refund_gives_back();

-- The batched transitions, as in version 13, but a hand-off (a guarded transition) never
-- applies to a payment held for compliance review.
CREATE OR REPLACE FUNCTION mekong_apply_transitions(
    p_ids text[], p_expected bigint[], p_states text[], p_versions bigint[], p_at timestamptz[],
    p_next timestamptz[], p_error_codes bigint[], p_partner_refs text[], p_add_dispatch bigint[],
    p_cycle_starts timestamptz[], p_cycle_closes timestamptz[], p_guards text[],
    p_from text[], p_event text[], p_detail text[],
    e_change bigint[], e_id text[], e_aggregate text[], e_sequence bigint[], e_type text[], e_payload text[],
    e_created timestamptz[], e_client text[], e_body text[], e_bakongpay text[])
RETURNS TABLE (ord bigint, moved boolean, closed boolean, closed_reason text,
               window_id text, window_corridor text, window_starts timestamptz, window_ends timestamptz,
               window_reason text, window_created_by text, window_created_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock_shared(mekong_corridor_gate(g.corridor))
    FROM (SELECT DISTINCT corridor FROM unnest(p_guards) AS corridor WHERE corridor IS NOT NULL ORDER BY 1) AS g;

    RETURN QUERY
    WITH input AS (
        SELECT * FROM unnest(p_ids, p_expected, p_states, p_versions, p_at, p_next, p_error_codes, p_partner_refs,
                             p_add_dispatch, p_cycle_starts, p_cycle_closes, p_guards, p_from, p_event, p_detail)
            WITH ORDINALITY AS t(id, expected, state, version, at, next_action_at, error_code, partner_reference,
                                 add_dispatch, cycle_starts_at, cycle_closes_at, guard, from_state, event, detail, ord)
    ), shut AS (
        SELECT i.ord, c.reason FROM input i JOIN corridor_controls c ON c.corridor_id = i.guard
        WHERE NOT c.enabled AND (c.until IS NULL OR c.until > i.at)
    ), windows AS (
        SELECT DISTINCT ON (i.ord) i.ord, m.id, m.corridor_id, m.starts_at, m.ends_at, m.reason, m.created_by, m.created_at
        FROM input i JOIN corridor_maintenance m
          ON m.corridor_id = i.guard AND m.cancelled_at IS NULL AND m.starts_at <= i.at AND m.ends_at > i.at
        ORDER BY i.ord, m.ends_at DESC
    ), applied AS (
        UPDATE payments p SET state = i.state, version = i.version, updated_at = i.at, next_action_at = i.next_action_at,
            error_code = COALESCE(i.error_code::integer, p.error_code),
            error_message = COALESCE(CASE WHEN i.error_code IS NOT NULL THEN i.detail END, p.error_message),
            partner_reference = COALESCE(i.partner_reference, p.partner_reference),
            dispatch_attempts = p.dispatch_attempts + i.add_dispatch::integer, hold_code = NULL,
            cycle_starts_at = COALESCE(i.cycle_starts_at, p.cycle_starts_at),
            cycle_closes_at = COALESCE(i.cycle_closes_at, p.cycle_closes_at)
        FROM input i
        WHERE p.id = i.id AND p.version = i.expected
          AND NOT (i.guard IS NOT NULL AND mekong_held_for_review(p.hold_code))
          AND NOT EXISTS (SELECT 1 FROM shut s WHERE s.ord = i.ord)
          AND NOT EXISTS (SELECT 1 FROM windows w WHERE w.ord = i.ord)
        RETURNING i.ord
    ), history AS (
        INSERT INTO payment_history (payment_id, version, from_state, to_state, event, error_code, detail, at)
        SELECT i.id, i.version, i.from_state, i.state, i.event, i.error_code, i.detail, i.at
        FROM input i JOIN applied a ON a.ord = i.ord
    ), events AS (
        INSERT INTO outbox_events (id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body, fanned_out_at)
        SELECT e.id, e.aggregate_id, e.sequence, e.type, e.payload::jsonb, e.created_at, e.client_id, e.body, e.bakongpay_body,
               CASE WHEN s.client_id IS NULL THEN e.created_at END
        FROM unnest(e_change, e_id, e_aggregate, e_sequence, e_type, e_payload, e_created, e_client, e_body, e_bakongpay)
             AS e(change, id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body)
        LEFT JOIN mekong_subscribed_clients s ON s.client_id = e.client_id
        WHERE e.change IN (SELECT a.ord FROM applied a)
    )
    SELECT i.ord, a.ord IS NOT NULL, s.ord IS NOT NULL, s.reason,
           w.id, w.corridor_id, w.starts_at, w.ends_at, w.reason, w.created_by, w.created_at
    FROM input i
    LEFT JOIN applied a ON a.ord = i.ord
    LEFT JOIN shut s ON s.ord = i.ord
    LEFT JOIN windows w ON w.ord = i.ord
    ORDER BY i.ord;
END
$$;
