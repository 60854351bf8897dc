-- Version 10: KHQR merchants and charges, and exact webhook bodies.

-- A merchant is a client that takes KHQR payments: its display name and the Bakong account
-- its codes pay into.
CREATE TABLE merchants (
    client_id          text PRIMARY KEY,
    email              text NOT NULL,
    name               text NOT NULL,
    bakong_account_id  text NOT NULL,
    city               text NOT NULL,
    created_at         timestamptz NOT NULL
);
CREATE UNIQUE INDEX merchants_email ON merchants (lower(email));

CREATE TABLE charges (
    id               text PRIMARY KEY,
    client_id        text NOT NULL,
    amount_minor     bigint NOT NULL CHECK (amount_minor > 0),
    currency         text NOT NULL CHECK (currency IN ('USD', 'KHR')),
    description      text,
    metadata         text NOT NULL DEFAULT '{}',          -- the client's JSON object, kept as sent
    status           text NOT NULL CHECK (status IN ('pending', 'paid', 'expired', 'failed')),
    qr_code          text NOT NULL,
    md5_hash         text NOT NULL UNIQUE,
    bill_number      text NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    paid_at          timestamptz,
    failed_reason    text,
    bakong_hash      text,                                 -- Bakong's transaction hash once paid
    payer_account    text,                                 -- masked
    payment_id       text,                                 -- the inbound cross-border payment that paid it, if any
    checked_at       timestamptz
);
CREATE INDEX charges_client ON charges (client_id, created_at DESC);
CREATE INDEX charges_pending ON charges (expires_at) WHERE status = 'pending';
-- A charge paid across a border is claimed by its inbound payment (one at a time).
CREATE UNIQUE INDEX charges_payment ON charges (payment_id) WHERE payment_id IS NOT NULL;

-- Some events must reach receivers byte for byte as signed (the KHQR gateway's receivers
-- verify a signature over a re-serialised body): `body` is then delivered instead of
-- `payload`, and `bakongpay_body` to subscriptions in the BakongPay format.
ALTER TABLE outbox_events ADD COLUMN body text;
ALTER TABLE outbox_events ADD COLUMN bakongpay_body text;
