-- Users, tokens, teams, customers, tickets, messages and the domain events.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL DEFAULT '',
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_datetime TIMESTAMP NOT NULL,
    last_used_datetime TIMESTAMP
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_datetime TIMESTAMP NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    firstname TEXT NOT NULL DEFAULT '',
    lastname TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}',
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL
);

-- The last JSON each integration fetched for a customer.
CREATE TABLE customer_integrations (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    integration_id INTEGER NOT NULL,
    data TEXT NOT NULL,
    fetched_datetime TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, integration_id)
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    subject TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    channel TEXT NOT NULL DEFAULT 'api',
    assignee_user_id INTEGER REFERENCES users (id),
    assignee_team_id INTEGER REFERENCES teams (id),
    snooze_datetime TIMESTAMP,
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL,
    opened_datetime TIMESTAMP,
    closed_datetime TIMESTAMP,
    last_message_datetime TIMESTAMP
);
CREATE INDEX tickets_status_id ON tickets (status, id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX tickets_snooze ON tickets (snooze_datetime) WHERE snooze_datetime IS NOT NULL;

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (ticket_id, name)
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    from_agent BOOLEAN NOT NULL,
    sender_user_id INTEGER REFERENCES users (id),
    channel TEXT NOT NULL DEFAULT 'api',
    body_text TEXT NOT NULL DEFAULT '',
    body_html TEXT NOT NULL DEFAULT '',
    created_datetime TIMESTAMP NOT NULL,
    failed_datetime TIMESTAMP
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    message_id INTEGER,
    user_id INTEGER,
    ticket TEXT NOT NULL,
    message TEXT,
    changes TEXT,
    created_datetime TIMESTAMP NOT NULL
);
CREATE INDEX events_ticket ON events (ticket_id, id);
CREATE INDEX events_kind ON events (kind, id);
