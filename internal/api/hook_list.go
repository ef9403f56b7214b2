package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
)

func (a *API) hookList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	f := query.HookLogFilter{Page: p}
	if f.TicketID, err = queryID(r, "ticket_id"); err != nil {
		a.writeError(w, r, err)
		return
	}
	if f.MacroID, err = queryID(r, "macro_id"); err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.macros.HookLog(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(h macro.HookCall) int64 { return h.ID })
}
