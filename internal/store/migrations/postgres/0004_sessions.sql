-- Web sign-in sessions; only a hash of the cookie value is stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_datetime TIMESTAMPTZ NOT NULL,
    expires_datetime TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_datetime);
