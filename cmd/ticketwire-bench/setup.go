package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/server"
)

// bench is a running engine with its receiver.
type bench struct {
	srv      *server.Server
	receiver *httptest.Server
	hanging  *httptest.Server // the noisy neighbour's endpoint, nil without --noisy
	quit     chan struct{}
	dir      string
	runCtx   context.Context // River runs on it
	cancel   context.CancelFunc
	scratch  *scratch // PostgreSQL only
	// integrationIDs are the benchmark's matching integrations (not the noisy one).
	integrationIDs []int64
	pgCPU          *pgCPU // PostgreSQL only
	jobsBefore     int64  // the last job id before the run's own

	mu        sync.Mutex
	committed map[int64]time.Time // ticket id → when its creation committed
	arrived   map[string]arrival  // delivery id → first arrival
	done      chan struct{}
	want      int
}

type arrival struct {
	ticket int64
	at     time.Time
}

func setup(ctx context.Context, o options, log *slog.Logger) (*bench, error) {
	b := &bench{committed: map[int64]time.Time{}, arrived: map[string]arrival{}, done: make(chan struct{})}
	b.receiver = httptest.NewServer(http.HandlerFunc(b.receive))
	cfg := config.Defaults()
	if o.databaseURL != "" {
		sc, err := scratchSchema(o.databaseURL)
		if err != nil {
			return nil, err
		}
		cfg.DatabaseURL, b.scratch = sc.url, sc
		b.pgCPU = &pgCPU{db: sc.db, app: sc.app}
	}
	dir, err := os.MkdirTemp("", "ticketwire-bench")
	if err != nil {
		return nil, err
	}
	b.dir, cfg.DataDir = dir, dir
	cfg.AllowedNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	cfg.DeliveryWorkers = o.workers
	// On a loaded machine a rendering can miss the 100 ms default and the
	// delivery fails to build; the run would then wait for it in vain.
	cfg.TemplateTimeout = 2 * time.Second
	b.runCtx, b.cancel = context.WithCancel(ctx)
	b.srv, err = server.Open(b.runCtx, cfg, server.Options{Log: log})
	if err != nil {
		return nil, err
	}
	for i := 0; i < o.integrations; i++ {
		it, err := b.srv.Integrations.Create(ctx, integration.Input{Name: fmt.Sprintf("bench %d", i), HTTP: &integration.HTTP{
			URL: b.receiver.URL + "/hook?ticket={{ticket.id}}", Method: "POST",
			Body:     `{"ticket_id": {{ticket.id}}, "email": "{{ticket.customer.email}}", "subject": "{{ticket.subject}}"}`,
			Triggers: integration.Triggers{"ticket-created"}}})
		if err != nil {
			return nil, err
		}
		b.integrationIDs = append(b.integrationIDs, it.ID)
	}
	if o.noisy {
		if err := b.addNoisy(ctx, o.noisyCap); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// startWorkers starts the delivery workers (River's client).
func (b *bench) startWorkers() error { return b.srv.River.Start(b.runCtx) }

// stopWorkers stops them, letting running jobs finish.
func (b *bench) stopWorkers() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return b.srv.River.Stop(ctx)
}

// receive answers at once and notes the first arrival of each delivery.
func (b *bench) receive(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	ticket, _ := strconv.ParseInt(r.URL.Query().Get("ticket"), 10, 64)
	id := r.Header.Get("Webhook-Id")
	b.mu.Lock()
	if _, seen := b.arrived[id]; !seen {
		b.arrived[id] = arrival{ticket: ticket, at: now}
		if len(b.arrived) == b.want {
			close(b.done)
		}
	}
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"ok":true}`))
}

// createTicket raises one ticket-created event and notes its commit time.
func (b *bench) createTicket(ctx context.Context, n int) error {
	t, err := b.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: fmt.Sprintf("customer%d@example.com", n%500)},
		Subject:  fmt.Sprintf("Order %d", n), Messages: []helpdesk.MessageInput{{BodyText: "Where is my order?"}}})
	if err != nil {
		return err
	}
	now := time.Now()
	b.mu.Lock()
	b.committed[t.ID] = now
	b.mu.Unlock()
	return nil
}

// addNoisy adds an integration whose endpoint never answers: each of its
// deliveries holds its request until the request timeout.
func (b *bench) addNoisy(ctx context.Context, maxConcurrency int) error {
	b.quit = make(chan struct{})
	b.hanging = httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-b.quit:
		}
	}))
	_, err := b.srv.Integrations.Create(ctx, integration.Input{Name: "noisy neighbour", HTTP: &integration.HTTP{
		URL: b.hanging.URL + "/hang", Method: "POST", Body: `{"ticket_id": {{ticket.id}}}`, Triggers: integration.Triggers{"ticket-created"},
		MaxConcurrency: maxConcurrency}})
	return err
}

func (b *bench) close() {
	if b.hanging != nil {
		close(b.quit)
		b.hanging.Close()
	}
	b.receiver.Close()
	_ = b.stopWorkers()
	b.cancel()
	b.srv.Close()
	os.RemoveAll(b.dir)
	if b.scratch != nil {
		b.scratch.drop()
	}
}
