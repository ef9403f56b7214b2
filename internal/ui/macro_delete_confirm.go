package ui

import "net/http"

// macroDeleteConfirm asks before deleting, for browsers without scripts;
// with scripts the list and the form ask in a dialog instead.
func (u *UI) macroDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	m, ok := u.macroFromPath(w, r)
	if !ok {
		return
	}
	u.render(w, r, http.StatusOK, "macro_delete", "Delete "+m.Name, "macros", map[string]any{"Macro": m})
}
