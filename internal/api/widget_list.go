package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/widget"
)

// widgetList answers every widget, or those of ?integration_id=, in sidebar
// order. A sidebar holds a handful, so there is one page and no cursor.
func (a *API) widgetList(w http.ResponseWriter, r *http.Request) {
	integrationID, err := queryID(r, "integration_id")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.widgets.List(r.Context(), integrationID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listBody[widget.Widget]{Data: list})
}
