package delivery_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// healthJSON is the health object of the integrations API.
type healthJSON struct {
	SuccessRate24h *float64 `json:"success_rate_24h"`
	P95MS24h       *int64   `json:"p95_ms_24h"`
	Requests24h    int64    `json:"requests_24h"`
	Failures24h    int64    `json:"failures_24h"`
	LastError      *struct {
		Message string    `json:"message"`
		At      time.Time `json:"at"`
		EventID int64     `json:"event_id"`
	} `json:"last_error"`
	AtRisk bool `json:"at_risk"`
}

// Real deliveries, some failing: the hourly counts equal the log, row for
// row and millisecond for millisecond, and the API's health says the same.
func TestHourlyCountsEqualTheLog(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n%3 == 0 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			time.Sleep(time.Duration(n%4) * 20 * time.Millisecond)
			w.WriteHeader(http.StatusOK)
		})
		it := e.createIntegration("counted", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		const events = 30
		for i := range events {
			e.createTicket(fmt.Sprintf("h%d@example.com", i), "H")
		}
		e.waitJobs()
		rows := e.waitLog(it.ID, events)

		type sum struct{ count, ms int64 }
		fromLog := map[string]sum{}
		for _, r := range rows {
			s := fromLog[r.Outcome]
			fromLog[r.Outcome] = sum{s.count + 1, s.ms + r.DurationMS}
		}
		hours, err := e.srv.Store.DeliveryHours(context.Background(), []int64{it.ID}, time.Now().Add(-2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		fromHours := map[string]sum{}
		for _, h := range hours {
			s := fromHours[h.Outcome]
			var inBuckets int64
			for _, n := range h.Buckets {
				inBuckets += n
			}
			if inBuckets != h.Count {
				t.Errorf("hour %v %s: %d rows in the duration buckets, %d counted", h.Hour, h.Outcome, inBuckets, h.Count)
			}
			fromHours[h.Outcome] = sum{s.count + h.Count, s.ms + h.DurationMSSum}
		}
		if fmt.Sprint(fromHours) != fmt.Sprint(fromLog) || fromLog[delivery.OutcomeFailed].count != events/3 {
			t.Fatalf("hourly counts %v, log %v; want equal, with %d failed", fromHours, fromLog, events/3)
		}

		var got struct {
			Health healthJSON `json:"health"`
		}
		e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", it.ID), nil, &got)
		h := got.Health
		if h.Requests24h != events || h.Failures24h != events/3 || h.SuccessRate24h == nil || fmt.Sprintf("%.3f", *h.SuccessRate24h) != "0.667" ||
			h.P95MS24h == nil || *h.P95MS24h < 40 || h.AtRisk {
			t.Fatalf("health = %+v", h)
		}
		if h.LastError == nil || h.LastError.Message == "" || h.LastError.EventID == 0 {
			t.Fatalf("last error = %+v", h.LastError)
		}
		last := e.waitLog(it.ID, events)
		for _, r := range last {
			if r.Outcome == delivery.OutcomeFailed {
				if r.ID != h.LastError.EventID || r.Error != h.LastError.Message {
					t.Fatalf("last error = %+v; the newest failed row is %d %q", h.LastError, r.ID, r.Error)
				}
				break
			}
		}
		var list listJSON[struct {
			ID     int64      `json:"id"`
			Health healthJSON `json:"health"`
		}]
		e.want(200, "GET", "/api/integrations", nil, &list)
		if len(list.Data) != 1 || list.Data[0].Health.Requests24h != events {
			t.Fatalf("list = %+v", list.Data)
		}
	})
}

