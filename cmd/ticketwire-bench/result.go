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
	events, integrations  int
	rate                  float64
	deliveries            int
	elapsed, raised       time.Duration
	p50, p95, p99, max    time.Duration
	peakRSSMiB, goHeapMiB float64
	noisy                 bool
}

func (b *bench) result(o options, start time.Time, raised time.Duration) result {
	b.mu.Lock()
	defer b.mu.Unlock()
	var last time.Time
	lat := make([]time.Duration, 0, len(b.arrived))
	for _, a := range b.arrived {
		if a.at.After(last) {
			last = a.at
		}
		if c, ok := b.committed[a.ticket]; ok {
			lat = append(lat, a.at.Sub(c))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := result{backend: string(b.srv.Store.Dialect), events: o.events, integrations: o.integrations, rate: o.rate,
		deliveries: len(b.arrived), elapsed: last.Sub(start), raised: raised,
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

func (r result) print(w io.Writer) {
	rate := "flat out"
	if r.rate > 0 {
		rate = fmt.Sprintf("%.0f events/s", r.rate)
	}
	fmt.Fprintf(w, "backend        %s\n", r.backend)
	fmt.Fprintf(w, "load           %d events × %d integrations, %s\n", r.events, r.integrations, rate)
	if r.noisy {
		fmt.Fprintf(w, "neighbour      plus one integration whose endpoint hangs; figures below are the healthy ones'\n")
	}
	fmt.Fprintf(w, "deliveries     %d in %.2fs = %.0f deliveries/s (events raised in %.2fs = %.0f events/s)\n",
		r.deliveries, r.elapsed.Seconds(), float64(r.deliveries)/r.elapsed.Seconds(), r.raised.Seconds(), float64(r.events)/r.raised.Seconds())
	fmt.Fprintf(w, "latency        commit → first arrival: p50 %s, p95 %s, p99 %s, max %s\n", ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max))
	fmt.Fprintf(w, "memory         peak RSS %.0f MiB, Go heap %.0f MiB\n", r.peakRSSMiB, r.goHeapMiB)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
