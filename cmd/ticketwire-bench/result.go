package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
)

// result is one run's figures.
type result struct {
	backend               string
	mode                  string // "flat out", "rate" or "drain"
	events, integrations  int
	rate                  float64
	deliveries            int
	elapsed, raised       time.Duration
	p50, p95, p99, max    time.Duration
	cpu                   usage
	peakRSSMiB, goHeapMiB float64
	noisy                 bool
	noop                  *noopResult // with --river-noop
	seed                  *seeded     // with --seed-log
	trim                  *trimResult // with --seed-log
}

// result gathers the figures of the window that began at start. In a drain
// latency counts from the later of the commit and start: the wait before
// the workers started is the benchmark's, not the engine's.
func (b *bench) result(o options, start time.Time, raised time.Duration, cpu usage) result {
	b.mu.Lock()
	defer b.mu.Unlock()
	var last time.Time
	lat := make([]time.Duration, 0, len(b.arrived))
	for _, a := range b.arrived {
		if a.at.After(last) {
			last = a.at
		}
		if c, ok := b.committed[a.ticket]; ok {
			if o.drain && c.Before(start) {
				c = start
			}
			lat = append(lat, a.at.Sub(c))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := result{backend: string(b.srv.Store.Dialect), mode: o.mode(), events: o.events, integrations: o.integrations, rate: o.rate,
		deliveries: len(b.arrived), elapsed: last.Sub(start), raised: raised, cpu: cpu,
		p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), peakRSSMiB: peakRSS(), goHeapMiB: float64(ms.HeapSys) / (1 << 20),
		noisy: o.noisy}
	if len(lat) > 0 {
		r.max = lat[len(lat)-1]
	}
	return r
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

// peakRSS is the process's high-water resident memory (Linux), in MiB.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(rest), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func (r result) perSecond() float64 { return float64(r.deliveries) / r.elapsed.Seconds() }

// ratio is deliveries per second over River's no-op jobs per second; 0
// without --river-noop.
func (r result) ratio() float64 {
	if r.noop == nil {
		return 0
	}
	return r.perSecond() / r.noop.perSecond()
}

// msPer is CPU time per item, in milliseconds.
func msPer(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(n)
}

func (r result) print(w io.Writer) {
	fmt.Fprintf(w, "backend        %s\n", r.backend)
	if r.seed != nil {
		r.seed.print(w)
	}
	switch r.mode {
	case "drain":
		fmt.Fprintf(w, "load           %d events × %d integrations raised with the workers stopped (in %.2fs), then drained\n",
			r.events, r.integrations, r.raised.Seconds())
	case "rate":
		fmt.Fprintf(w, "load           %d events × %d integrations, %.0f events/s\n", r.events, r.integrations, r.rate)
	default:
		fmt.Fprintf(w, "load           %d events × %d integrations, flat out\n", r.events, r.integrations)
	}
	if r.noisy {
		fmt.Fprintf(w, "neighbour      plus one integration whose endpoint hangs; figures below are the healthy ones'\n")
	}
	if r.mode == "drain" {
		fmt.Fprintf(w, "deliveries     %d in %.2fs = %.0f deliveries/s (from the workers' start)\n", r.deliveries, r.elapsed.Seconds(), r.perSecond())
	} else {
		fmt.Fprintf(w, "deliveries     %d in %.2fs = %.0f deliveries/s (events raised in %.2fs = %.0f events/s)\n",
			r.deliveries, r.elapsed.Seconds(), r.perSecond(), r.raised.Seconds(), float64(r.events)/r.raised.Seconds())
	}
	if r.noop != nil {
		fmt.Fprintf(w, "river no-op    %d jobs in %.2fs = %.0f jobs/s; ratio %.2f (deliveries/s ÷ no-op jobs/s)\n",
			r.noop.jobs, r.noop.elapsed.Seconds(), r.noop.perSecond(), r.ratio())
	}
	fmt.Fprintf(w, "cpu            %s per delivery\n", r.cpu.describe(r.deliveries))
	if r.noop != nil {
		fmt.Fprintf(w, "cpu no-op      %s per job\n", r.noop.cpu.describe(r.noop.jobs))
	}
	from := "commit"
	if r.mode == "drain" {
		from = "commit (or the workers' start, if later)"
	}
	fmt.Fprintf(w, "latency        %s → first arrival: p50 %s, p95 %s, p99 %s, max %s\n", from, ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max))
	if r.trim != nil && (r.trim.ran || r.trim.logBefore > 0 || r.trim.jobsBefore > 0) {
		r.trim.print(w)
	}
	fmt.Fprintf(w, "memory         peak RSS %.0f MiB, Go heap %.0f MiB\n", r.peakRSSMiB, r.goHeapMiB)
}

// describe gives the CPU per item: in all, then by process.
func (u usage) describe(n int) string {
	self := msPer(u.self, n)
	if u.pg.why != "" {
		return fmt.Sprintf("%.2f ms (this process; PostgreSQL's not measured: %s)", self, u.pg.why)
	}
	if !u.pg.measured {
		return fmt.Sprintf("%.2f ms (this process)", self)
	}
	return fmt.Sprintf("%.2f ms in all: this process %.2f + PostgreSQL %.2f (its backends for this run %.2f, shared background writers %.2f)",
		msPer(u.self+u.pg.total(), n), self, msPer(u.pg.total(), n), msPer(u.pg.backends, n), msPer(u.pg.background, n))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