// An integration failing three requests in four is at risk: the admins get
// one notification however long it goes on, none once it is disabled, and a
// new one when it fails again after recovering.
func TestAtRiskIsNotifiedOnce(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var clock atomic.Int64
			clock.Store(time.Date(2026, 3, 2, 10, 5, 0, 0, time.UTC).UnixNano())
			now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
			e := startClock(t, b, nil, now)
			var failing atomic.Bool
			failing.Store(true)
			rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if failing.Load() && n%4 != 0 {
					w.WriteHeader(http.StatusBadGateway)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			it := e.createIntegration("shaky", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
			burst := func(prefix string, n int) {
				for i := range n {
					e.createTicket(fmt.Sprintf("%s%d@example.com", prefix, i), "R")
				}
				e.waitJobs()
			}
			atRisk := func() []delivery.Notification {
				list, err := e.srv.Delivery.ListNotifications(context.Background(), query.Page{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var out []delivery.Notification
				for _, n := range list {
					if n.Kind == delivery.KindAtRisk {
						out = append(out, n)
					}
				}
				return out
			}
			health := func() healthJSON {
				var got struct {
					Health healthJSON `json:"health"`
				}
				e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", it.ID), nil, &got)
				return got.Health
			}

			burst("a", 8)
			if n := atRisk(); len(n) != 0 || health().AtRisk {
				t.Fatalf("at risk after 8 requests (fewer than %d): %+v", delivery.AtRiskMinRequests, n)
			}
			burst("b", 32)
			first := atRisk()
			if len(first) != 1 || first[0].IntegrationID == nil || *first[0].IntegrationID != it.ID || !health().AtRisk {
				t.Fatalf("after 40 requests, 30 failed: at-risk notifications %+v, health %+v; want one", first, health())
			}
			want := fmt.Sprintf("%q failed ", "shaky")
			if len(first[0].Message) < len(want) || first[0].Message[:len(want)] != want {
				t.Errorf("message = %q", first[0].Message)
			}
			marks, err := e.srv.Delivery.StillAtRisk(context.Background(), 5)
			if err != nil || len(marks) != 1 || marks[0].Name != "shaky" {
				t.Fatalf("banner list = %+v, %v", marks, err)
			}
			burst("c", 20)
			if n := atRisk(); len(n) != 1 {
				t.Fatalf("%d at-risk notifications while it stays at risk; want still one", len(n))
			}

			// Two hours later, well again: the hourly sweep clears the mark.
			clock.Add(int64(2 * time.Hour))
			failing.Store(false)
			burst("d", 5)
			if h := health(); h.AtRisk {
				t.Fatalf("at risk after an hour of successes: %+v", h)
			}
			if _, err := e.srv.Delivery.TrimLog(context.Background()); err != nil {
				t.Fatal(err)
			}
			if marks, _ := e.srv.Delivery.StillAtRisk(context.Background(), 5); len(marks) != 0 {
				t.Fatalf("banner after recovery = %+v", marks)
			}
			clock.Add(int64(2 * time.Hour))
			failing.Store(true)
			burst("e", 40)
			if n := atRisk(); len(n) != 2 {
				t.Fatalf("%d at-risk notifications after failing again; want a second", len(n))
			}
			// A disabled integration is not at risk: the disable says enough.
			e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/disable", it.ID), nil, nil)
			if h := health(); h.AtRisk {
				t.Fatalf("a disabled integration is at risk: %+v", h)
			}
			if marks, _ := e.srv.Delivery.StillAtRisk(context.Background(), 5); len(marks) != 0 {
				t.Fatalf("banner lists a disabled integration: %+v", marks)
			}
		})
	}
}

// The percentile estimate and the last-hour window, by hand.
func TestHealthFromHours(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 10, 45, 0, 0, time.UTC)
	rows := []store.DeliveryHour{
		// The previous hour: 40 failures, a quarter of which (15 minutes of
		// its 60) count toward the last hour.
		{IntegrationID: 1, Hour: now.Truncate(time.Hour).Add(-time.Hour), Outcome: delivery.OutcomeFailed, Count: 40, DurationMSSum: 4000,
			Buckets: [8]int64{0, 0, 40}},
		{IntegrationID: 1, Hour: now.Truncate(time.Hour), Outcome: delivery.OutcomeSuccess, Count: 10, DurationMSSum: 300,
			Buckets: [8]int64{10}},
		{IntegrationID: 1, Hour: now.Truncate(time.Hour), Outcome: delivery.OutcomeSkipped, Count: 7},
	}
	h := delivery.HealthOf(rows, now, true)
	if h.Requests24h != 50 || h.Failures24h != 40 || *h.SuccessRate24h != 0.2 || len(h.Hours) != delivery.HealthHours {
		t.Fatalf("health = %+v", h)
	}
	// Rank 48 of 50 falls in the 100–250 ms bucket (rows 11 to 50): 38/40 of the way.
	if *h.P95MS24h != 243 {
		t.Fatalf("p95 = %d, want 243", *h.P95MS24h)
	}
	if h.LastHourRequests != 20 || h.LastHourFailures != 10 || h.AtRisk {
		t.Fatalf("last hour %d requests %d failed, at risk %v; want 20, 10 and not (half is not more than half)", h.LastHourRequests, h.LastHourFailures, h.AtRisk)
	}
	if h := delivery.HealthOf(rows, now.Add(-15*time.Minute), true); h.LastHourFailures != 20 || !h.AtRisk {
		t.Fatalf("at 10:30 the last hour has %d failures, at risk %v; want 20 and at risk", h.LastHourFailures, h.AtRisk)
	}
	if h := delivery.HealthOf(rows, now.Add(-15*time.Minute), false); h.AtRisk {
		t.Fatal("a disabled integration is at risk")
	}
	var none []store.DeliveryHour
	if h := delivery.HealthOf(none, now, true); h.SuccessRate24h != nil || h.P95MS24h != nil || h.AtRisk {
		t.Fatalf("health without requests = %+v", h)
	}
}
