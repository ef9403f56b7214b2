package delivery

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// An integration's health comes from the hourly counts kept beside the
// events log (never from the log itself, except its latest failure): the
// last 24 hours' success rate, 95th percentile duration and hourly trend,
// and whether it is at risk of being disabled.
//
// At risk means failing more than half its requests over the last hour,
// with at least AtRiskMinRequests of them, while enabled. "The last hour"
// is the current clock hour plus the share of the previous one that lies
// within the last 60 minutes (its counts scaled by that share).

// AtRiskMinRequests is how many requests the last hour needs before its
// failure ratio can mark an integration at risk: a few failures of a quiet
// integration are noise.
const AtRiskMinRequests = 10

// HealthHours is how many hourly buckets health covers: the current hour and
// the 23 before it.
const HealthHours = 24

// failing are the outcomes that count as failed requests: every failed
// attempt as the consecutive-failure count sees it, and requests that could
// not be built. Throttled (the receiver asked for time) and skipped (nothing
// was sent) are neither successes nor failures.
var failing = map[string]bool{OutcomeFailed: true, OutcomeRetrying: true, OutcomeGaveUp: true, OutcomeBlocked: true, OutcomeBuildFailed: true}

// failingOutcomes lists failing, in a fixed order, for the latest-failure lookup.
var failingOutcomes = []string{OutcomeFailed, OutcomeRetrying, OutcomeGaveUp, OutcomeBlocked, OutcomeBuildFailed}

// Failing reports whether an outcome is a failed request.
func Failing(outcome string) bool { return failing[outcome] }

// Sent reports whether an outcome's request went out (it has a duration).
func Sent(outcome string) bool { return outcome != OutcomeSkipped && outcome != OutcomeBuildFailed }

// Hour is one hour of an integration's events log.
type Hour struct {
	Start     time.Time
	Successes int64
	Failures  int64
	Skipped   int64
	Throttled int64
	// Sent and SentDurationMS are the requests that went out and the sum of
	// their durations, for averages.
	Sent           int64
	SentDurationMS int64
	buckets        [len(store.HourlyBucketsMS) + 1]int64 // sent requests by duration
}

// Requests are the hour's successes and failures.
func (h Hour) Requests() int64 { return h.Successes + h.Failures }

func (h *Hour) add(r store.DeliveryHour) {
	switch {
	case r.Outcome == OutcomeSuccess:
		h.Successes += r.Count
	case r.Outcome == OutcomeSkipped:
		h.Skipped += r.Count
	case r.Outcome == OutcomeThrottled:
		h.Throttled += r.Count
	case failing[r.Outcome]:
		h.Failures += r.Count
	}
	if Sent(r.Outcome) {
		h.Sent += r.Count
		h.SentDurationMS += r.DurationMSSum
		for i, n := range r.Buckets {
			h.buckets[i] += n
		}
	}
}

// Hours returns the hourly counts of an integration's log, one per hour
// from the hour holding since to the one holding now, empty hours included.
func (e *Engine) Hours(ctx context.Context, integrationID int64, since, now time.Time) ([]Hour, error) {
	rows, err := e.store.DeliveryHours(ctx, []int64{integrationID}, since.UTC().Truncate(time.Hour))
	if err != nil {
		return nil, err
	}
	return hourSlots(rows, since, now), nil
}

// hourSlots lays rows (of one integration) into hourly slots from since to now.
func hourSlots(rows []store.DeliveryHour, since, now time.Time) []Hour {
	first, last := since.UTC().Truncate(time.Hour), now.UTC().Truncate(time.Hour)
	n := int(last.Sub(first)/time.Hour) + 1
	if n < 1 {
		return nil
	}
	out := make([]Hour, n)
	for i := range out {
		out[i].Start = first.Add(time.Duration(i) * time.Hour)
	}
	for _, r := range rows {
		i := int(r.Hour.Sub(first) / time.Hour)
		if i >= 0 && i < n {
			out[i].add(r)
		}
	}
	return out
}

// LastError is an integration's latest failed request.
type LastError struct {
	Message string    `json:"message"`
	At      time.Time `json:"at"`
	EventID int64     `json:"event_id"` // the events-log row
	Outcome string    `json:"outcome"`
}

