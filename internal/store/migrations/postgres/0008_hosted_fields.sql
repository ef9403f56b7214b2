-- The fields the hosted helpdesk we follow exposes on tickets, customers,
-- users and messages, so templates written for it find them. Defaults keep
-- existing rows valid; the derived ones are filled from the rows at hand.
ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE tickets ADD COLUMN meta JSON NOT NULL DEFAULT '{}';
ALTER TABLE tickets ADD COLUMN language TEXT;
ALTER TABLE tickets ADD COLUMN via TEXT NOT NULL DEFAULT 'api';
ALTER TABLE tickets ADD COLUMN spam BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN external_id TEXT;
ALTER TABLE tickets ADD COLUMN from_agent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN last_received_message_datetime TIMESTAMPTZ;
UPDATE tickets SET
    from_agent = COALESCE((SELECT m.from_agent FROM messages m WHERE m.ticket_id = tickets.id ORDER BY m.id LIMIT 1), FALSE),
    last_received_message_datetime = (SELECT m.created_datetime FROM messages m
        WHERE m.ticket_id = tickets.id AND NOT m.from_agent ORDER BY m.id DESC LIMIT 1);

ALTER TABLE customers ADD COLUMN external_id TEXT;
ALTER TABLE customers ADD COLUMN language TEXT;
ALTER TABLE customers ADD COLUMN timezone TEXT;
ALTER TABLE customers ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN channels JSON NOT NULL DEFAULT '[]';

ALTER TABLE users ADD COLUMN firstname TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN lastname TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
UPDATE users SET
    firstname = CASE WHEN position(' ' IN trim(name)) > 0 THEN split_part(trim(name), ' ', 1) ELSE trim(name) END,
    lastname = CASE WHEN position(' ' IN trim(name)) > 0 THEN trim(substr(trim(name), position(' ' IN trim(name)) + 1)) ELSE '' END;

ALTER TABLE messages ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN via TEXT NOT NULL DEFAULT 'api';
