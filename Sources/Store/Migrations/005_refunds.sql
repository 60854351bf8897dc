-- Version 5: refunds of settled payments, with their own lifecycle.
CREATE TABLE refunds (
    id                    text PRIMARY KEY,
    payment_id            text NOT NULL REFERENCES payments (id),
    corridor_id           text NOT NULL,
    client_id             text NOT NULL,
    state                 text NOT NULL CHECK (state IN ('PENDING', 'PROCESSING', 'PROCESSED', 'FAILED')),
    version               integer NOT NULL,
    destination_minor     bigint NOT NULL CHECK (destination_minor > 0),
    destination_currency  text NOT NULL,
    source_minor          bigint NOT NULL CHECK (source_minor >= 0),
    source_currency       text NOT NULL,
    reason                text,
    partner_reference     text,
    error_code            integer,
    error_message         text,
    attempts              integer NOT NULL DEFAULT 0,
    next_action_at        timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE INDEX refunds_due ON refunds (next_action_at) WHERE state IN ('PENDING', 'PROCESSING');
