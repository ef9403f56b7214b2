// Package metrics is what ticketwire tells Prometheus: deliveries by
// integration and outcome with their durations and lag, the job queue's
// backlog, disabled integrations, HTTP requests by route, and the Go
// runtime and process. Every process has its own registry and reports its
// own counters; a dashboard sums them (see README, "Metrics").
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ticketwire/ticketwire/internal/store"
)

// Metrics holds the collectors the delivery engine and the HTTP layer feed.
type Metrics struct {
	reg          *prometheus.Registry
	handler      http.Handler
	deliveries   *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	lag          prometheus.Histogram
	requests     *prometheus.CounterVec
	requestTimes *prometheus.HistogramVec
}

// Buckets in seconds. Requests are bounded by the 5 s request timeout by
// default, so durations stop past it; the lag alert fires at 60 s, so its
// buckets are fine around that and go on to 10 minutes (a queue backlog).
var (
	durationBuckets = []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	lagBuckets      = []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600}
	httpBuckets     = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
)

// New makes the collectors on a registry of their own, with the Go and
// process collectors, and the gauges read from st at scrape time (none
// when st is nil).
func New(st *store.Store) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ticketwire_deliveries_total",
			Help: "Delivery attempts this process made and recorded, by integration id and outcome (skipped events, which send nothing, are not counted)."}, []string{"integration", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "ticketwire_delivery_duration_seconds",
			Help: "Time of one delivery attempt (token, request and answer), by integration id.", Buckets: durationBuckets}, []string{"integration"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "ticketwire_delivery_lag_seconds",
			Help: "Time from an event's commit to its delivery's first attempt.", Buckets: lagBuckets}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ticketwire_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status."}, []string{"route", "status"}),
		requestTimes: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "ticketwire_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern.", Buckets: httpBuckets}, []string{"route"}),
	}
	m.reg.MustRegister(m.deliveries, m.duration, m.lag, m.requests, m.requestTimes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if st != nil {
		m.reg.MustRegister(&gauges{store: st})
	}
	// A gauge whose query fails is left out of that scrape (the error is
	// said in the answer) rather than failing the whole scrape.
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Registry: m.reg})
	return m
}

// Handler serves the registry in Prometheus' text format.
func (m *Metrics) Handler() http.Handler { return m.handler }

// Delivered counts one recorded attempt of an integration and its duration.
func (m *Metrics) Delivered(integrationID int64, outcome string, d time.Duration) {
	id := strconv.FormatInt(integrationID, 10)
	m.deliveries.WithLabelValues(id, outcome).Inc()
	m.duration.WithLabelValues(id).Observe(d.Seconds())
}

// FirstAttempt records how long after its event's commit a delivery's
// first attempt started.
func (m *Metrics) FirstAttempt(lag time.Duration) { m.lag.Observe(max(lag, 0).Seconds()) }
