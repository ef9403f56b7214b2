package ui

import "net/http"

// integrationDeleteConfirm asks before deleting, for browsers without
// scripts; with scripts the Manage list asks in a dialog instead.
func (u *UI) integrationDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	u.render(w, r, http.StatusOK, "integration_delete", "Delete "+it.Name, "integrations", map[string]any{"Integration": it})
}
