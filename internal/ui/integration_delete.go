package ui

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/query"
)

// integrationDelete removes an integration with its events log and the data
// it fetched.
func (u *UI) integrationDelete(w http.ResponseWriter, r *http.Request) {
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	err := u.Integrations.Delete(r.Context(), it.ID)
	if err != nil && !errors.Is(err, query.ErrNotFound) { // already gone is what was asked
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/integrations?deleted=1", http.StatusSeeOther)
}
