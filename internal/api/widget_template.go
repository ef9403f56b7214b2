package api

import "net/http"

// widgetTemplate answers the default widget tree built from one customer's
// data from one integration; the admin edits it before saving a widget.
func (a *API) widgetTemplate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationID int64 `json:"integration_id"`
		CustomerID    int64 `json:"customer_id"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	root, err := a.widgets.Template(r.Context(), in.IntegrationID, in.CustomerID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, root)
}
