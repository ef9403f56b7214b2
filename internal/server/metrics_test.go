package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

const metricsToken = "scrape-token-0123456789abcdef"

// TestMetricsAfterRealDeliveries delivers to two receivers, one answering
// 200 and one 500, and reads /metrics as Prometheus would: the delivery
// counter and histograms carry the integrations and outcomes, the queue
// and disabled-integration gauges come from the database, HTTP requests
// are counted by route pattern and status, and the Go and process
// collectors are there.
func TestMetricsAfterRealDeliveries(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := servertest.Start(t, b, servertest.Options{Tune: func(c *config.Config) {
				servertest.AllowLoopback(c)
				c.MetricsToken = metricsToken
			}})
			ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"plan": "gold"}`)
			}))
			t.Cleanup(ok.Close)
			bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
			t.Cleanup(bad.Close)
			okID := createIntegration(t, s, "Shop", ok.URL)
			badID := createIntegration(t, s, "CRM", bad.URL)
			for _, email := range []string{"ann@example.com", "bob@example.com"} {
				apiCall(t, s, "POST", "/api/tickets", fmt.Sprintf(`{"customer": {"email": %q}, "subject": "Hi", "messages": [{"body_text": "Hello"}]}`, email), 201)
			}

			var fams map[string]*dto.MetricFamily
			deadline := time.Now().Add(30 * time.Second)
			for {
				fams = scrape(t, s, metricsToken)
				if value(fams, "ticketwire_deliveries_total", map[string]string{"integration": okID, "outcome": "success"}) == 2 &&
					value(fams, "ticketwire_deliveries_total", map[string]string{"integration": badID, "outcome": "failed"}) == 2 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("deliveries not counted within 30 s: %v", fams["ticketwire_deliveries_total"])
				}
				time.Sleep(100 * time.Millisecond)
			}
			if n := len(fams["ticketwire_deliveries_total"].GetMetric()); n != 2 {
				t.Errorf("%d delivery series, want 2 (one per integration and outcome): %v", n, fams["ticketwire_deliveries_total"])
			}
			for _, id := range []string{okID, badID} {
				if h := histogram(t, fams, "ticketwire_delivery_duration_seconds", map[string]string{"integration": id}); h.GetSampleCount() != 2 || h.GetSampleSum() <= 0 {
					t.Errorf("duration of integration %s: %d samples summing %v s, want 2 taking some time", id, h.GetSampleCount(), h.GetSampleSum())
				}
			}
			if lag := histogram(t, fams, "ticketwire_delivery_lag_seconds", nil); lag.GetSampleCount() != 4 || lag.GetSampleSum() < 0 || lag.GetSampleSum() > 60 {
				t.Errorf("lag: %d samples summing %v s, want 4 first attempts", lag.GetSampleCount(), lag.GetSampleSum())
			}
			for _, state := range []string{"available", "running", "retryable", "scheduled"} {
				if v := value(fams, "ticketwire_queue_jobs", map[string]string{"state": state}); v < 0 {
					t.Errorf("no queue gauge for state %s", state)
				}
			}
			if v := value(fams, "ticketwire_integrations_disabled", nil); v != 0 {
				t.Errorf("integrations disabled = %v, want 0", v)
			}
			if v := value(fams, "ticketwire_http_requests_total", map[string]string{"route": "POST /api/tickets", "status": "201"}); v != 2 {
				t.Errorf("POST /api/tickets 201 requests = %v, want 2", v)
			}
			if h := histogram(t, fams, "ticketwire_http_request_duration_seconds", map[string]string{"route": "POST /api/integrations"}); h.GetSampleCount() != 2 {
				t.Errorf("POST /api/integrations timed %d times, want 2", h.GetSampleCount())
			}
			for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
				if fams[name] == nil {
					t.Errorf("no %s: the Go and process collectors are missing", name)
				}
			}

			apiCall(t, s, "POST", "/api/integrations/"+badID+"/disable", "", 200)
			fams = scrape(t, s, s.FirstAdmin.Token)
			if v := value(fams, "ticketwire_integrations_disabled", nil); v != 1 {
				t.Errorf("integrations disabled after disabling one = %v, want 1", v)
			}
			if v := value(fams, "ticketwire_http_requests_total", map[string]string{"route": "GET /metrics", "status": "200"}); v < 1 {
				t.Errorf("scrapes not counted under GET /metrics: %v", fams["ticketwire_http_requests_total"])
			}
		})
	}
}

// TestMetricsNeedAnAdminOrTheMetricsToken: 401 without a token or with a
// wrong one, 403 with an agent's, 200 with an admin's or the metrics token.
func TestMetricsNeedAnAdminOrTheMetricsToken(t *testing.T) {
	t.Parallel()
	s := servertest.Start(t, storetest.Backends()[0], servertest.Options{Tune: func(c *config.Config) { c.MetricsToken = metricsToken }})
	ctx := context.Background()
	if _, err := s.Auth.CreateUser(ctx, auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
		t.Fatal(err)
	}
	agent, err := s.Auth.CreateToken(ctx, "agent@example.com", "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, header string
		want         int
	}{
		{"no token", "", 401},
		{"not bearer", "Basic " + metricsToken, 401},
		{"wrong token", "Bearer tw_not-a-token", 401},
		{"agent", "Bearer " + agent, 403},
		{"admin", "Bearer " + s.FirstAdmin.Token, 200},
		{"metrics token", "Bearer " + metricsToken, 200},
	} {
		req, _ := http.NewRequest("GET", s.URL+"/metrics", nil)
		if tt.header != "" {
			req.Header.Set("Authorization", tt.header)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.want {
			t.Errorf("%s: GET /metrics = %d %q, want %d", tt.name, res.StatusCode, body, tt.want)
		}
		if tt.want != 200 && strings.Contains(string(body), "ticketwire_") {
			t.Errorf("%s: metrics shown without access", tt.name)
		}
	}
}

func createIntegration(t *testing.T, s *servertest.Server, name, url string) string {
	t.Helper()
	raw := apiCall(t, s, "POST", "/api/integrations", fmt.Sprintf(`{"name": %q, "http": {"url": %q, "triggers": ["ticket-created"]}}`, name, url+"/t"), 201)
	var it struct{ ID int64 }
	if err := json.Unmarshal([]byte(raw), &it); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(it.ID)
}

func apiCall(t *testing.T, s *servertest.Server, method, path, body string, want int) string {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.FirstAdmin.Token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, res.StatusCode, raw, want)
	}
	return string(raw)
}

// scrape reads /metrics and parses it as Prometheus' text format.
func scrape(t *testing.T, s *servertest.Server, token string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	return fams
}

// find is the series of family name whose labels include want; nil if none.
func find(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	for _, m := range fams[name].GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && got[k] == v
		}
		if match {
			return m
		}
	}
	return nil
}

// value is a counter's or gauge's value, -1 when the series is missing.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	m := find(fams, name, labels)
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	default:
		return m.GetGauge().GetValue()
	}
}

func histogram(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Histogram {
	t.Helper()
	m := find(fams, name, labels)
	if m == nil || m.Histogram == nil {
		t.Fatalf("no histogram %s%v: %v", name, labels, fams[name])
	}
	return m.GetHistogram()
}
