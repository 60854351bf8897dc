-- Version 13: the batched payment pipeline.

-- The corridor gate. A hand-off holds its corridor's gate shared (an advisory lock, kept in
-- the lock manager, not on a row: no MultiXact however many hand-offs share it) from before
-- its statement reads the corridor's control row until it commits; an ops toggle takes the
-- gate exclusively before it changes the row and keeps it until it commits. So a toggle
-- waits for the hand-offs under way, and a hand-off that starts after a toggle reads the
-- row only once the toggle has committed: no payment is handed off after a disable commits.
-- The key: 7701 in the high 32 bits (Mekong's advisory lock space), the corridor's hash below.
CREATE FUNCTION mekong_corridor_gate(corridor text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT (7701::bigint << 32) | (hashtext(corridor)::bigint & 4294967295) $$;

-- The clients with a live webhook subscription: events of any other client are written
-- already fanned out, so they cost nothing after they are written. (A subscription sees the
-- events written after it is committed, as before; the fan-out would not have delivered an
-- event of a client without one.)
CREATE VIEW mekong_subscribed_clients AS
    SELECT DISTINCT client_id FROM webhook_subscriptions WHERE state = 'ENABLED' AND deleted_at IS NULL;

-- A batch of payment transitions, each a compare-and-set on the payment's version with its
-- history row and events, in one call. Element i of every p_ array is transition i; e_change
-- names the transition (1-based) each event belongs to, and an event is written only if its
-- transition applied. A transition with a p_guards corridor is a hand-off: it applies only
-- while that corridor is enabled and outside every maintenance window, read after the gate is
-- held (the second statement below takes a fresh snapshot: this function is VOLATILE and the
-- session READ COMMITTED). One row answers each transition, in order.
CREATE FUNCTION mekong_apply_transitions(
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
