-- Mekong schema, version 1: API keys, quotes, payments with their history,
-- the transactional outbox and idempotency records.

CREATE TABLE api_keys (
    id            text PRIMARY KEY,
    client_id     text NOT NULL,
    role          text NOT NULL CHECK (role IN ('app', 'treasury', 'ops', 'admin')),
    name          text NOT NULL,
    prefix        text NOT NULL,
    secret_hash   bytea NOT NULL UNIQUE,
    permissions   text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz
);

CREATE TABLE quotes (
    id                    text PRIMARY KEY,
    client_id             text NOT NULL,
    corridor_id           text NOT NULL,
    payment_type          text NOT NULL,
    source_minor          bigint NOT NULL CHECK (source_minor > 0),
    source_currency       text NOT NULL,
    fee_minor             bigint NOT NULL CHECK (fee_minor >= 0),
    destination_minor     bigint NOT NULL CHECK (destination_minor >= 0),
    destination_currency  text NOT NULL,
    reference_rate        bigint NOT NULL,
    customer_rate         bigint NOT NULL,
    snapshot_id           text NOT NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL
);
CREATE INDEX quotes_client ON quotes (client_id, id);

CREATE TABLE payments (
    id                    text PRIMARY KEY,
    client_id             text NOT NULL,
    quote_id              text NOT NULL UNIQUE REFERENCES quotes (id),
    corridor_id           text NOT NULL,
    payment_type          text NOT NULL,
    flow                  text NOT NULL,
    state                 text NOT NULL,
    version               integer NOT NULL,
    source_minor          bigint NOT NULL,
    source_currency       text NOT NULL,
    fee_minor             bigint NOT NULL,
    destination_minor     bigint NOT NULL,
    destination_currency  text NOT NULL,
    reference_rate        bigint NOT NULL,
    customer_rate         bigint NOT NULL,
    snapshot_id           text NOT NULL,
    payer_name            text NOT NULL,
    payer_account         text NOT NULL,
    beneficiary_name      text NOT NULL,
    beneficiary_account   text NOT NULL,
    error_code            integer,
    error_message         text,
    partner_reference     text,
    dispatch_attempts     integer NOT NULL DEFAULT 0,
    inquiry_attempts      integer NOT NULL DEFAULT 0,
    next_action_at        timestamptz,
    needs_review          boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX payments_client ON payments (client_id, id);
CREATE INDEX payments_due ON payments (next_action_at)
    WHERE state IN ('FX_PENDING', 'CORRIDOR_PROCESSING');

CREATE TABLE payment_history (
    payment_id   text NOT NULL REFERENCES payments (id),
    version      integer NOT NULL,
    from_state   text,
    to_state     text NOT NULL,
    event        text NOT NULL,
    error_code   integer,
    detail       text,
    at           timestamptz NOT NULL,
    PRIMARY KEY (payment_id, version)
);

CREATE TABLE outbox_events (
    id            text PRIMARY KEY,
    aggregate_id  text NOT NULL,
    sequence      integer NOT NULL,
    type          text NOT NULL,
    payload       jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    UNIQUE (aggregate_id, sequence, type)
);

CREATE TABLE idempotency_keys (
    client_id        text NOT NULL,
    key              text NOT NULL,
    request_hash     bytea NOT NULL,
    response_status  integer NOT NULL,
    response_body    bytea NOT NULL,
    resource_id      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, key)
);
