// Package servertest starts a whole ticketwire for tests, as `serve` does:
// a fresh database of the chosen backend, every service, the River job
// workers and the HTTP handler on an httptest server, all stopped at cleanup.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/logging"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// Options shape one test server.
type Options struct {
	Tune           func(*config.Config) // change settings before the start
	Now            func() time.Time     // the clock of the helpdesk and the delivery engine
	SnoozeInterval time.Duration
	Log            io.Writer           // where the server logs, from DEBUG up in the configured format; nil discards
	BeforeOpen     func(config.Config) // runs on the migrated, empty database before Open (to seed it)
}

// Server is a running ticketwire.
type Server struct {
	*server.Server
	URL string // the HTTP server's base URL
}

// AllowLoopback lets integrations reach httptest receivers on 127.0.0.1 (and
// nothing else private), as an admin's TICKETWIRE_ALLOWED_NETWORKS would.
func AllowLoopback(c *config.Config) {
	c.AllowedNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
}

// Start opens a fresh ticketwire on backend b and serves it until cleanup.
func Start(t testing.TB, b storetest.Backend, o Options) *Server {
	t.Helper()
	opts := b.Options(t)
	cfg := config.Defaults()
	cfg.DataDir, cfg.DatabaseURL = opts.DataDir, opts.DatabaseURL
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	// The render time budget is one setting for the whole process, and tests
	// run many servers side by side on busy machines: a generous budget keeps
	// a limit test about its size limit, not about how loaded the machine is.
	// A test of the time budget itself sets a short one with Tune.
	cfg.TemplateTimeout = 10 * time.Second
	if o.Tune != nil {
		o.Tune(&cfg)
	}
	if o.BeforeOpen != nil {
		o.BeforeOpen(cfg)
	}
	logs := o.Log
	if logs == nil {
		logs = io.Discard
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.Open(ctx, cfg, server.Options{Now: o.Now, SnoozeInterval: o.SnoozeInterval,
		Log: logging.New(logs, slog.LevelDebug, cfg.LogFormat)})
	if err != nil {
		cancel()
		t.Fatalf("open ticketwire on %s: %v", b.Name, err)
	}
	if err := srv.River.Start(ctx); err != nil {
		cancel()
		t.Fatalf("start job workers: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		cancel()
		stopCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		_ = srv.River.Stop(stopCtx)
		srv.Close()
	})
	return &Server{Server: srv, URL: hs.URL}
}
