-- A replay's rows name the events-log row they replay. No foreign key: the
-- log is trimmed by age, and a replay outlives the row it replayed.
ALTER TABLE delivery_log ADD COLUMN replay_of INTEGER;
