-- Hourly counts of each integration's events log, kept as the log is written
-- (in the same transaction): the events chart and the integrations list's
-- health read these instead of the log. hour is the start of a UTC hour;
-- the n_* columns count rows by duration, in milliseconds, for percentiles.
CREATE TABLE delivery_hourly (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    hour TIMESTAMPTZ NOT NULL,
    outcome TEXT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    duration_ms_sum BIGINT NOT NULL DEFAULT 0,
    n_lt_50 BIGINT NOT NULL DEFAULT 0,
    n_lt_100 BIGINT NOT NULL DEFAULT 0,
    n_lt_250 BIGINT NOT NULL DEFAULT 0,
    n_lt_500 BIGINT NOT NULL DEFAULT 0,
    n_lt_1000 BIGINT NOT NULL DEFAULT 0,
    n_lt_2500 BIGINT NOT NULL DEFAULT 0,
    n_lt_5000 BIGINT NOT NULL DEFAULT 0,
    n_ge_5000 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (integration_id, hour, outcome)
);
CREATE INDEX delivery_hourly_hour ON delivery_hourly (hour);

INSERT INTO delivery_hourly (integration_id, hour, outcome, count, duration_ms_sum,
    n_lt_50, n_lt_100, n_lt_250, n_lt_500, n_lt_1000, n_lt_2500, n_lt_5000, n_ge_5000)
SELECT integration_id, date_trunc('hour', created_datetime AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', outcome, COUNT(*), SUM(duration_ms),
    SUM(CASE WHEN duration_ms < 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 50 AND duration_ms < 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 100 AND duration_ms < 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 250 AND duration_ms < 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 500 AND duration_ms < 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 1000 AND duration_ms < 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 2500 AND duration_ms < 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN duration_ms >= 5000 THEN 1 ELSE 0 END)
FROM delivery_log GROUP BY integration_id, date_trunc('hour', created_datetime AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', outcome;

-- Integrations found failing more than half their requests over the last
-- hour, since when: the admins are told once per episode.
CREATE TABLE integration_at_risk (
    integration_id BIGINT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    since_datetime TIMESTAMPTZ NOT NULL
);