// Health is an integration's recent record, as the list and the API show it.
type Health struct {
	// SuccessRate24h is successes over successes and failures, 0 to 1; nil
	// without requests.
	SuccessRate24h *float64 `json:"success_rate_24h"`
	// P95MS24h is the 95th percentile duration of the requests sent, from
	// duration buckets (interpolated within one; 5000 means 5 s or more);
	// nil without requests.
	P95MS24h    *int64     `json:"p95_ms_24h"`
	Requests24h int64      `json:"requests_24h"`
	Failures24h int64      `json:"failures_24h"`
	LastError   *LastError `json:"last_error"`
	AtRisk      bool       `json:"at_risk"`
	// LastHourRequests and LastHourFailures are the estimates the at-risk
	// mark is decided on.
	LastHourRequests int64 `json:"last_hour_requests"`
	LastHourFailures int64 `json:"last_hour_failures"`
	// Hours is the trend, oldest first, the current hour last.
	Hours []Hour `json:"-"`
}

// Health returns the health of each integration, by id.
func (e *Engine) Health(ctx context.Context, its []integration.Integration) (map[int64]Health, error) {
	out := make(map[int64]Health, len(its))
	if len(its) == 0 {
		return out, nil
	}
	now := e.now()
	since := healthSince(now)
	ids := make([]int64, len(its))
	for i, it := range its {
		ids[i] = it.ID
	}
	rows, err := e.store.DeliveryHours(ctx, ids, since)
	if err != nil {
		return nil, err
	}
	byID := map[int64][]store.DeliveryHour{}
	for _, r := range rows {
		byID[r.IntegrationID] = append(byID[r.IntegrationID], r)
	}
	for _, it := range its {
		h := healthOf(hourSlots(byID[it.ID], since, now), now, it.Enabled)
		last, err := e.store.LatestDeliveryWith(ctx, it.ID, failingOutcomes)
		switch {
		case err == nil:
			h.LastError = &LastError{Message: lastErrorText(last), At: last.CreatedAt, EventID: last.ID, Outcome: last.Outcome}
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		out[it.ID] = h
	}
	return out, nil
}

// lastErrorText is what a failed row says went wrong.
func lastErrorText(l store.DeliveryLog) string {
	if l.Error != "" {
		return l.Error
	}
	return l.Outcome
}

// healthSince is the start of the oldest hour health covers.
func healthSince(now time.Time) time.Time {
	return now.UTC().Truncate(time.Hour).Add(-(HealthHours - 1) * time.Hour)
}

// healthOf sums up hourly slots ending with the one holding now.
func healthOf(hours []Hour, now time.Time, enabled bool) Health {
	h := Health{Hours: hours}
	var all Hour
	for _, x := range hours {
		all.Successes += x.Successes
		all.Failures += x.Failures
		all.Sent += x.Sent
		for i, n := range x.buckets {
			all.buckets[i] += n
		}
	}
	h.Requests24h, h.Failures24h = all.Requests(), all.Failures
	if all.Requests() > 0 {
		rate := float64(all.Successes) / float64(all.Requests())
		h.SuccessRate24h = &rate
	}
	if all.Sent > 0 {
		p := percentile(all.buckets, all.Sent, 0.95)
		h.P95MS24h = &p
	}
	if len(hours) > 0 {
		var prev Hour
		if len(hours) > 1 {
			prev = hours[len(hours)-2]
		}
		h.LastHourRequests, h.LastHourFailures = lastHour(hours[len(hours)-1], prev, now)
		h.AtRisk = enabled && atRisk(h.LastHourRequests, h.LastHourFailures)
	}
	return h
}

// lastHour estimates the requests and failures of the last 60 minutes from
// the current hour's counts and the previous hour's, scaled by the share of
// that hour still within them.
func lastHour(cur, prev Hour, now time.Time) (requests, failures int64) {
	share := 1 - float64(now.Sub(now.Truncate(time.Hour)))/float64(time.Hour)
	requests = cur.Requests() + int64(math.Round(float64(prev.Requests())*share))
	failures = cur.Failures + int64(math.Round(float64(prev.Failures)*share))
	return requests, failures
}

// atRisk is the rule: more than half of at least AtRiskMinRequests failed.
func atRisk(requests, failures int64) bool {
	return requests >= AtRiskMinRequests && failures*2 > requests
}

// percentile estimates the q-th quantile of n durations counted in buckets,
// interpolating within the bucket that holds it; the open last bucket gives
// its lower bound.
func percentile(buckets [len(store.HourlyBucketsMS) + 1]int64, n int64, q float64) int64 {
	rank := int64(math.Ceil(q * float64(n)))
	var below int64
	for i, c := range buckets {
		if c == 0 || below+c < rank {
			below += c
			continue
		}
		lo := int64(0)
		if i > 0 {
			lo = store.HourlyBucketsMS[i-1]
		}
		if i == len(store.HourlyBucketsMS) {
			return lo
		}
		hi := store.HourlyBucketsMS[i]
		return lo + int64(math.Round(float64(hi-lo)*float64(rank-below)/float64(c)))
	}
	return store.HourlyBucketsMS[len(store.HourlyBucketsMS)-1]
}

// AtRisk is an integration at risk, for the admins' banner.
type AtRisk struct {
	IntegrationID int64
	Name          string
	Since         time.Time
	Requests      int64 // in the last hour, estimated
	Failures      int64
}

// StillAtRisk lists up to limit integrations marked at risk that still are
// (enabled, failing more than half their requests over the last hour).
func (e *Engine) StillAtRisk(ctx context.Context, limit int) ([]AtRisk, error) {
	marks, err := e.store.ListAtRisk(ctx, limit)
	if err != nil || len(marks) == 0 {
		return nil, err
	}
	now := e.now()
	est, err := e.lastHours(ctx, e.store.Q, marks, now)
	if err != nil {
		return nil, err
	}
	var out []AtRisk
	for _, m := range marks {
		r := est[m.IntegrationID]
		if m.Enabled && atRisk(r[0], r[1]) {
			out = append(out, AtRisk{IntegrationID: m.IntegrationID, Name: m.Name, Since: m.Since, Requests: r[0], Failures: r[1]})
		}
	}
	return out, nil
}

// lastHours estimates the last hour's requests and failures of the marked
// integrations.
func (e *Engine) lastHours(ctx context.Context, q store.Q, marks []store.AtRiskMark, now time.Time) (map[int64][2]int64, error) {
	ids := make([]int64, len(marks))
	for i, m := range marks {
		ids[i] = m.IntegrationID
	}
	return lastHoursOf(ctx, q, ids, now)
}

func lastHoursOf(ctx context.Context, q store.Q, ids []int64, now time.Time) (map[int64][2]int64, error) {
	since := now.UTC().Truncate(time.Hour).Add(-time.Hour)
	rows, err := q.DeliveryHours(ctx, ids, since)
	if err != nil {
		return nil, err
	}
	byID := map[int64][]store.DeliveryHour{}
	for _, r := range rows {
		byID[r.IntegrationID] = append(byID[r.IntegrationID], r)
	}
	out := make(map[int64][2]int64, len(ids))
	for _, id := range ids {
		slots := hourSlots(byID[id], since, now)
		req, fail := lastHour(slots[1], slots[0], now)
		out[id] = [2]int64{req, fail}
	}
	return out, nil
}

// noteRisk runs in the transaction that recorded a batch: each integration
// whose real deliveries failed in it is checked against the last hour's
// counts (which include the batch). One newly at risk is marked and the
// admins notified, once: not again until it is found well. An integration
// the batch disabled needs no warning any more.
func (e *Engine) noteRisk(ctx context.Context, tx *store.Tx, list []*pending, disabled []disabledNow) error {
	names := map[int64]string{}
	var ids []int64
	for _, p := range list {
		id := p.r.integration.ID
		if _, seen := names[id]; seen || !p.r.countResult || !failing[p.at.outcome] {
			continue
		}
		names[id] = p.r.integration.Name
		ids = append(ids, id)
	}
	for _, d := range disabled {
		if _, ok := names[d.id]; ok {
			delete(names, d.id)
			if err := tx.ClearAtRisk(ctx, d.id); err != nil {
				return err
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	now := e.now()
	est, err := lastHoursOf(ctx, tx.Q, ids, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		name, ok := names[id]
		if !ok {
			continue
		}
		r := est[id]
		if !atRisk(r[0], r[1]) {
			if err := tx.ClearAtRisk(ctx, id); err != nil {
				return err
			}
			continue
		}
		first, err := tx.MarkAtRisk(ctx, id, now)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		if _, err := tx.CreateNotification(ctx, store.Notification{Kind: KindAtRisk, IntegrationID: &id, CreatedAt: now,
			Message: fmt.Sprintf("%q failed %d of about %d requests in the last hour; it is disabled after %d failed requests in a row",
				name, r[1], r[0], e.cfg.DisableAfter)}); err != nil {
			return err
		}
	}
	return nil
}

// clearRecovered removes the at-risk mark of integrations that are no
// longer at risk (a recovery made of successes alone is seen here, hourly),
// so that a new episode is announced again.
func (e *Engine) clearRecovered(ctx context.Context) error {
	marks, err := e.store.ListAtRisk(ctx, 500)
	if err != nil || len(marks) == 0 {
		return err
	}
	est, err := e.lastHours(ctx, e.store.Q, marks, e.now())
	if err != nil {
		return err
	}
	for _, m := range marks {
		if r := est[m.IntegrationID]; !m.Enabled || !atRisk(r[0], r[1]) {
			if err := e.store.ClearAtRisk(ctx, m.IntegrationID); err != nil {
				return err
			}
		}
	}
	return nil
}
