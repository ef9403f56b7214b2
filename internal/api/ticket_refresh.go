package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// ticketRefresh runs the ticket's GET integrations now, outside their
// triggers; their answers arrive as fetched data like any delivery's.
func (a *API) ticketRefresh(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	t, err := a.helpdesk.GetTicket(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var user *int64
	if u := currentUser(r); u.ID != 0 {
		user = &u.ID
	}
	list, err := a.delivery.Refresh(r.Context(), user, t)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string][]delivery.Queued{"queued": list})
}
