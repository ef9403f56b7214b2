package api

import "net/http"

func (a *API) teamList(w http.ResponseWriter, r *http.Request) {
	list, err := a.helpdesk.ListTeams(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out := make([]teamJSON, 0, len(list))
	for _, t := range list {
		out = append(out, teamJSON{ID: t.ID, Name: t.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out, "meta": map[string]any{"next_cursor": nil}})
}
