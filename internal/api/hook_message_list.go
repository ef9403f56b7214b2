package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
)

// messageHookList answers the hook calls kept with a message: the "actions
// performed" of a reply a macro sent. A message has few, so there is one page.
func (a *API) messageHookList(w http.ResponseWriter, r *http.Request) {
	ticketID, ok := pathID(r, "id")
	messageID, ok2 := pathID(r, "message_id")
	if !ok || !ok2 {
		a.notFound(w, r)
		return
	}
	list, err := a.macros.MessageHooks(r.Context(), ticketID, messageID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, query.Page{}, list, func(h macro.HookCall) int64 { return h.ID })
}
