// Package server wires ticketwire's parts together for `ticketwire serve`:
// the database, the domain services, the River job client and the HTTP
// server. Tests start it in-process exactly as the binary does.
package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"riverqueue.com/riverui"

	"github.com/ticketwire/ticketwire/internal/api"
	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/clientaddr"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/logging"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/metrics"
	"github.com/ticketwire/ticketwire/internal/netguard"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/ui"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// Options are settings that are not user configuration, for tests.
type Options struct {
	Log            *slog.Logger
	Now            func() time.Time // the clock of the helpdesk and the delivery engine
	SnoozeInterval time.Duration    // how often due snoozes are checked; 10 s by default
}

// Server is an opened (migrated) ticketwire, ready to Run.
type Server struct {
	Config       config.Config
	Store        *store.Store
	Auth         *auth.Service
	Helpdesk     *helpdesk.Service
	Integrations *integration.Service
	Widgets      *widget.Service
	Delivery     *delivery.Engine
	Macros       *macro.Service
	// CardActions runs the buttons of widget cards.
	CardActions *widget.Actions
	River       *river.Client[*sql.Tx]
	Metrics     *metrics.Metrics // this process's registry, served on /metrics
	FirstAdmin  auth.FirstAdmin  // Created is true when this start made the first admin
	log         *slog.Logger
	jobs        http.Handler // River's UI, for /admin/jobs/
}

// Open opens and migrates the database, creates the first admin on an empty
// one, and builds every service. Nothing runs until Run.
func Open(ctx context.Context, cfg config.Config, o Options) (*Server, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.SnoozeInterval == 0 {
		o.SnoozeInterval = 10 * time.Second
	}
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL})
	if err != nil {
		return nil, err
	}
	// Every rendering reads the template time budget; it is process-wide.
	tmpl.SetTimeout(cfg.TemplateTimeout)
	s := &Server{Config: cfg, Store: st, log: o.Log}
	if err := s.build(ctx, o); err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

