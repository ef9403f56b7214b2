package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/widget"
)

// widgetActionRun runs a widget card's button on a ticket. Agents may run
// buttons; only admins change widgets.
func (a *API) widgetActionRun(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in widget.RunInput
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	out, err := a.cardActions.Run(r.Context(), currentUser(r), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
