-- Version 3: batch corridors. A payment handed to a store-and-forward corridor joins a
-- settlement cycle; each cycle is claimed by exactly one instance under a lease, submitted
-- as one batch, and its results fanned out.
ALTER TABLE payments ADD COLUMN cycle_starts_at timestamptz;
ALTER TABLE payments ADD COLUMN cycle_closes_at timestamptz;
CREATE INDEX payments_cycle ON payments (corridor_id, cycle_starts_at)
    WHERE state = 'CORRIDOR_PROCESSING' AND cycle_starts_at IS NOT NULL;

CREATE TABLE settlement_cycles (
    corridor_id     text NOT NULL,
    starts_at       timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL,
    batch_id        text NOT NULL UNIQUE,
    state           text NOT NULL CHECK (state IN ('SUBMITTING', 'SETTLED')),
    lease_owner     text,
    lease_until     timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    item_count      integer,
    settled_count   integer,
    rejected_count  integer,
    settled_at      timestamptz,
    PRIMARY KEY (corridor_id, starts_at)
);
