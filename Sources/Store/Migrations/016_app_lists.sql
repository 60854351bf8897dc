-- The app's own list of payments: newest first per client, cursor-paged, and searchable by
-- the app's own reference. Idempotency keys are kept for a fixed time (pruned by age).
ALTER TABLE payments ADD COLUMN IF NOT EXISTS client_reference text;
CREATE INDEX IF NOT EXISTS payments_client_created ON payments (client_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS payments_client_reference ON payments (client_id, client_reference) WHERE client_reference IS NOT NULL;
CREATE INDEX IF NOT EXISTS payments_created ON payments (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);

-- Ids made in SQL look like every other id (`Identifier.make`): the prefix, "_", then 26
-- Crockford base32 characters of 48 bits of milliseconds and 80 random bits (ULID layout).
CREATE OR REPLACE FUNCTION mekong_id(prefix text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    bits bit(130) := B'00'
        || ((extract(epoch FROM clock_timestamp()) * 1000)::bigint)::bit(48)
        || ('x' || substr(md5(random()::text || clock_timestamp()::text), 1, 20))::bit(80);
    out text := prefix || '_';
BEGIN
    FOR i IN 0..25 LOOP
        out := out || substr(alphabet, substring(bits FROM i * 5 + 1 FOR 5)::bit(5)::int + 1, 1);
    END LOOP;
    RETURN out;
END
$$;

-- /metrics counts the payments not yet final per corridor and state at every scrape: a small
-- partial index (only open payments are in it) keeps that from scanning every payment.
CREATE INDEX IF NOT EXISTS payments_open_by_state ON payments (corridor_id, state)
    WHERE state IN ('INITIATED', 'VALIDATED', 'FX_PENDING', 'CORRIDOR_PROCESSING');
