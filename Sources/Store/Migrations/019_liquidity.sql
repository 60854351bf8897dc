-- Version 19: treasury liquidity (issue 23). Each corridor with a `liquidity` block in its spec
-- has a position in its settlement currency: a balance and the reservations of payments handed
-- off and not yet final. Available = balance − reserved, and never below zero.

CREATE TABLE liquidity_positions (
    corridor_id      text PRIMARY KEY,
    currency         text NOT NULL,
    -- Available = balance − reserved: the one figure a hand-off decides on, and the only one
    -- kept on this (hot) row. A settlement turns a reservation into a debit and leaves it as it
    -- is, so settlements never lock this row. The balance and the reservations are read from the
    -- ledger and from the payments that still hold a reservation (`mekong_liquidity_figures`).
    available_minor  bigint NOT NULL,
    -- What a settled inbound credit does to the position (the spec's `liquidity.inbound`):
    -- credit (the partner's money comes into this account) or none. Set from the spec at
    -- every start.
    inbound          text NOT NULL DEFAULT 'none' CHECK (inbound IN ('credit', 'none')),
    -- Treasury's marks, overriding the spec's (NULL: the spec's), and the level last announced
    -- (`liquidity.low` / `liquidity.critical` are sent when it changes).
    low_water_minor  bigint CHECK (low_water_minor >= 0),
    critical_minor   bigint CHECK (critical_minor >= 0),
    marks_set_by     text,
    marks_set_at     timestamptz,
    level            text NOT NULL DEFAULT 'ok' CHECK (level IN ('ok', 'low', 'critical')),
    level_since      timestamptz,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT liquidity_positions_available CHECK (available_minor >= 0),
    CONSTRAINT liquidity_positions_marks CHECK (critical_minor IS NULL OR low_water_minor IS NULL OR critical_minor <= low_water_minor)
);

-- Every movement of a position, append-only: the position is the sum of its entries
-- (`mekong_liquidity_drift` proves it). A reservation moves `reserved`, a settlement both, a
-- top-up, an adjustment, a refund or an inbound credit the balance.
CREATE TABLE liquidity_entries (
    id               bigserial PRIMARY KEY,
    -- (No foreign key: entries are written only by this migration's functions, for positions
    -- that exist, and the key's check would lock the hot position row once per entry.)
    corridor_id      text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('opening', 'topup', 'adjustment', 'reservation', 'release', 'settlement',
                                                   'refund', 'inbound')),
    balance_delta    bigint NOT NULL,
    reserved_delta   bigint NOT NULL,
    payment_id       text,
    request_id       text,
    note             text,
    at               timestamptz NOT NULL
);
CREATE INDEX liquidity_entries_corridor ON liquidity_entries (corridor_id, at DESC, id DESC);
CREATE INDEX liquidity_entries_payment ON liquidity_entries (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX liquidity_entries_kind ON liquidity_entries (corridor_id, kind, at);

CREATE FUNCTION mekong_liquidity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'liquidity_entries is append-only';
END
$$;
CREATE TRIGGER liquidity_entries_append_only BEFORE UPDATE OR DELETE ON liquidity_entries
    FOR EACH ROW EXECUTE FUNCTION mekong_liquidity_append_only();

-- What a handed-off payment reserved, so that its end settles or releases exactly that.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS reserved_minor bigint;
-- The payments still holding a reservation (handed off, not settled, rejected or timed out;
-- ERROR keeps its reservation until reconciliation says whether money moved).
CREATE INDEX payments_reserving ON payments (corridor_id) INCLUDE (reserved_minor)
    WHERE reserved_minor IS NOT NULL AND state NOT IN ('CROSS_BORDER_SETTLED', 'REJECTED', 'TIMEOUT');

-- Each position's three figures, from one snapshot: available from its row, reserved from the
-- payments holding a reservation, balance = available + reserved.
CREATE FUNCTION mekong_liquidity_figures() RETURNS TABLE (corridor_id text, balance_minor bigint, reserved_minor bigint,
                                                          available_minor bigint)
LANGUAGE sql STABLE AS $$
    SELECT p.corridor_id, p.available_minor + r.reserved, r.reserved, p.available_minor
    FROM liquidity_positions p,
         LATERAL (SELECT coalesce(sum(q.reserved_minor), 0)::bigint AS reserved FROM payments q
                  WHERE q.corridor_id = p.corridor_id AND q.reserved_minor IS NOT NULL
                    AND q.state NOT IN ('CROSS_BORDER_SETTLED', 'REJECTED', 'TIMEOUT')) r
$$;

-- Positions whose figures differ from the sum of their entries (none, ever).
CREATE FUNCTION mekong_liquidity_drift() RETURNS TABLE (corridor_id text, balance_minor bigint, entries_balance bigint,
                                                        reserved_minor bigint, entries_reserved bigint)
LANGUAGE sql STABLE AS $$
    SELECT f.corridor_id, f.balance_minor, e.balance, f.reserved_minor, e.reserved
    FROM mekong_liquidity_figures() f,
         LATERAL (SELECT coalesce(sum(x.balance_delta), 0)::bigint AS balance, coalesce(sum(x.reserved_delta), 0)::bigint AS reserved
                  FROM liquidity_entries x WHERE x.corridor_id = f.corridor_id) e
    WHERE f.balance_minor <> e.balance OR f.reserved_minor <> e.reserved
$$;

-- Moves a position and writes its entry, in one call.
CREATE FUNCTION mekong_liquidity_move(p_corridor text, p_kind text, p_balance bigint, p_reserved bigint, p_payment text,
                                      p_request text, p_note text, p_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE liquidity_positions SET available_minor = available_minor + p_balance - p_reserved, updated_at = p_at
    WHERE corridor_id = p_corridor;
    INSERT INTO liquidity_entries (corridor_id, kind, balance_delta, reserved_delta, payment_id, request_id, note, at)
    VALUES (p_corridor, p_kind, p_balance, p_reserved, p_payment, p_request, p_note, p_at);
END
$$;

-- A settled inbound credit adds to its corridor's position when the spec says `inbound: credit`,
-- by the side of the credit that is in the position's currency (the partner's amount, or the
-- credited one).
CREATE FUNCTION mekong_inbound_moves_position() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p liquidity_positions%ROWTYPE;
    amount bigint;
BEGIN
    SELECT * INTO p FROM liquidity_positions WHERE corridor_id = NEW.corridor_id;
    IF NOT FOUND OR p.inbound = 'none' THEN RETURN NULL; END IF;
    amount := CASE WHEN NEW.source_currency = p.currency THEN NEW.source_minor
                   WHEN NEW.destination_currency = p.currency THEN NEW.destination_minor END;
    IF amount IS NULL THEN RETURN NULL; END IF;
    PERFORM mekong_liquidity_move(NEW.corridor_id, 'inbound', amount, 0, NEW.id, NULL, NULL, NEW.updated_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER payments_inbound_moves_position AFTER UPDATE OF state ON payments FOR EACH ROW
    WHEN (NEW.direction = 'inbound' AND NEW.state = 'CROSS_BORDER_SETTLED' AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION mekong_inbound_moves_position();

-- A processed refund comes back into the account it was paid from.
CREATE FUNCTION mekong_refund_moves_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM liquidity_positions WHERE corridor_id = NEW.corridor_id AND currency = NEW.destination_currency) THEN
        PERFORM mekong_liquidity_move(NEW.corridor_id, 'refund', NEW.destination_minor, 0, NEW.payment_id, NULL, NEW.id, NEW.updated_at);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER refunds_move_position AFTER UPDATE OF state ON refunds FOR EACH ROW
    WHEN (NEW.state = 'PROCESSED' AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION mekong_refund_moves_position();

-- The batched transitions, as in version 18, with reservations. A hand-off that carries an
-- amount to reserve takes it from its corridor's position, in the batch's order, only if it
-- would apply (its version current, its corridor open and outside maintenance, not held for
-- review; its row locked first, so that nothing moves it in between) and only if it fits: one that
-- does not fit is answered short and not applied. No two hand-offs can overdraw: the position's
-- row lock orders them, and its CHECK refuses a negative available balance.
DROP FUNCTION mekong_apply_transitions(text[], bigint[], text[], bigint[], timestamptz[], timestamptz[], bigint[], text[], bigint[],
    timestamptz[], timestamptz[], text[], text[], text[], text[], bigint[], text[], text[], bigint[], text[], text[], timestamptz[],
    text[], text[], text[]);
CREATE FUNCTION mekong_apply_transitions(
    p_ids text[], p_expected bigint[], p_states text[], p_versions bigint[], p_at timestamptz[],
    p_next timestamptz[], p_error_codes bigint[], p_partner_refs text[], p_add_dispatch bigint[],
    p_cycle_starts timestamptz[], p_cycle_closes timestamptz[], p_guards text[],
    p_from text[], p_event text[], p_detail text[],
    e_change bigint[], e_id text[], e_aggregate text[], e_sequence bigint[], e_type text[], e_payload text[],
    e_created timestamptz[], e_client text[], e_body text[], e_bakongpay text[], p_reserve bigint[])
RETURNS TABLE (ord bigint, moved boolean, closed boolean, closed_reason text,
               window_id text, window_corridor text, window_starts timestamptz, window_ends timestamptz,
               window_reason text, window_created_by text, window_created_at timestamptz, short_of_funds boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    short bigint[] := '{}';
    r record;
    available jsonb := '{}';
    left_over bigint;
    taken_ids text[] := '{}';
    taken_corridors text[] := '{}';
    taken_amounts bigint[] := '{}';
    taken_at timestamptz[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock_shared(mekong_corridor_gate(g.corridor))
    FROM (SELECT DISTINCT corridor FROM unnest(p_guards) AS corridor WHERE corridor IS NOT NULL ORDER BY 1) AS g;

    -- The batch's payments, locked in id order (the one order every batch takes them in), so
    -- that nothing moves one between its reservation and its transition, and so that two
    -- batches sharing payments never wait on each other in a circle: the position's row is
    -- locked after them, in every statement. (NO KEY UPDATE: what the UPDATE below takes anyway;
    -- it lets rows that refer to them be written.)
    PERFORM 1 FROM payments WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;

    -- A payment twice in one batch (two workers handing it off at once) reserves and moves once:
    -- by its first change made from its current version. (A stale change earlier in the batch,
    -- made from a version it no longer has, does not stand in the way of a current one: a
    -- worker's settlement must not wait for the sweeper because another worker's late hand-off
    -- of the same payment shared its batch.)
    -- Each corridor's position is locked and read once; the reservations are decided in order
    -- against a running total; then one update per corridor and one insert of the entries.
    FOR r IN
        WITH input AS (
            SELECT * FROM unnest(p_ids, p_expected, p_guards, p_reserve, p_at) WITH ORDINALITY AS i(id, expected, guard, reserve, at, ord)
        ), first AS (
            SELECT DISTINCT ON (i.id) i.* FROM input i JOIN payments p ON p.id = i.id AND p.version = i.expected ORDER BY i.id, i.ord
        )
        SELECT i.ord, i.id, i.guard, i.reserve, i.at
        FROM first i
        JOIN payments p ON p.id = i.id AND NOT mekong_held_for_review(p.hold_code)
        WHERE i.reserve IS NOT NULL AND i.guard IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM corridor_controls c
                          WHERE c.corridor_id = i.guard AND NOT c.enabled AND (c.until IS NULL OR c.until > i.at))
          AND NOT EXISTS (SELECT 1 FROM corridor_maintenance m
                          WHERE m.corridor_id = i.guard AND m.cancelled_at IS NULL AND m.starts_at <= i.at AND m.ends_at > i.at)
        ORDER BY i.ord
    LOOP
        IF NOT (available ? r.guard) THEN
            SELECT available_minor INTO left_over FROM liquidity_positions WHERE corridor_id = r.guard FOR NO KEY UPDATE;
            available := available || jsonb_build_object(r.guard, coalesce(left_over, -1));
        END IF;
        left_over := (available ->> r.guard)::bigint;
        IF left_over >= r.reserve THEN
            available := available || jsonb_build_object(r.guard, left_over - r.reserve);
            taken_ids := taken_ids || r.id;
            taken_corridors := taken_corridors || r.guard;
            taken_amounts := taken_amounts || r.reserve;
            taken_at := taken_at || r.at;
        ELSE
            short := short || r.ord;
        END IF;
    END LOOP;
    IF cardinality(taken_ids) > 0 THEN
        UPDATE liquidity_positions p SET available_minor = p.available_minor - t.total, updated_at = t.at
        FROM (SELECT corridor, sum(amount) AS total, max(at) AS at FROM unnest(taken_corridors, taken_amounts, taken_at) AS x(corridor, amount, at)
              GROUP BY corridor) t
        WHERE p.corridor_id = t.corridor;
        INSERT INTO liquidity_entries (corridor_id, kind, balance_delta, reserved_delta, payment_id, at)
        SELECT corridor, 'reservation', 0, amount, id, at FROM unnest(taken_corridors, taken_amounts, taken_ids, taken_at) AS x(corridor, amount, id, at);
    END IF;

    RETURN QUERY
    WITH input AS (
        SELECT * FROM unnest(p_ids, p_expected, p_states, p_versions, p_at, p_next, p_error_codes, p_partner_refs,
                             p_add_dispatch, p_cycle_starts, p_cycle_closes, p_guards, p_from, p_event, p_detail, p_reserve)
            WITH ORDINALITY AS t(id, expected, state, version, at, next_action_at, error_code, partner_reference,
                                 add_dispatch, cycle_starts_at, cycle_closes_at, guard, from_state, event, detail, reserve, ord)
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
            cycle_closes_at = COALESCE(i.cycle_closes_at, p.cycle_closes_at),
            reserved_minor = COALESCE(i.reserve, p.reserved_minor)
        FROM input i
        WHERE p.id = i.id AND p.version = i.expected
          AND NOT EXISTS (SELECT 1 FROM input j WHERE j.id = i.id AND j.expected = i.expected AND j.ord < i.ord)
          AND NOT (i.guard IS NOT NULL AND mekong_held_for_review(p.hold_code))
          AND NOT (i.ord = ANY (short))
          AND NOT EXISTS (SELECT 1 FROM shut s WHERE s.ord = i.ord)
          AND NOT EXISTS (SELECT 1 FROM windows w WHERE w.ord = i.ord)
        RETURNING i.ord, p.id, p.corridor_id, p.reserved_minor, p.state, i.from_state, i.at
    ), ended AS (
        -- A reservation ends with its payment, in the statement that ends it: settlement turns it
        -- into a debit (available stays as it is, so the position's row is not touched); a
        -- rejection or a TIMEOUT releases it back into available. (ERROR keeps it: whether money
        -- moved is for reconciliation to say.)
        SELECT a.id, a.corridor_id, a.reserved_minor, a.at, a.state = 'CROSS_BORDER_SETTLED' AS settled
        FROM applied a
        WHERE a.reserved_minor IS NOT NULL AND a.state IN ('CROSS_BORDER_SETTLED', 'REJECTED', 'TIMEOUT')
          AND a.from_state NOT IN ('CROSS_BORDER_SETTLED', 'REJECTED', 'TIMEOUT')
    ), ended_entries AS (
        INSERT INTO liquidity_entries (corridor_id, kind, balance_delta, reserved_delta, payment_id, at)
        SELECT corridor_id, CASE WHEN settled THEN 'settlement' ELSE 'release' END, CASE WHEN settled THEN -reserved_minor ELSE 0 END,
               -reserved_minor, id, at
        FROM ended
    ), released AS (
        UPDATE liquidity_positions l SET available_minor = l.available_minor + t.amount, updated_at = t.at
        FROM (SELECT corridor_id, sum(reserved_minor) AS amount, max(at) AS at FROM ended WHERE NOT settled GROUP BY corridor_id) t
        WHERE l.corridor_id = t.corridor_id
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
           w.id, w.corridor_id, w.starts_at, w.ends_at, w.reason, w.created_by, w.created_at,
           i.ord = ANY (short)
    FROM input i
    LEFT JOIN applied a ON a.ord = i.ord
    LEFT JOIN shut s ON s.ord = i.ord
    LEFT JOIN windows w ON w.ord = i.ord
    ORDER BY i.ord;
END
$$;

-- Treasury's top-ups and adjustments, under maker-checker: made by one treasury key, moving the
-- position only once a second (another client) approves; each decision audited.
CREATE TABLE liquidity_requests (
    id               text PRIMARY KEY,
    corridor_id      text NOT NULL REFERENCES liquidity_positions (corridor_id),
    kind             text NOT NULL CHECK (kind IN ('topup', 'adjustment')),
    amount_minor     bigint NOT NULL CHECK (amount_minor <> 0),
    currency         text NOT NULL,
    note             text NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_by     text NOT NULL,
    requested_client text NOT NULL,
    requested_at     timestamptz NOT NULL,
    decided_by       text,
    decided_client   text,
    decided_at       timestamptz,
    decision_note    text,
    CONSTRAINT liquidity_requests_topup_positive CHECK (kind <> 'topup' OR amount_minor > 0),
    CONSTRAINT liquidity_requests_four_eyes CHECK (status <> 'approved' OR (decided_by <> requested_by AND decided_client <> requested_client))
);
CREATE INDEX liquidity_requests_pending ON liquidity_requests (requested_at) WHERE status = 'pending';

-- The settlement bank's history of a corridor's outflows by hour, imported (`mekong liquidity
-- history`), for the forecast's hours before the ledger's own settlements begin.
CREATE TABLE liquidity_flow_history (
    corridor_id      text NOT NULL REFERENCES liquidity_positions (corridor_id),
    hour             timestamptz NOT NULL,
    outflow_minor    bigint NOT NULL CHECK (outflow_minor >= 0),
    source           text NOT NULL,
    imported_at      timestamptz NOT NULL,
    PRIMARY KEY (corridor_id, hour)
);
