package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ticketwire/ticketwire/internal/query"
)

// integrationToggle enables (…/enable, starting the failure count from zero)
// or disables (…/disable) an integration, then goes back to the page the
// button was on.
func (u *UI) integrationToggle(w http.ResponseWriter, r *http.Request) {
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	enable := strings.HasSuffix(r.URL.Path, "/enable")
	_, err := u.Integrations.SetEnabled(r.Context(), it.ID, enable)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such integration. It may have been deleted.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, settingsNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// settingsNext keeps a redirect after an admin action on the integration
// settings pages; anything else goes back to the Manage list.
func settingsNext(next string) string {
	if next == "/settings/integrations" || strings.HasPrefix(next, "/settings/integrations/") && !strings.Contains(next, "//") {
		return next
	}
	return "/settings/integrations"
}
