-- Macros, and the log of the HTTP hooks agents fired by applying them.
CREATE TABLE macros (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    actions TEXT NOT NULL,
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL
);

-- A row outlives its macro (macro_id becomes NULL) so the log keeps what was
-- sent; it goes with its ticket.
CREATE TABLE hook_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    macro_id INTEGER REFERENCES macros (id) ON DELETE SET NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    action_index INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT,
    error_class TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    created_datetime TIMESTAMP NOT NULL
);
CREATE INDEX hook_log_ticket ON hook_log (ticket_id, id);
CREATE INDEX hook_log_macro ON hook_log (macro_id, id);
CREATE INDEX hook_log_message ON hook_log (message_id);
