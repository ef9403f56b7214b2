package ui

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/query"
)

// sidebarVersion answers {"version": …}: a string that changes whenever
// fetched data of the ticket's customer arrives, so the open ticket page can
// poll it cheaply and reload its widgets only when there is something new.
func (u *UI) sidebarVersion(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "No such ticket.", http.StatusNotFound)
		return
	}
	customerID, fetched, err := u.Helpdesk.FetchTimes(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		http.Error(w, "No such ticket.", http.StatusNotFound)
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`{"version":` + strconv.Quote(u.dataVersion(r.Context(), customerID, fetched)) + "}"))
}

// dataVersion lists when each integration last stored data for a customer,
// and the events-log rows of its last failed fetches.
func (u *UI) dataVersion(ctx context.Context, customerID int64, fetched map[int64]time.Time) string {
	keys := make([]int64, 0, len(fetched))
	for k := range fetched {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(strconv.FormatInt(k, 10) + "@" + fetched[k].UTC().Format("20060102T150405.000000") + ";")
	}
	if u.Delivery != nil {
		failed, _ := u.Delivery.LastFetchFailures(ctx, customerID) // a hint: unread, the version stays
		ids := make([]int64, 0, len(failed))
		for _, f := range failed {
			ids = append(ids, f.LogID)
		}
		slices.Sort(ids)
		for _, id := range ids {
			b.WriteString("!" + strconv.FormatInt(id, 10))
		}
	}
	return b.String()
}

// fetchTimesOf is what FetchTimes reads, taken from a customer already loaded.
func fetchTimesOf(c event.Customer) map[int64]time.Time {
	out := make(map[int64]time.Time, len(c.IntegrationsMeta))
	for k, m := range c.IntegrationsMeta {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			out[id] = m.FetchedDatetime
		}
	}
	return out
}
