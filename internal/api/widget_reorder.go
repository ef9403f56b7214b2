package api

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// widgetReorder puts widgets in the order of {ids: [...]}, first on top, as
// dragging them in the sidebar does, and answers every widget in the new
// order. Widgets left out keep their order value.
func (a *API) widgetReorder(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IDs []int64 `json:"ids"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if len(in.IDs) == 0 {
		a.writeError(w, r, validate.Errorf("ids", "is required: the widget ids in the order wanted, first on top"))
		return
	}
	err := a.widgets.Reorder(r.Context(), in.IDs)
	if err != nil && !errors.Is(err, query.ErrNotFound) {
		a.writeError(w, r, err)
		return
	}
	list, lerr := a.widgets.List(r.Context(), 0)
	if lerr != nil {
		a.writeError(w, r, lerr)
		return
	}
	if err != nil {
		a.writeError(w, r, validate.Errorf("ids", "lists widget %d, which does not exist; give the ids GET /api/widgets answers", missingID(in.IDs, list)))
		return
	}
	writeJSON(w, http.StatusOK, listBody[widget.Widget]{Data: list})
}

// missingID is the first of ids that no widget of list has.
func missingID(ids []int64, list []widget.Widget) int64 {
	have := make(map[int64]bool, len(list))
	for _, w := range list {
		have[w.ID] = true
	}
	for _, id := range ids {
		if !have[id] {
			return id
		}
	}
	return 0
}
