package ui

import (
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// ticketReply adds the agent's reply, through the same domain call as the API.
func (u *UI) ticketReply(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such ticket.")
		return
	}
	in := helpdesk.MessageInput{BodyText: r.PostFormValue("body_text"), FromAgent: true, Via: "helpdesk"}
	_, err = u.Helpdesk.AddMessage(r.Context(), helpdesk.Actor{UserID: current(r).User.ID}, id, in)
	if v, ok := validate.As(err); ok {
		u.showTicket(w, r, http.StatusUnprocessableEntity, "Reply: "+v.Message)
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
