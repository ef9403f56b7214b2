-- The sidebar reads the last fetch of each integration for a ticket's
-- customer (to say when it failed); this index finds a customer's rows
-- through their tickets without scanning the whole log.
CREATE INDEX delivery_log_ticket ON delivery_log (ticket_id, integration_id, id);
