-- Hourly counts of each integration's events log, kept as the log is written
-- (in the same transaction): the events chart and the integrations list's
-- health read these instead of the log. hour is the start of a UTC hour;
-- the n_* columns count rows by duration, in milliseconds, for percentiles.
CREATE TABLE delivery_hourly (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    hour TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    duration_ms_sum INTEGER NOT NULL DEFAULT 0,
    n_lt_50 INTEGER NOT NULL DEFAULT 0,
    n_lt_100 INTEGER NOT NULL DEFAULT 0,
    n_lt_250 INTEGER NOT NULL DEFAULT 0,
    n_lt_500 INTEGER NOT NULL DEFAULT 0,
    n_lt_1000 INTEGER NOT NULL DEFAULT 0,
    n_lt_2500 INTEGER NOT NULL DEFAULT 0,
    n_lt_5000 INTEGER NOT NULL DEFAULT 0,
    n_ge_5000 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (integration_id, hour, outcome)
);
CREATE INDEX delivery_hourly_hour ON delivery_hourly (hour);

INSERT INTO delivery_hourly (integration_id, hour, outcome, count, duration_ms_sum,
    n_lt_50, n_lt_100, n_lt_250, n_lt_500, n_lt_1000, n_lt_2500, n_lt_5000, n_ge_5000)
SELECT integration_id, strftime('%Y-%m-%d %H:00:00+00:00', created_datetime), outcome, COUNT(*), SUM(duration_ms),
    SUM(CASE WHEN duration_ms < 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 50 AND duration_ms < 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 100 AND duration_ms < 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 250 AND duration_ms < 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 500 AND duration_ms < 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 1000 AND duration_ms < 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 2500 AND duration_ms < 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 5000 THEN 1 ELSE 0 END)
FROM delivery_log GROUP BY integration_id, strftime('%Y-%m-%d %H:00:00+00:00', created_datetime), outcome;

-- Integrations found failing more than half their requests over the last
-- hour, since when: the admins are told once per episode.
CREATE TABLE integration_at_risk (
    integration_id INTEGER PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    since_datetime TIMESTAMP NOT NULL
);
