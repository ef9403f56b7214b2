-- Widgets of the ticket sidebar: how to show one integration's fetched data.
CREATE TABLE widgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    context TEXT NOT NULL DEFAULT 'ticket',
    type TEXT NOT NULL DEFAULT 'http',
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    template TEXT NOT NULL,
    created_datetime TIMESTAMP NOT NULL,
    updated_datetime TIMESTAMP NOT NULL
);
CREATE INDEX widgets_integration ON widgets (integration_id);
CREATE INDEX widgets_position ON widgets (context, position, id);
