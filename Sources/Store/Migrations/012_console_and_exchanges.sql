-- Version 12: the staff console's sessions, and each payment's partner exchanges (redacted).

-- A console session: the cookie carries a random token; only its SHA-256 is stored. The
-- session acts as the API key it was opened with, so revoking the key ends the session.
CREATE TABLE console_sessions (
    token_hash   bytea PRIMARY KEY,
    key_id       text NOT NULL REFERENCES api_keys (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

-- What Mekong sent a partner about a payment and what came back, with account numbers,
-- names and secrets masked before they are stored. Bodies are cut at 4 KB.
CREATE TABLE partner_exchanges (
    id           bigserial PRIMARY KEY,
    payment_id   text NOT NULL REFERENCES payments (id),
    corridor_id  text NOT NULL,
    method       text NOT NULL,
    path         text NOT NULL,
    status       integer,
    duration_ms  integer,
    request      text NOT NULL,
    response     text,
    error        text,
    at           timestamptz NOT NULL
);
CREATE INDEX partner_exchanges_payment ON partner_exchanges (payment_id, id);

-- The console's payment search: newest first, by day, by partner reference.
CREATE INDEX payments_created ON payments (created_at DESC, id DESC);
CREATE INDEX payments_partner_reference ON payments (partner_reference) WHERE partner_reference IS NOT NULL;
