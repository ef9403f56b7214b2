-- Per-integration delivery limits are kept in memory on SQLite: one process
-- serves a SQLite database, so its counts are the whole truth. PostgreSQL,
-- where several processes may deliver, keeps them in delivery_rate and
-- delivery_leases. Nothing to change here; the number keeps both dialects
-- in step.
SELECT 1;
