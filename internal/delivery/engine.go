// Package delivery is the HTTP delivery engine: River jobs that render an
// integration's request for a ticket event, authenticate, send it through the
// network guard and record the outcome, with retries after connection errors
// and timeouts, a consecutive-failure count that disables a failing
// integration, and the JSON that comes back stored on the customer.
package delivery

import (
	"database/sql"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/fetched"
	"github.com/ticketwire/ticketwire/internal/groupcommit"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/metrics"
	"github.com/ticketwire/ticketwire/internal/oauth"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/version"
)

// Queue is the River queue deliveries run on, apart from housekeeping jobs so
// a backlog of deliveries never delays them.
const Queue = "delivery"

// Config is the delivery promise; Defaults gives the product's values.
type Config struct {
	Timeout       time.Duration   // one request, all of it
	RetrySchedule []time.Duration // waits before each retry after a connection error or timeout
	DisableAfter  int             // consecutive failures that disable an integration
	LogBodyCap    int             // bytes of each body kept in the events log
	Fetch         fetched.Limits  // what an answer may be to be stored as fetched data
	Retention     time.Duration   // how long events-log rows are kept
	PublicURL     string          // where people reach this helpdesk, for the account variable
	// DefaultConcurrency caps the requests in flight of an integration that
	// sets no max_concurrency: a quarter of the delivery workers.
	DefaultConcurrency int
}

// Defaults returns the values DESIGN.md promises.
func Defaults() Config {
	return Config{Timeout: 5 * time.Second, RetrySchedule: []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second},
		DisableAfter: 500, LogBodyCap: 64 << 10, Fetch: fetched.Defaults(), Retention: 720 * time.Hour,
		DefaultConcurrency: 200 / 4}
}

// Engine enqueues, performs and records deliveries.
type Engine struct {
	cfg          Config
	store        *store.Store
	integrations *integration.Service
	client       *http.Client
	tokens       *oauth.Cache
	river        *river.Client[*sql.Tx]
	log          *slog.Logger
	metrics      *metrics.Metrics
	now          func() time.Time
	userAgent    string
	account      map[string]any // the account variable of every template
	cache        loadCache
	eventLoads   groupcommit.Queue[*eventWait]
	batch        groupcommit.Queue[*pending]
	retryAt      sync.Map // job id → time.Time a throttled receiver asked for
	limits       limiter
	holder       string // this process, in the concurrency leases it takes
}

// Deps are what an engine is built on; all but Log and Now are required.
type Deps struct {
	Store        *store.Store
	Integrations *integration.Service
	// Client sends every outbound request; it must be the network guard's.
	Client *http.Client
	// River inserts the engine's jobs. It may be an insert-only client (one
	// with no workers), which is what lets the engine be built before the
	// client that runs its workers.
	River *river.Client[*sql.Tx]
	Log   *slog.Logger
	// Metrics counts and times the attempts; a registry of its own, never
	// scraped, when nil.
	Metrics *metrics.Metrics
	// Now is the engine's clock (retry times, log rows, caches, OAuth token
	// expiry); time.Now when nil.
	Now func() time.Time
}

// New returns an engine, whole: nothing is set on it afterwards.
func New(cfg Config, d Deps) *Engine {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Metrics == nil {
		d.Metrics = metrics.New(nil)
	}
	return &Engine{metrics: d.Metrics, cfg: cfg, store: d.Store, integrations: d.Integrations, client: d.Client, river: d.River,
		tokens: oauth.NewCache(d.Client, d.Now), log: d.Log, now: d.Now, userAgent: "ticketwire/" + version.String(),
		account: tmpl.Account(cfg.PublicURL), holder: processName()}
}

// Account is the account variable the engine's templates see (tmpl.Account
// of the public URL); macros share it. It is never modified.
func (e *Engine) Account() map[string]any { return e.account }

// AddWorkers registers the engine's workers.
func (e *Engine) AddWorkers(w *river.Workers) {
	river.AddWorker(w, &Worker{engine: e})
	river.AddWorker(w, &RetentionWorker{engine: e})
}

// PeriodicJobs are the engine's housekeeping jobs.
func (e *Engine) PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{retentionPeriodicJob()}
}

// jobTimeout bounds one run: a token request, the request, and one more of
// each after a 401, each within the request timeout, plus slack for the
// database.
func (e *Engine) jobTimeout() time.Duration { return 4*e.cfg.Timeout + 5*time.Second }

// maxAttempts is the first try plus one per retry wait.
func (e *Engine) maxAttempts() int { return len(e.cfg.RetrySchedule) + 1 }

// givesUp reports whether a retryable failure of attempt (1 for the first)
// is the last: the delivery is logged gave-up instead of retrying.
func (e *Engine) givesUp(attempt int) bool { return attempt >= e.maxAttempts() }

// jobMaxAttempts is what River is told: one more than maxAttempts. The
// engine itself gives up after maxAttempts (and completes the job), so River
// only uses the spare attempt when it rescues a delivery whose process died
// mid-attempt; without it a crash during the last attempt would discard the
// delivery unsent.
func (e *Engine) jobMaxAttempts() int { return e.maxAttempts() + 1 }
