package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// macroSave creates or updates a macro from the posted form. A refused save
// shows the form again with the error beside its field; the add, remove and
// move buttons (pressed without scripts) change the form and save nothing.
func (u *UI) macroSave(w http.ResponseWriter, r *http.Request) {
	var cur *macro.Macro
	if r.PathValue("id") != "" {
		m, ok := u.macroFromPath(w, r)
		if !ok {
			return
		}
		cur = &m
	}
	f := macroFormFromRequest(r)
	if cur != nil {
		f.ID = cur.ID
	}
	if op := r.PostFormValue("op"); op != "" && f.applyOp(op, r.PostFormValue("add_type")) {
		u.showMacroForm(w, r, http.StatusOK, f, cur)
		return
	}
	var saved macro.Macro
	var err error
	if cur == nil {
		saved, err = u.Macros.Create(r.Context(), f.input())
	} else {
		saved, err = u.Macros.Update(r.Context(), cur.ID, f.input())
	}
	if v, ok := validate.As(err); ok {
		f.setError(macroErrorInput(v.Field), v.Message)
		u.showMacroForm(w, r, http.StatusUnprocessableEntity, f, cur)
		return
	}
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such macro. It may have been deleted.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/macros/"+strconv.FormatInt(saved.ID, 10)+"/edit?saved=1", http.StatusSeeOther)
}
