package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

// eventPage is the data of one events-log row's page.
type eventPage struct {
	Integration integration.Integration
	Row         logRow
	Causes      []cause
	Notice      string // what just happened, such as a queued replay
	Problem     string // why the last action was refused
}

// integrationEventShow shows one request of the events log in full.
func (u *UI) integrationEventShow(w http.ResponseWriter, r *http.Request) {
	notice := ""
	if r.URL.Query().Get("replayed") == "1" {
		notice = "Replay queued. The new attempt appears at the top of the Events tab within a few seconds."
	}
	u.showEvent(w, r, http.StatusOK, notice, "")
}

// showEvent renders the row of the path, with a notice or a problem.
func (u *UI) showEvent(w http.ResponseWriter, r *http.Request, status int, notice, problem string) {
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	eventID, err := strconv.ParseInt(r.PathValue("event_id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such event.")
		return
	}
	e, err := u.Delivery.GetLog(r.Context(), it.ID, eventID)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such event. Old events are removed after the log retention period.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	row := newLogRow(e)
	p := eventPage{Integration: it, Row: row, Causes: likelyCauses(row), Notice: notice, Problem: problem}
	u.render(w, r, status, "integration_event", row.KindLabel()+" · "+it.Name, "integrations", p)
}
