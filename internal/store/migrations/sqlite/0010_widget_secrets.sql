-- The header values of widget card buttons (and their params and form
-- fields marked secret) are sealed like an integration's secrets. Widgets
-- saved before are in clear until the server's start-up pass seals them
-- and sets this flag.
ALTER TABLE widgets ADD COLUMN secrets_sealed BOOLEAN NOT NULL DEFAULT FALSE;
