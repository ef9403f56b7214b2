-- HTTP integrations, their events log, and admin notifications.
CREATE TABLE integrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL DEFAULT 'http',
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    triggers TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    deactivated_datetime TIMESTAMP,
    deactivation_reason TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL
);

CREATE TABLE delivery_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    delivery_id TEXT NOT NULL,
    event_id INTEGER,
    event_kind TEXT NOT NULL,
    ticket_id INTEGER,
    attempt INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT,
    error_class TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    created_datetime TIMESTAMP NOT NULL
);
CREATE INDEX delivery_log_integration ON delivery_log (integration_id, id);
CREATE INDEX delivery_log_outcome ON delivery_log (integration_id, outcome, id);
CREATE INDEX delivery_log_created ON delivery_log (created_datetime);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    integration_id INTEGER REFERENCES integrations (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    created_datetime TIMESTAMP NOT NULL
);
