-- Per-integration delivery limits shared by every process delivering from
-- this database. delivery_rate is the token bucket of each integration with
-- a rate_limit: tokens as of updated_datetime (the database's clock), taken
-- one per request by a single upsert; granted says whether the last take
-- got one. delivery_leases holds the concurrency slots 0 … max_concurrency-1
-- of each integration with a max_concurrency: a slot is free when its lease
-- has expired, so a process that dies mid-request frees its slots when
-- their leases run out.
CREATE TABLE delivery_rate (
    integration_id BIGINT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    tokens DOUBLE PRECISION NOT NULL,
    granted BOOLEAN NOT NULL,
    updated_datetime TIMESTAMPTZ NOT NULL
);
CREATE TABLE delivery_leases (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    holder TEXT NOT NULL,
    expires_datetime TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (integration_id, slot)
);
