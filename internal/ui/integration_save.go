package ui

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// integrationSave creates or updates an integration from the posted form.
// A refused save shows the form again with the error beside its field; a
// preset button (without scripts) fills the body editor and saves nothing.
func (u *UI) integrationSave(w http.ResponseWriter, r *http.Request) {
	var cur *integration.Integration
	if r.PathValue("id") != "" {
		it, ok := u.integrationFromPath(w, r)
		if !ok {
			return
		}
		cur = &it
	}
	f := formFromRequest(r)
	if cur != nil {
		f.ID = cur.ID
	}
	if preset := r.PostFormValue("preset"); preset != "" {
		f.applyPreset(preset)
		u.showIntegrationForm(w, r, http.StatusOK, f, cur)
		return
	}
	var saved integration.Integration
	var err error
	if cur == nil {
		saved, err = u.Integrations.Create(r.Context(), f.input())
	} else {
		saved, err = u.Integrations.Update(r.Context(), cur.ID, f.input())
	}
	if _, ok := validate.As(err); ok {
		f.setErrors(validate.All(err))
		u.showIntegrationForm(w, r, http.StatusUnprocessableEntity, f, cur)
		return
	}
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such integration. It may have been deleted.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, integrationPath(saved.ID, "/edit?saved=1"), http.StatusSeeOther)
}
