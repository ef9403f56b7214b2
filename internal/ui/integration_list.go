package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

const integrationsPerPage = 50

// integrationItem is one row of the Manage list.
type integrationItem struct {
	integration.Integration
	Health delivery.Health
}

// SuccessRate is the last 24 hours' success rate in words, "" without requests.
func (i integrationItem) SuccessRate() string {
	if i.Health.SuccessRate24h == nil {
		return ""
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", 100**i.Health.SuccessRate24h), ".0") + " %"
}

// P95 is the last 24 hours' 95th percentile duration in words.
func (i integrationItem) P95() string {
	if i.Health.P95MS24h == nil {
		return ""
	}
	if ms := *i.Health.P95MS24h; ms >= 5000 {
		return "≥ 5 s"
	}
	return formatMS(*i.Health.P95MS24h)
}

// lastErrorRunes is how much of the last error the list shows.
const lastErrorRunes = 70

// LastErrorShort is the start of the last error's message.
func (i integrationItem) LastErrorShort() string {
	if i.Health.LastError == nil {
		return ""
	}
	return shorten(i.Health.LastError.Message, lastErrorRunes)
}

// LastErrorTitle is the last error's message, bounded, for its tooltip.
func (i integrationItem) LastErrorTitle() string {
	if i.Health.LastError == nil {
		return ""
	}
	return shorten(i.Health.LastError.Message, 500)
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// trendBar is one hour of the list's trend.
type trendBar struct {
	X, OKY, OKH, BadY, BadH float64
	Title                   string
}

// Trend geometry, in SVG user units: 24 bars of 3 with a gap of 1.
const (
	trendBarW, trendStep, trendHeight = 3.0, 4.0, 20.0
)

// Trend is the last 24 hours' requests, one stacked bar an hour (failures
// on top), scaled to the busiest hour.
func (i integrationItem) Trend() []trendBar {
	var top int64
	for _, h := range i.Health.Hours {
		top = max(top, h.Requests())
	}
	out := make([]trendBar, len(i.Health.Hours))
	for n, h := range i.Health.Hours {
		b := trendBar{X: float64(n) * trendStep, OKY: trendHeight, BadY: trendHeight,
			Title: fmt.Sprintf("%s UTC: %d successful, %d failed", h.Start.Format("15:04"), h.Successes, h.Failures)}
		if top > 0 {
			b.OKH = float64(h.Successes) / float64(top) * trendHeight
			b.BadH = float64(h.Failures) / float64(top) * trendHeight
			b.OKY = trendHeight - b.OKH
			b.BadY = b.OKY - b.BadH
		}
		out[n] = b
	}
	return out
}

// TriggerLabels names the integration's triggers.
func (i integrationItem) TriggerLabels() []string {
	out := make([]string, len(i.HTTP.Triggers))
	for n, k := range i.HTTP.Triggers {
		out[n] = kindLabel(string(k))
	}
	return out
}

// integrationList is the Manage list of HTTP integrations.
func (u *UI) integrationList(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := u.Integrations.List(r.Context(), query.Page{BeforeID: before, Limit: integrationsPerPage + 1})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var next int64
	if len(list) > integrationsPerPage {
		list = list[:integrationsPerPage]
		next = list[len(list)-1].ID
	}
	health, err := u.Delivery.Health(r.Context(), list)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	items := make([]integrationItem, len(list))
	for i, it := range list {
		items[i] = integrationItem{Integration: it, Health: health[it.ID]}
	}
	u.render(w, r, http.StatusOK, "integrations", "HTTP integrations", "integrations", map[string]any{
		"Integrations": items, "Next": next, "Paged": before > 0, "Deleted": r.URL.Query().Get("deleted") == "1"})
}
