package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ticketwire/ticketwire/internal/store"
)

// gauges reads the database at scrape time: the job queue's backlog by
// state and the disabled integrations. Both are the cluster's, the same
// from every process sharing the database.
type gauges struct{ store *store.Store }

var (
	queueJobs = prometheus.NewDesc("ticketwire_queue_jobs",
		"Jobs in the queue by state (available, running, retryable, scheduled), across every process.", []string{"state"}, nil)
	disabledIntegrations = prometheus.NewDesc("ticketwire_integrations_disabled",
		"Integrations that are disabled, by an admin or after consecutive failures.", nil, nil)
)

// scrapeTimeout bounds the two counts, so a slow database cannot hold a
// scrape past Prometheus' own timeout (10 s by default).
const scrapeTimeout = 3 * time.Second

// Describe implements prometheus.Collector.
func (g *gauges) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueJobs
	ch <- disabledIntegrations
}

// Collect implements prometheus.Collector.
func (g *gauges) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if byState, err := g.store.CountJobsByState(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(queueJobs, err)
	} else {
		for _, s := range store.QueueStates {
			ch <- prometheus.MustNewConstMetric(queueJobs, prometheus.GaugeValue, float64(byState[s]), s)
		}
	}
	if n, err := g.store.CountDisabledIntegrations(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(disabledIntegrations, err)
	} else {
		ch <- prometheus.MustNewConstMetric(disabledIntegrations, prometheus.GaugeValue, float64(n))
	}
}
