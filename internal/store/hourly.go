package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The events log is summed up per integration, UTC hour and outcome in
// delivery_hourly as its rows are written, in the same statement set (so in
// the same transaction when the caller holds one): charts and health read a
// few dozen rows instead of the log.

// HourlyBucketsMS are the upper bounds, in milliseconds, of the duration
// buckets each hourly row counts; a last bucket holds everything from 5 s on.
var HourlyBucketsMS = [...]int64{50, 100, 250, 500, 1000, 2500, 5000}

// hourlyBucketColumns name the buckets, in the order of HourlyBucketsMS, then
// the open last one.
var hourlyBucketColumns = [len(HourlyBucketsMS) + 1]string{"n_lt_50", "n_lt_100", "n_lt_250", "n_lt_500", "n_lt_1000",
	"n_lt_2500", "n_lt_5000", "n_ge_5000"}

// DeliveryHour is one hour of one integration's events log with one outcome.
type DeliveryHour struct {
	IntegrationID int64
	Hour          time.Time // the hour's start, UTC
	Outcome       string
	Count         int64
	DurationMSSum int64
	Buckets       [len(HourlyBucketsMS) + 1]int64 // rows by duration, as HourlyBucketsMS says
}

// hourlyBucket is the bucket of a duration.
func hourlyBucket(ms int64) int {
	for i, top := range HourlyBucketsMS {
		if ms < top {
			return i
		}
	}
	return len(HourlyBucketsMS)
}

// deliveryHours counts rows (at least one) into their hours with one
// upsert. Keys are written in a fixed order, so that two writers cannot
// deadlock on them.
func deliveryHours(rows []DeliveryLog) writeStmt {
	type key struct {
		id      int64
		hour    int64
		outcome string
	}
	sums := map[key]*DeliveryHour{}
	for _, l := range rows {
		hour := T(l.CreatedAt).Truncate(time.Hour)
		k := key{l.IntegrationID, hour.Unix(), l.Outcome}
		h := sums[k]
		if h == nil {
			h = &DeliveryHour{IntegrationID: l.IntegrationID, Hour: hour, Outcome: l.Outcome}
			sums[k] = h
		}
		h.Count++
		h.DurationMSSum += l.DurationMS
		h.Buckets[hourlyBucket(l.DurationMS)]++
	}
	list := make([]*DeliveryHour, 0, len(sums))
	for _, h := range sums {
		list = append(list, h)
	}
	slices.SortFunc(list, func(a, b *DeliveryHour) int {
		return cmp.Or(cmp.Compare(a.IntegrationID, b.IntegrationID), a.Hour.Compare(b.Hour), strings.Compare(a.Outcome, b.Outcome))
	})
	cols := 5 + len(hourlyBucketColumns)
	var b strings.Builder
	b.WriteString(`INSERT INTO delivery_hourly (integration_id, hour, outcome, count, duration_ms_sum, ` +
		strings.Join(hourlyBucketColumns[:], ", ") + `) VALUES ` + valueRows(len(list), cols))
	args := make([]any, 0, len(list)*cols)
	for _, h := range list {
		args = append(args, h.IntegrationID, h.Hour, h.Outcome, h.Count, h.DurationMSSum)
		for _, n := range h.Buckets {
			args = append(args, n)
		}
	}
	b.WriteString(` ON CONFLICT (integration_id, hour, outcome) DO UPDATE SET count = delivery_hourly.count + excluded.count,
		duration_ms_sum = delivery_hourly.duration_ms_sum + excluded.duration_ms_sum`)
	for _, c := range hourlyBucketColumns {
		fmt.Fprintf(&b, ", %s = delivery_hourly.%s + excluded.%s", c, c, c)
	}
	return writeStmt{sql: b.String(), args: args, what: fmt.Sprintf("count %d deliveries by hour", len(rows))}
}

// maxHourlyIntegrations bounds the integrations one DeliveryHours call reads.
const maxHourlyIntegrations = 500

// DeliveryHours returns the hourly rows of the given integrations from since
// on, oldest first.
func (q Q) DeliveryHours(ctx context.Context, ids []int64, since time.Time) ([]DeliveryHour, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > maxHourlyIntegrations {
		return nil, fmt.Errorf("store: hourly counts of %d integrations at once; at most %d", len(ids), maxHourlyIntegrations)
	}
	args := []any{T(since)}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT integration_id, hour, outcome, count, duration_ms_sum, `+
		strings.Join(hourlyBucketColumns[:], ", ")+` FROM delivery_hourly
		WHERE integration_id IN (`+strings.Join(marks, ", ")+`) AND hour >= $1 ORDER BY integration_id, hour, outcome`, args...)
	if err != nil {
		return nil, wrap(err, "read hourly counts")
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (DeliveryHour, error) {
		var h DeliveryHour
		dest := []any{&h.IntegrationID, &h.Hour, &h.Outcome, &h.Count, &h.DurationMSSum}
		for i := range h.Buckets {
			dest = append(dest, &h.Buckets[i])
		}
		err := row.Scan(dest...)
		h.Hour = h.Hour.UTC()
		return h, err
	}, "read hourly counts")
}

// DeleteDeliveryHoursBefore removes up to limit hourly rows of hours that
// started before cutoff and says how many went.
func (q Q) DeleteDeliveryHoursBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM delivery_hourly WHERE (integration_id, hour, outcome) IN (
		SELECT integration_id, hour, outcome FROM delivery_hourly WHERE hour < $1 ORDER BY hour LIMIT $2)`, T(cutoff), limit)
	if err != nil {
		return 0, wrap(err, "trim hourly counts")
	}
	n, err := res.RowsAffected()
	return n, wrap(err, "trim hourly counts")
}

