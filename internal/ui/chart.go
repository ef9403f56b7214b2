package ui

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// The events chart reads the hourly counts kept beside the log (never the
// log's rows), so it costs the same however busy the integration.
const chartHours = delivery.HealthHours

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartLeft, chartRight = 40.0, 668.0 // the plot area's x range (the SVG is 720 wide)
	chartTop, chartBottom = 14.0, 174.0 // and its y range (the SVG is 200 high)
	chartBarShare         = 0.7         // of an hour's width
	chartLabelEvery       = 3           // hours between x labels
)

// chartHour is one hourly bucket and its shapes.
type chartHour struct {
	Start         time.Time
	OK, Bad, Skip int64
	latencySum    int64
	latencyN      int64
	AvgMS         int64
	HasLatency    bool
	X, W          float64 // the bar
	OKY, OKH      float64 // successes, at the bottom
	BadY, BadH    float64 // failures, stacked on top
	DotX, DotY    float64 // the latency point
	Label         string  // the x label, every few hours
	Title         string
}

// chartTick is a labelled gridline.
type chartTick struct {
	Y    float64
	Text string
}

// chart is the last 24 hours of an integration's requests.
type chart struct {
	Hours         []chartHour
	LatencyPath   string
	CountTicks    []chartTick
	LatencyTicks  []chartTick
	OK, Bad, Skip int64
	AvgMS         int64
	Summary       string
	since         time.Time
	latencySum    int64
	latencyN      int64
}

// chart24h builds the chart of integration id from its hourly counts.
func (u *UI) chart24h(ctx context.Context, id int64, now time.Time) (chart, error) {
	c := newChart(now)
	hours, err := u.Delivery.Hours(ctx, id, c.since, now)
	if err != nil {
		return chart{}, err
	}
	for _, h := range hours {
		c.add(h)
	}
	return c.layout(), nil
}

// newChart has 24 empty hourly buckets, the last one holding now.
func newChart(now time.Time) chart {
	end := now.UTC().Truncate(time.Hour).Add(time.Hour)
	c := chart{since: end.Add(-chartHours * time.Hour), Hours: make([]chartHour, chartHours)}
	for i := range c.Hours {
		c.Hours[i].Start = c.since.Add(time.Duration(i) * time.Hour)
	}
	return c
}

// add counts one hour of the log in its bucket.
func (c *chart) add(e delivery.Hour) {
	i := int(e.Start.Sub(c.since) / time.Hour)
	if i < 0 || i >= len(c.Hours) {
		return
	}
	h := &c.Hours[i]
	h.OK += e.Successes
	h.Bad += e.Failures
	h.Skip += e.Skipped
	h.latencySum += e.SentDurationMS
	h.latencyN += e.Sent
}

// layout computes totals, scales, shapes and the text summary.
func (c chart) layout() chart {
	maxCount, maxMS := int64(0), int64(0)
	for i := range c.Hours {
		h := &c.Hours[i]
		c.OK, c.Bad, c.Skip = c.OK+h.OK, c.Bad+h.Bad, c.Skip+h.Skip
		c.latencySum, c.latencyN = c.latencySum+h.latencySum, c.latencyN+h.latencyN
		if h.latencyN > 0 {
			h.HasLatency, h.AvgMS = true, h.latencySum/h.latencyN
			maxMS = max(maxMS, h.AvgMS)
		}
		maxCount = max(maxCount, h.OK+h.Bad)
	}
	if c.latencyN > 0 {
		c.AvgMS = c.latencySum / c.latencyN
	}
	// At least 2 requests and 10 ms, so that the middle gridline is a whole number.
	countTop, msTop := niceCeil(float64(max(maxCount, 2))), niceCeil(float64(max(maxMS, 10)))
	c.CountTicks = ticks(countTop, func(v float64) string { return fmt.Sprintf("%g", v) })
	c.LatencyTicks = ticks(msTop, func(v float64) string { return formatMS(int64(v)) })
	c.shapes(countTop, msTop)
	c.Summary = c.summary()
	return c
}

// shapes places each hour's bars and latency point, and draws the latency
// line through the hours that have one (a gap breaks the line).
func (c *chart) shapes(countTop, msTop float64) {
	slot := (chartRight - chartLeft) / chartHours
	y := func(v, top float64) float64 { return chartBottom - v/top*(chartBottom-chartTop) }
	var path strings.Builder
	joined := false
	for i := range c.Hours {
		h := &c.Hours[i]
		h.W = slot * chartBarShare
		h.X = chartLeft + float64(i)*slot + (slot-h.W)/2
		h.OKY = y(float64(h.OK), countTop)
		h.OKH = chartBottom - h.OKY
		h.BadY = y(float64(h.OK+h.Bad), countTop)
		h.BadH = h.OKY - h.BadY
		h.DotX = h.X + h.W/2
		if i%chartLabelEvery == 0 {
			h.Label = h.Start.Format("15:04")
		}
		h.Title = hourTitle(*h)
		if !h.HasLatency {
			joined = false
			continue
		}
		h.DotY = y(float64(h.AvgMS), msTop)
		cmd := "L"
		if !joined {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, h.DotX, h.DotY)
		joined = true
	}
	c.LatencyPath = strings.TrimSpace(path.String())
}

func hourTitle(h chartHour) string {
	s := fmt.Sprintf("%s–%s UTC: %d successful, %d failed", h.Start.Format("15:04"), h.Start.Add(time.Hour).Format("15:04"), h.OK, h.Bad)
	if h.Skip > 0 {
		s += fmt.Sprintf(", %d skipped", h.Skip)
	}
	if h.HasLatency {
		s += ", average latency " + formatMS(h.AvgMS)
	}
	return s
}

// summary says in words what the chart shows.
func (c chart) summary() string {
	if c.OK+c.Bad+c.Skip == 0 {
		return "No requests in the last 24 hours."
	}
	s := fmt.Sprintf("Last 24 hours: %d successful and %d failed requests", c.OK, c.Bad)
	if c.latencyN > 0 {
		s += ", average latency " + formatMS(c.AvgMS)
	}
	s += "."
	if c.Skip > 0 {
		s += fmt.Sprintf(" %d events were skipped while the integration was disabled.", c.Skip)
	}
	if busiest := c.busiest(); busiest.OK+busiest.Bad > 0 {
		s += fmt.Sprintf(" Busiest hour: %s UTC (%d requests).", busiest.Start.Format("15:04"), busiest.OK+busiest.Bad)
	}
	return s
}

func (c chart) busiest() chartHour {
	var b chartHour
	for _, h := range c.Hours {
		if h.OK+h.Bad > b.OK+b.Bad {
			b = h
		}
	}
	return b
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten, so that axis labels
// are round numbers; at least 1.
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// ticks are gridlines at 0, half and the top of a scale.
func ticks(top float64, text func(float64) string) []chartTick {
	out := make([]chartTick, 0, 3)
	for _, f := range []float64{0, 0.5, 1} {
		out = append(out, chartTick{Y: chartBottom - f*(chartBottom-chartTop), Text: text(top * f)})
	}
	return out
}
