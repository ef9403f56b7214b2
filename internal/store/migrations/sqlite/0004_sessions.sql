-- Web sign-in sessions; only a hash of the cookie value is stored.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_datetime TIMESTAMP NOT NULL,
    expires_datetime TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_datetime);
