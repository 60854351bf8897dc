-- The console's sign-in form tokens, once used. A token (its SHA-256) is spent by the first
-- sign-in attempt that presents it, whatever the outcome; the form is good for 15 minutes,
-- so spent tokens older than that are purged.
CREATE TABLE console_spent_sign_in_tokens (
    token_hash bytea PRIMARY KEY,
    spent_at   timestamptz NOT NULL
);
