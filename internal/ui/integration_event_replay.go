package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// integrationEventReplay delivers the event of an events-log row again, with
// the integration's current settings.
func (u *UI) integrationEventReplay(w http.ResponseWriter, r *http.Request) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	eventID, err2 := strconv.ParseInt(r.PathValue("event_id"), 10, 64)
	if err1 != nil || err2 != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such event.")
		return
	}
	err := u.Delivery.Replay(r.Context(), id, eventID)
	if errors.Is(err, delivery.ErrDisabled) {
		u.showEvent(w, r, http.StatusConflict, "", "This integration is disabled, so nothing was sent. Enable it, then replay the event.")
		return
	}
	if _, ok := validate.As(err); ok { // the only refusal: a test row, which has no event
		u.showEvent(w, r, http.StatusUnprocessableEntity, "", "This is a test request: it has no event to replay. Send a new test from the integration's settings.")
		return
	}
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such event.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, integrationPath(id, "/events/"+strconv.FormatInt(eventID, 10)+"?replayed=1"), http.StatusSeeOther)
}
