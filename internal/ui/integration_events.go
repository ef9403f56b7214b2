package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

const eventsPerPage = 25

// outcomeFilter is one tab of the Events tab's outcome filter.
type outcomeFilter struct {
	Label  string
	URL    string
	Active bool
}

// eventsPage is the data of the Events tab.
type eventsPage struct {
	Integration integration.Integration
	Rows        []logRow
	Outcome     string
	Filters     []outcomeFilter
	Next        string // the "Older" link, when there are older rows
	Newest      string // the "Newest" link, when paged
	Chart       chart
}

// integrationEvents is the Events tab: the latest requests, filtered by
// outcome and paged by id, under a chart of the last 24 hours.
func (u *UI) integrationEvents(w http.ResponseWriter, r *http.Request) {
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	outcome := q.Get("outcome")
	if outcomeLabels[outcome] == "" {
		outcome = "" // an unknown filter shows everything
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := u.Delivery.ListLog(r.Context(), query.DeliveryLogFilter{IntegrationID: it.ID, Outcome: outcome,
		Page: query.Page{BeforeID: before, Limit: eventsPerPage + 1}})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p := eventsPage{Integration: it, Outcome: outcome, Filters: outcomeFilters(it.ID, outcome)}
	if len(list) > eventsPerPage {
		list = list[:eventsPerPage]
		p.Next = eventsURL(it.ID, outcome, list[len(list)-1].ID)
	}
	if before > 0 {
		p.Newest = eventsURL(it.ID, outcome, 0)
	}
	for _, e := range list {
		p.Rows = append(p.Rows, newLogRow(e))
	}
	if p.Chart, err = u.chart24h(r.Context(), it.ID, time.Now()); err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "integration_events", "Events · "+it.Name, "integrations", p)
}

// eventsURL is a page of the Events tab.
func eventsURL(id int64, outcome string, before int64) string {
	v := url.Values{}
	if outcome != "" {
		v.Set("outcome", outcome)
	}
	if before > 0 {
		v.Set("before", strconv.FormatInt(before, 10))
	}
	if len(v) == 0 {
		return integrationPath(id, "/events")
	}
	return integrationPath(id, "/events?"+v.Encode())
}

func outcomeFilters(id int64, active string) []outcomeFilter {
	out := []outcomeFilter{{Label: "All", URL: eventsURL(id, "", 0), Active: active == ""}}
	for _, o := range delivery.Outcomes {
		out = append(out, outcomeFilter{Label: outcomeLabels[o], URL: eventsURL(id, o, 0), Active: active == o})
	}
	return out
}