// build makes every service whole, in dependency order, so none is changed
// after it is made: secrets at rest; an insert-only River client, which the
// delivery engine enqueues with; auth and integrations; the metrics
// registry; the engine, which it counts; the
// helpdesk, which hands its events to the engine; widgets and macros; then
// the River client that runs the workers of those services.
func (s *Server) build(ctx context.Context, o Options) error {
	if err := s.Store.Migrate(ctx); err != nil {
		return err
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	box, err := s.secretBox()
	if err != nil {
		return err
	}
	// A client with no queues and no workers only inserts; jobs it inserts
	// are run by s.River in this process or any other.
	inserter, err := river.NewClient(s.Store.RiverDriver(), &river.Config{Logger: logging.Quieter(s.log)})
	if err != nil {
		return fmt.Errorf("server: river insert client: %w", err)
	}
	s.Auth = auth.New(s.Store, auth.WithLimits(auth.Limits{PerAccount: s.Config.SigninAccountLimit,
		PerAddress: s.Config.SigninAddressLimit, Window: s.Config.SigninWindow}))
	s.Integrations = integration.New(s.Store, box, integration.WithSigningOverlap(s.Config.SigningOverlap))
	s.Metrics = metrics.New(s.Store)
	s.Delivery = delivery.New(s.deliveryConfig(), delivery.Deps{Store: s.Store, Integrations: s.Integrations,
		Client: s.outbound(), River: inserter, Log: s.log, Now: now, Metrics: s.Metrics})
	s.Helpdesk = helpdesk.New(s.Store, s.Delivery, helpdesk.WithClock(now))
	s.Widgets = widget.NewService(s.Store, box)
	if n, err := s.Widgets.SealStored(ctx); err != nil {
		return fmt.Errorf("server: seal the secrets of stored widgets: %w", err)
	} else if n > 0 {
		s.log.Info("sealed the card button secrets of widgets saved in clear", "widgets", n)
	}
	s.Macros = macro.New(s.Store, box, s.Helpdesk, s.Delivery)
	s.CardActions = widget.NewActions(s.Widgets, s.Helpdesk, s.Macros)
	if s.FirstAdmin, err = s.Auth.EnsureFirstAdmin(ctx, s.Config.AdminEmail, s.Config.AdminPassword); err != nil {
		return err
	}
	if s.River, err = s.workerClient(o); err != nil {
		return err
	}
	return s.buildJobsPage(ctx)
}

// workerClient is the River client that runs every service's jobs.
func (s *Server) workerClient(o Options) (*river.Client[*sql.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &helpdesk.UnsnoozeWorker{Service: s.Helpdesk})
	s.Delivery.AddWorkers(workers)
	periodic := append([]*river.PeriodicJob{helpdesk.UnsnoozePeriodicJob(o.SnoozeInterval)}, s.Delivery.PeriodicJobs()...)
	c, err := river.NewClient(s.Store.RiverDriver(), s.RiverConfig(workers, periodic))
	if err != nil {
		return nil, fmt.Errorf("server: river client: %w", err)
	}
	return c, nil
}

// RiverConfig is the configuration of the River client that runs jobs,
// around the given workers and periodic jobs. The benchmark builds its
// comparison client (River running no-op jobs) from it too, so that the
// two cannot drift apart.
func (s *Server) RiverConfig(workers *river.Workers, periodic []*river.PeriodicJob) *river.Config {
	return &river.Config{
		// River's INFO reports (job counts, maintenance runs, job errors
		// the engine logs itself) are routine: DEBUG here, so an idle
		// server prints nothing after its start-up lines.
		Logger: logging.Quieter(s.log),
		Queues: map[string]river.QueueConfig{
			// Housekeeping (unsnoozing, retention) is periodic jobs, whose
			// inserts wake the fetch: a poll a second is River's default
			// and enough. Deliveries poll at fetchPollInterval.
			river.QueueDefault: {MaxWorkers: 10, FetchPollInterval: housekeepingPoll},
			delivery.Queue:     {MaxWorkers: s.Config.DeliveryWorkers},
		},
		// Deliveries are short (bounded by the request timeout), so a job
		// still "running" long after is one whose process died: take it over.
		RescueStuckJobsAfter: s.Config.RescueAfter,
		JobTimeout:           s.Config.RescueAfter, // workers that need longer say so in Timeout
		FetchCooldown:        10 * time.Millisecond,
		FetchPollInterval:    s.fetchPollInterval(),
		Workers:              workers,
		PeriodicJobs:         periodic,
	}
}

// housekeepingPoll is how often the housekeeping queue looks for jobs that
// nothing told it of. Polling it as often as deliveries was half of an idle
// server's fetches.
const housekeepingPoll = time.Second

// fetchPollInterval is how often River looks for new jobs when nothing
// told it of any. The delivery engine queues its jobs with an insert-only
// client inside the ticket's transaction, which wakes no worker: on SQLite
// (no LISTEN) every new delivery waits for this poll, and on PostgreSQL
// River's insert notifications still left a p95 of 97 ms from commit to
// first attempt at 200 events/s with a 200 ms poll. At 25 ms (SQLite, where
// a poll is one indexed query in this process) it measured 31 ms; at 50 ms
// (PostgreSQL, where each process's polls cost the server) 54 ms.
func (s *Server) fetchPollInterval() time.Duration {
	if s.Store.Dialect == store.SQLite {
		return 25 * time.Millisecond
	}
	return 50 * time.Millisecond
}

// buildJobsPage mounts River's own UI (queues, jobs, retries) for admins. Its
// handler has no authentication of its own; the ui package puts it behind
// an admin session.
func (s *Server) buildJobsPage(ctx context.Context) error {
	h, err := riverui.NewHandler(&riverui.HandlerOpts{Endpoints: riverui.NewEndpoints(s.River, nil), Logger: logging.Quieter(s.log), Prefix: "/admin/jobs"})
	if err != nil {
		return fmt.Errorf("server: jobs page: %w", err)
	}
	if err := h.Start(ctx); err != nil {
		return fmt.Errorf("server: jobs page: %w", err)
	}
	s.jobs = h
	return nil
}

// secretBox seals and opens secrets at rest with the configured key.
func (s *Server) secretBox() (*secret.Box, error) {
	key, err := secret.LoadKey(s.Config.DataDir, s.Config.SecretKey)
	if err != nil {
		return nil, err
	}
	return secret.NewBox(key)
}

// outbound is the network guard's client that every outbound request uses.
func (s *Server) outbound() *http.Client {
	return netguard.NewClient(netguard.Options{AllowPrivate: s.Config.AllowPrivateNetworks,
		Allowed: s.Config.AllowedNetworks, Timeout: s.Config.RequestTimeout})
}

// deliveryConfig is the delivery promise as configured.
func (s *Server) deliveryConfig() delivery.Config {
	cfg := delivery.Defaults()
	cfg.Timeout, cfg.RetrySchedule, cfg.DisableAfter = s.Config.RequestTimeout, s.Config.RetrySchedule, s.Config.DisableAfter
	cfg.Retention, cfg.PublicURL = s.Config.LogRetention, s.Config.PublicURL
	cfg.DefaultConcurrency = max(1, s.Config.DeliveryWorkers/4)
	return cfg
}

// Handler is the HTTP surface: health checks and the API.
func (s *Server) Handler() http.Handler {
	addrs := clientaddr.New(s.Config.TrustedProxies)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("GET /metrics", s.metrics)
	mux.Handle("/api/", api.New(api.Deps{CardActions: s.CardActions, Auth: s.Auth, Helpdesk: s.Helpdesk, Integrations: s.Integrations,
		Delivery: s.Delivery, Widgets: s.Widgets, Macros: s.Macros, ClientAddr: addrs, Log: s.log}).Handler())
	mux.Handle("/", ui.New(ui.Deps{Auth: s.Auth, Helpdesk: s.Helpdesk, Integrations: s.Integrations, Delivery: s.Delivery,
		Jobs: s.jobs, Widgets: s.Widgets, Macros: s.Macros, ClientAddr: addrs, Log: s.log}).Handler())
	return transportHeaders(addrs, s.Metrics.Instrument(mux))
}

// hstsMaxAge is one year, the common choice once a site is known to work
// over HTTPS. Subdomains are not included: ticketwire does not own them.
const hstsMaxAge = "max-age=31536000"

// transportHeaders sets what every answer carries, API included: a content
// policy that loads nothing (pages replace it with their own), no MIME
// sniffing, no referrer to other sites, and HSTS when the client came over
// TLS, directly or through a proxy in TICKETWIRE_TRUSTED_PROXIES that says
// so in X-Forwarded-Proto (browsers ignore HSTS on plain HTTP anyway).
func transportHeaders(addrs *clientaddr.Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// JSON and health answers load nothing; the UI sets its pages' own policy.
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if addrs.HTTPS(r) {
			h.Set("Strict-Transport-Security", hstsMaxAge)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// Not ready while the database does not answer or a write recently
	// failed for want of it (a full disk still answers a ping).
	if err := s.Store.Ready(ctx); err != nil {
		s.log.Warn("server: not ready: database unavailable", "err", err)
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// Run starts the job workers and, unless NoHTTP, serves HTTP on ln (or on
// the configured address when ln is nil) until ctx ends; then it stops
// taking requests and jobs and waits for running ones to finish (see
// shutdown).
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	release, err := s.takeOverQueue(ctx)
	if err != nil {
		return err
	}
	defer release()
	// Jobs must not run on ctx: River cancels every running job when its
	// start context ends, which would cut each delivery in flight at a
	// SIGTERM, leave no log row and send it again after the restart.
	if err := s.River.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("server: start job workers: %w", err)
	}
	var srv *http.Server
	errc := make(chan error, 1)
	if !s.Config.NoHTTP {
		if ln == nil {
			var err error
			if ln, err = net.Listen("tcp", s.Config.Addr); err != nil {
				s.stopRiver()
				return fmt.Errorf("server: listen on %s: %w", s.Config.Addr, err)
			}
		}
		srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
		s.log.Info("ticketwire serving", "addr", ln.Addr().String(), "database", string(s.Store.Dialect))
		go func() { errc <- srv.Serve(ln) }()
	} else {
		s.log.Info("ticketwire running job workers only", "database", string(s.Store.Dialect))
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			s.stopRiver()
			return fmt.Errorf("server: http: %w", err)
		}
	}
	s.shutdown(srv)
	return nil
}

// takeOverQueue queues the retries that fell due while the process was down
// and makes a SQLite process River's leader as soon as it starts. River
// queues due retries and runs periodic jobs only on its leader, and the
// lease of a leader killed with SIGKILL outlives it by up to 15 s: a restart
// would wait that out (a retry due meanwhile was sent 8 to 12 s after the
// restart). One process serves a SQLite data dir, which the lock makes sure
// of, so a lease found at start is a dead predecessor's. On PostgreSQL
// another process may hold the lease; retries that fall due after the
// restart but before the lease ends still wait for it (see README).
func (s *Server) takeOverQueue(ctx context.Context) (release func(), err error) {
	release = func() {}
	n, err := s.Store.QueueDueRetries(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		s.log.Info("server: retries that fell due while ticketwire was down are queued", "jobs", n)
	}
	if s.Store.Dialect != store.SQLite {
		return release, nil
	}
	unlock, err := lockDataDir(s.Config.DataDir)
	if errors.Is(err, errUnlockable) {
		return release, nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.Store.ForgetQueueLeader(ctx); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// shutdown stops at once taking connections and jobs, then gives the
// requests and deliveries in flight the shutdown grace to finish and be
// recorded, the HTTP server and the job workers side by side.
func (s *Server) shutdown(srv *http.Server) {
	s.log.Info("ticketwire stopping: no new requests or jobs; letting those in flight finish", "grace", s.Config.ShutdownGrace)
	var wg sync.WaitGroup
	if srv != nil {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownGrace)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				s.log.Warn("server: HTTP requests still running after the shutdown grace; closing them", "err", err)
				_ = srv.Close()
			}
		})
	}
	wg.Go(s.stopRiver)
	wg.Wait()
	s.log.Info("ticketwire stopped")
}

// stopSlack is how long deliveries cut off after the grace get to record
// their attempt (one short transaction each, batched).
const stopSlack = 5 * time.Second

// stopRiver lets running jobs finish within the shutdown grace; a job still
// running then is cancelled: a delivery records the cut attempt and River
// retries it later (here after a restart, or in another process), so a
// delivery that was started is never lost.
func (s *Server) stopRiver() {
	ctx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownGrace)
	defer cancel()
	if err := s.River.Stop(ctx); err == nil {
		return
	}
	s.log.Warn("server: deliveries still running after the shutdown grace; cutting them off (each is logged and retried)",
		"grace", s.Config.ShutdownGrace)
	hard, cancel := context.WithTimeout(context.Background(), stopSlack)
	defer cancel()
	if err := s.River.StopAndCancel(hard); err != nil {
		s.log.Warn("server: job workers did not stop", "err", err)
	}
}

// Close releases the database.
func (s *Server) Close() error { return s.Store.Close() }
