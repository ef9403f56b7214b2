package api

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/macro"
)

// hookFailedBody is the 424 answer when a hook failed and nothing was
// applied: the error, every hook fired, and the ticket as it still is.
type hookFailedBody struct {
	errorBody
	Hooks  []macro.HookCall `json:"hooks"`
	Ticket event.Ticket     `json:"ticket"`
}

func (a *API) macroApply(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in macro.ApplyInput
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	out, err := a.macros.Apply(r.Context(), currentUser(r), id, in)
	var failed *macro.HookFailedError
	if errors.As(err, &failed) {
		b := hookFailedBody{Hooks: failed.Hooks, Ticket: failed.Ticket}
		b.Error.Code, b.Error.Message, b.Error.Field = "hook_failed", failed.Error(), failed.Field()
		writeJSON(w, http.StatusFailedDependency, b)
		return
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
