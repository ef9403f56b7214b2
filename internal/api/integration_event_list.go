package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/query"
)

func (a *API) integrationEventList(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.delivery.ListLog(r.Context(), query.DeliveryLogFilter{IntegrationID: id, Outcome: r.URL.Query().Get("outcome"), Page: p})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(l delivery.LogEntry) int64 { return l.ID })
}
