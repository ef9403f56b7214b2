// Command ticketwire-bench measures the delivery engine end to end: it starts
// ticketwire's engine on a temporary SQLite file (or on PostgreSQL with
// --database-url), a fast local receiver, and K matching integrations, raises
// N ticket events, and prints deliveries per second, CPU time per delivery,
// the latency from the event's commit to the first attempt's arrival
// (p50/p95/p99), and peak memory.
//
//	go run ./cmd/ticketwire-bench --events 5000 --integrations 2            # flat out
//	go run ./cmd/ticketwire-bench --events 6000 --rate 200 --integrations 1 # latency at 200 events/s
//	go run ./cmd/ticketwire-bench --events 5000 --drain --river-noop --runs 3 # the engine alone, against River alone
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"
)

type options struct {
	databaseURL  string
	events       int
	rate         float64
	integrations int
	workers      int
	concurrency  int
	cpuProfile   string
	noisy        bool // add a hanging integration
	noisyCap     int  // its http.max_concurrency; 0 keeps the default
	drain        bool // raise with the workers stopped, then time the backlog
	riverNoop    bool // also drain as many River no-op jobs
	runs         int
	seedLog      int           // events-log rows and completed jobs to insert before the run
	seedAge      time.Duration // how old they are
}

func (o options) mode() string {
	switch {
	case o.drain:
		return "drain"
	case o.rate > 0:
		return "rate"
	}
	return "flat out"
}

func main() {
	var o options
	flag.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL; empty uses a temporary SQLite file")
	flag.IntVar(&o.events, "events", 5000, "ticket events to raise")
	flag.Float64Var(&o.rate, "rate", 0, "events per second; 0 raises them as fast as the database takes them")
	flag.IntVar(&o.integrations, "integrations", 1, "integrations that match every event (deliveries = events × integrations)")
	flag.IntVar(&o.workers, "workers", 200, "delivery workers (TICKETWIRE_DELIVERY_WORKERS)")
	flag.IntVar(&o.concurrency, "concurrency", 8, "goroutines raising events when --rate is 0")
	flag.BoolVar(&o.noisy, "noisy", false, "add one integration whose endpoint hangs until the request timeout (a noisy neighbour); figures are the healthy integrations'")
	flag.IntVar(&o.noisyCap, "noisy-concurrency", 0, "the noisy neighbour's http.max_concurrency; 0 keeps the default (a quarter of the workers), --workers gives it every worker as before per-integration limits existed")
	flag.BoolVar(&o.drain, "drain", false, "raise every event with the delivery workers stopped, then start them and time the backlog (the engine alone)")
	flag.BoolVar(&o.riverNoop, "river-noop", false, "then drain as many River jobs that do nothing, with the server's River settings on the same database, and report the ratio")
	flag.IntVar(&o.runs, "runs", 1, "repeat the run this many times, each on a fresh database, and add min/median/max")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the first run's measured window to this file")
	flag.IntVar(&o.seedLog, "seed-log", 0, "insert this many events-log rows and completed delivery jobs before the run (a log that has grown)")
	seedAge := flag.String("seed-age", "0", "age of the seeded rows (45d, 36h); past the retention period (30d) the run's retention job removes them while it delivers")
	flag.Parse()
	age, err := parseAge(*seedAge)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ticketwire-bench:", err)
		os.Exit(2)
	}
	o.seedAge = age
	if err := runAll(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ticketwire-bench:", err)
		os.Exit(1)
	}
}

func runAll(ctx context.Context, o options, out io.Writer) error {
	if err := o.check(); err != nil {
		return err
	}
	var results []result
	for i := 0; i < o.runs; i++ {
		if o.runs > 1 {
			fmt.Fprintf(out, "\nrun %d of %d\n", i+1, o.runs)
		}
		r, err := run(ctx, o, i == 0)
		if err != nil {
			return err
		}
		r.print(out)
		results = append(results, r)
	}
	if o.runs > 1 {
		printSummary(out, results)
	}
	return nil
}

func (o options) check() error {
	switch {
	case o.events < 1 || o.integrations < 1:
		return errors.New("--events and --integrations must be at least 1")
	case o.runs < 1:
		return errors.New("--runs must be at least 1")
	case o.drain && o.rate > 0:
		return errors.New("--drain raises events as fast as it can: leave out --rate")
	case o.drain && o.noisy:
		return errors.New("--noisy measures latency under load: leave out --drain")
	case o.seedLog < 0:
		return errors.New("--seed-log must be 0 or more")
	case o.seedAge > 0 && o.seedLog == 0:
		return errors.New("--seed-age dates the seeded rows: give --seed-log too")
	}
	return nil
}

// run is one measured run on a fresh database.
func run(ctx context.Context, o options, profile bool) (result, error) {
	b, err := setup(ctx, o, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return result{}, err
	}
	defer b.close()
	var seed *seeded
	var watch *trimWatch
	if o.seedLog > 0 {
		s, err := b.seed(ctx, o.seedLog, o.seedAge, b.integrationIDs)
		if err != nil {
			return result{}, err
		}
		seed = &s
		if watch, err = b.watchTrim(ctx, b.srv.Config.LogRetention); err != nil {
			return result{}, err
		}
	}
	if err := b.markJobs(ctx); err != nil {
		return result{}, err
	}
	resetPeakRSS()
	var raised time.Duration
	if o.drain {
		start := time.Now()
		if err := b.raise(ctx, o); err != nil {
			return result{}, err
		}
		raised = time.Since(start)
		if err := b.analyzeJobs(ctx); err != nil {
			return result{}, err
		}
	} else if err := b.startWorkers(); err != nil {
		return result{}, err
	}
	stop, err := startProfile(o.cpuProfile, profile)
	if err != nil {
		return result{}, err
	}
	before := b.markCPU(ctx)
	start := time.Now()
	if o.drain {
		err = b.startWorkers()
	} else {
		err = b.raise(ctx, o)
		raised = time.Since(start)
	}
	if err != nil {
		stop()
		return result{}, err
	}
	err = b.wait(ctx, o.events*o.integrations, 5*time.Minute)
	after := b.markCPU(ctx)
	stop()
	if err != nil {
		return result{}, err
	}
	r := b.result(o, start, raised, b.usageSince(before, after))
	r.seed = seed
	if watch != nil {
		t, err := b.finishTrim(ctx, watch, 10*time.Minute)
		if err != nil {
			return result{}, err
		}
		r.trim = &t
	}
	if o.riverNoop {
		n, err := b.riverNoop(ctx, o.events*o.integrations)
		if err != nil {
			return result{}, err
		}
		r.noop = &n
	}
	return r, nil
}

// startProfile writes a CPU profile to path until stop, when asked to.
func startProfile(path string, asked bool) (stop func(), err error) {
	if path == "" || !asked {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
