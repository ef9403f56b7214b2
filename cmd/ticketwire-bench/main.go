// Command ticketwire-bench measures the delivery engine end to end: it starts
// ticketwire's engine on a temporary SQLite file (or on PostgreSQL with
// --database-url), a fast local receiver, and K matching integrations, raises
// N ticket events, and prints deliveries per second, the latency from the
// event's commit to the first attempt's arrival (p50/p95/p99), and peak memory.
//
//	go run ./cmd/ticketwire-bench --events 5000 --integrations 2            # flat out
//	go run ./cmd/ticketwire-bench --events 6000 --rate 200 --integrations 1 # latency at 200 events/s
package main

import (
	"context"
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
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ticketwire-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, out io.Writer) error {
	if o.events < 1 || o.integrations < 1 {
		return fmt.Errorf("--events and --integrations must be at least 1")
	}
	b, err := setup(ctx, o, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer b.close()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	if err := b.raise(ctx, o); err != nil {
		return err
	}
	raised := time.Since(start)
	if err := b.wait(ctx, o.events*o.integrations, 5*time.Minute); err != nil {
		return err
	}
	r := b.result(o, start, raised)
	r.print(out)
	return nil
}
