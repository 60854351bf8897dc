-- Version 11: daily reconciliation against partner settlement files.

-- One import of one corridor's file for one business day (Asia/Phnom_Penh). The same file
-- again (same SHA-256) is the same run; a corrected file makes a new current run and the
-- earlier one superseded, kept with its exceptions.
CREATE TABLE reconciliation_runs (
    id             text PRIMARY KEY,
    corridor_id    text NOT NULL,
    business_date  date NOT NULL,
    file_sha256    text NOT NULL,
    status         text NOT NULL CHECK (status IN ('current', 'superseded')),
    rows           integer NOT NULL,
    report         text NOT NULL,          -- the JSON report, as served
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX reconciliation_runs_current ON reconciliation_runs (corridor_id, business_date) WHERE status = 'current';

-- What needs a person: every item not simply matched.
CREATE TABLE reconciliation_exceptions (
    id            text PRIMARY KEY,
    run_id        text NOT NULL REFERENCES reconciliation_runs (id),
    class         text NOT NULL,
    reference     text NOT NULL,
    payment_id    text,
    detail        text NOT NULL,
    status        text NOT NULL CHECK (status IN ('open', 'resolved', 'superseded')),
    note          text,
    resolved_by   text,
    resolved_at   timestamptz
);
CREATE INDEX reconciliation_exceptions_run ON reconciliation_exceptions (run_id, class);
CREATE INDEX reconciliation_exceptions_open ON reconciliation_exceptions (status) WHERE status = 'open';
