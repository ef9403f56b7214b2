package api

import "net/http"

func (a *API) teamCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := a.helpdesk.CreateTeam(r.Context(), in.Name)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, teamJSON{ID: t.ID, Name: t.Name})
}

// teamJSON is a team as the API shows it.
type teamJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}
