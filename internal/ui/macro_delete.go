package ui

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/query"
)

// macroDelete removes a macro; the hooks it fired stay in the hooks log.
func (u *UI) macroDelete(w http.ResponseWriter, r *http.Request) {
	m, ok := u.macroFromPath(w, r)
	if !ok {
		return
	}
	err := u.Macros.Delete(r.Context(), m.ID)
	if err != nil && !errors.Is(err, query.ErrNotFound) { // already gone is what was asked
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/macros?deleted=1", http.StatusSeeOther)
}
