package main

import (
	"fmt"
	"io"
	"sort"
)

// printSummary gives the min, median and max over the runs of each figure.
func printSummary(w io.Writer, runs []result) {
	fmt.Fprintf(w, "\n%d runs                          min       median    max\n", len(runs))
	row := func(name, format string, f func(result) float64) {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		cell := func(x float64) string { return fmt.Sprintf(format, x) }
		fmt.Fprintf(w, "%-30s  %-8s  %-8s  %-8s\n", name, cell(v[0]), cell(v[len(v)/2]), cell(v[len(v)-1]))
	}
	row("deliveries/s", "%.0f", func(r result) float64 { return r.perSecond() })
	if runs[0].noop != nil {
		row("river no-op jobs/s", "%.0f", func(r result) float64 { return r.noop.perSecond() })
		row("ratio", "%.2f", result.ratio)
	}
	row("cpu ms/delivery, in all", "%.2f", func(r result) float64 { return msPer(r.cpu.self+r.cpu.pg.total(), r.deliveries) })
	if runs[0].cpu.pg.measured {
		row("  this process", "%.2f", func(r result) float64 { return msPer(r.cpu.self, r.deliveries) })
		row("  PostgreSQL", "%.2f", func(r result) float64 { return msPer(r.cpu.pg.total(), r.deliveries) })
	}
	if runs[0].noop != nil {
		row("cpu ms/no-op job, in all", "%.2f", func(r result) float64 { return msPer(r.noop.cpu.self+r.noop.cpu.pg.total(), r.noop.jobs) })
	}
	row("latency p50 ms", "%.1f", func(r result) float64 { return float64(r.p50.Microseconds()) / 1000 })
	row("latency p95 ms", "%.1f", func(r result) float64 { return float64(r.p95.Microseconds()) / 1000 })
	row("latency p99 ms", "%.1f", func(r result) float64 { return float64(r.p99.Microseconds()) / 1000 })
	if t := runs[0].trim; t != nil && t.logBefore > 0 {
		row("retention s", "%.2f", func(r result) float64 { return r.trim.end.Sub(r.trim.start).Seconds() })
		row("longest gap in trim ms", "%.1f", func(r result) float64 { return float64(r.trim.longestGap.Microseconds()) / 1000 })
		row("longest gap outside ms", "%.1f", func(r result) float64 { return float64(r.trim.longestGapOutside.Microseconds()) / 1000 })
	}
	row("peak RSS MiB", "%.0f", func(r result) float64 { return r.peakRSSMiB })
}
