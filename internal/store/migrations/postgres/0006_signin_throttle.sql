-- Sign-in attempts per account and per client address in the current
-- window, shared by every process. key_hash is a SHA-256 of the key, so
-- that what people type into the email field is not kept.
CREATE TABLE signin_throttle (
    key_hash TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    window_start_datetime TIMESTAMPTZ NOT NULL
);
CREATE INDEX signin_throttle_window ON signin_throttle (window_start_datetime);
