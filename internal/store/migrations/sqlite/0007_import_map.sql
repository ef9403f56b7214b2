-- What an import created from another helpdesk's export: the source's id of
-- each object and the id of the one made here, so running the same import
-- again finds it instead of creating it twice.
CREATE TABLE import_map (
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    created_datetime TIMESTAMP NOT NULL,
    PRIMARY KEY (source, kind, source_id)
);