// hourOf is the SQL for the UTC hour of a stored time, written as Go writes
// a time.Time parameter, so that the keys it makes match those of
// deliveryHours.
func (q Q) hourOf(col string) string {
	if q.dialect == Postgres {
		return "date_trunc('hour', " + col + " AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
	}
	return "strftime('%Y-%m-%d %H:00:00+00:00', " + col + ")"
}

// RebuildDeliveryHours counts the whole events log again, as the migration
// that added the hourly counts did; for tests and benchmarks that write log
// rows with plain SQL.
func (q Q) RebuildDeliveryHours(ctx context.Context) error {
	sums := make([]string, len(hourlyBucketColumns))
	for i := range hourlyBucketColumns {
		switch {
		case i == 0:
			sums[i] = fmt.Sprintf("SUM(CASE WHEN duration_ms < %d THEN 1 ELSE 0 END)", HourlyBucketsMS[0])
		case i == len(HourlyBucketsMS):
			sums[i] = fmt.Sprintf("SUM(CASE WHEN duration_ms >= %d THEN 1 ELSE 0 END)", HourlyBucketsMS[i-1])
		default:
			sums[i] = fmt.Sprintf("SUM(CASE WHEN duration_ms >= %d AND duration_ms < %d THEN 1 ELSE 0 END)", HourlyBucketsMS[i-1], HourlyBucketsMS[i])
		}
	}
	hour := q.hourOf("created_datetime")
	if _, err := q.db.ExecContext(ctx, `DELETE FROM delivery_hourly`); err != nil {
		return wrap(err, "rebuild hourly counts")
	}
	_, err := q.db.ExecContext(ctx, `INSERT INTO delivery_hourly (integration_id, hour, outcome, count, duration_ms_sum, `+
		strings.Join(hourlyBucketColumns[:], ", ")+`)
		SELECT integration_id, `+hour+`, outcome, COUNT(*), SUM(duration_ms), `+strings.Join(sums, ", ")+`
		FROM delivery_log GROUP BY integration_id, `+hour+`, outcome`)
	return wrap(err, "rebuild hourly counts")
}

// LatestDeliveryWith returns an integration's newest events-log row with one
// of the outcomes, or ErrNotFound. Each outcome is one lookup at the end of
// the (integration_id, outcome, id) index, however long the log.
func (q Q) LatestDeliveryWith(ctx context.Context, integrationID int64, outcomes []string) (DeliveryLog, error) {
	if len(outcomes) == 0 || len(outcomes) > 16 {
		return DeliveryLog{}, fmt.Errorf("store: latest row of %d outcomes; 1 to 16", len(outcomes))
	}
	args := []any{integrationID}
	parts := make([]string, len(outcomes))
	for i, o := range outcomes {
		args = append(args, o)
		parts[i] = fmt.Sprintf("SELECT MAX(id) AS id FROM delivery_log WHERE integration_id = $1 AND outcome = $%d", i+2)
	}
	l, err := scanDeliveryLog(q.db.QueryRowContext(ctx, `SELECT `+deliveryLogColumns+` FROM delivery_log WHERE id = (
		SELECT MAX(id) FROM (`+strings.Join(parts, " UNION ALL ")+`) latest)`, args...))
	return l, wrap(err, "latest failure of integration %d", integrationID)
}

// MarkAtRisk records that an integration is at risk from since on, and
// reports whether it was not already: only then are the admins told.
func (q Q) MarkAtRisk(ctx context.Context, integrationID int64, since time.Time) (bool, error) {
	res, err := q.db.ExecContext(ctx, `INSERT INTO integration_at_risk (integration_id, since_datetime) VALUES ($1, $2)
		ON CONFLICT (integration_id) DO NOTHING`, integrationID, T(since))
	if err != nil {
		return false, wrap(err, "mark integration %d at risk", integrationID)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap(err, "mark integration %d at risk", integrationID)
}

// ClearAtRisk records that an integration is no longer at risk.
func (q Q) ClearAtRisk(ctx context.Context, integrationID int64) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM integration_at_risk WHERE integration_id = $1`, integrationID)
	return wrap(err, "clear integration %d at risk", integrationID)
}

// AtRiskMark is an integration marked at risk.
type AtRiskMark struct {
	IntegrationID int64
	Name          string
	Enabled       bool
	Since         time.Time
}

// ListAtRisk lists up to limit integrations marked at risk, newest mark first.
func (q Q) ListAtRisk(ctx context.Context, limit int) ([]AtRiskMark, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT r.integration_id, i.name, i.enabled, r.since_datetime
		FROM integration_at_risk r JOIN integrations i ON i.id = r.integration_id
		ORDER BY r.since_datetime DESC, r.integration_id LIMIT $1`, limit)
	if err != nil {
		return nil, wrap(err, "list integrations at risk")
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (AtRiskMark, error) {
		var m AtRiskMark
		return m, row.Scan(&m.IntegrationID, &m.Name, &m.Enabled, &m.Since)
	}, "list integrations at risk")
}
