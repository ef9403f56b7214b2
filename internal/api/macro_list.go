package api

import (
	"net/http"
	"strings"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
)

func (a *API) macroList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	f := query.MacroFilter{Name: strings.TrimSpace(r.URL.Query().Get("q")), Page: p}
	list, err := a.macros.List(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(m macro.Macro) int64 { return m.ID })
}
