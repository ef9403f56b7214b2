package ui

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// checkFormText refuses form fields and query parameters that no text field
// may hold (NUL, invalid UTF-8) before any page passes them on, so every form
// is covered, including fields added later, and both databases answer alike.
func (u *UI) checkFormText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Only url-encoded bodies are parsed; a malformed one is left to the
		// page, which reads what it can as before.
		_ = r.ParseForm()
		for key, vals := range r.Form {
			for _, v := range append([]string{key}, vals...) {
				if err := validate.Text(validate.Printable(key), v); err != nil {
					u.errorPage(w, r, http.StatusUnprocessableEntity, "The form was not saved. "+err.Error()+".")
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
