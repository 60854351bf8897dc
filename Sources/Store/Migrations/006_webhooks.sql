-- Version 6: webhook subscriptions and durable, at-least-once delivery of the outbox.
ALTER TABLE outbox_events ADD COLUMN client_id text;
ALTER TABLE outbox_events ADD COLUMN fanned_out_at timestamptz;
CREATE INDEX outbox_unfanned ON outbox_events (created_at) WHERE fanned_out_at IS NULL;

CREATE TABLE webhook_subscriptions (
    id                     text PRIMARY KEY,
    client_id              text NOT NULL,
    url                    text NOT NULL,
    events                 text[] NOT NULL,
    format                 text NOT NULL DEFAULT 'standard' CHECK (format IN ('standard', 'bakongpay')),
    max_attempts           integer CHECK (max_attempts BETWEEN 1 AND 10),
    secret                 text NOT NULL,
    previous_secret        text,
    previous_secret_until  timestamptz,
    state                  text NOT NULL DEFAULT 'ENABLED' CHECK (state IN ('ENABLED', 'DISABLED')),
    disabled_reason        text,
    created_at             timestamptz NOT NULL,
    deleted_at             timestamptz
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_deliveries (
    id                text PRIMARY KEY,
    subscription_id   text NOT NULL REFERENCES webhook_subscriptions (id),
    event_id          text NOT NULL REFERENCES outbox_events (id),
    client_id         text NOT NULL,
    state             text NOT NULL CHECK (state IN ('PENDING', 'RETRYING', 'SUCCESS', 'FAILED')),
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    last_status       integer,
    last_duration_ms  integer,
    last_error        text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state IN ('PENDING', 'RETRYING');
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
    delivery_id      text NOT NULL REFERENCES webhook_deliveries (id),
    attempt          integer NOT NULL,
    state            text NOT NULL,
    status_code      integer,
    duration_ms      integer NOT NULL,
    error            text,
    at               timestamptz NOT NULL,
    next_attempt_at  timestamptz,
    PRIMARY KEY (delivery_id, attempt)
);
