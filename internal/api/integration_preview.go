package api

import (
	"errors"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func (a *API) integrationPreview(w http.ResponseWriter, r *http.Request) {
	it, t, ok := a.integrationAndTicket(w, r)
	if !ok {
		return
	}
	p, err := a.delivery.Preview(r.Context(), it.ID, t)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, previewAnswer{p, problems(integration.Warnings("http.", it.HTTP, integration.ScopeIntegration))})
}

// previewAnswer is a preview with the warnings of the saved settings, as a
// save answers them ([] when there are none).
type previewAnswer struct {
	delivery.Preview
	Warnings []fieldProblem `json:"warnings"`
}

// integrationAndTicket reads the path's integration id and the body's
// {ticket_id}, answering the error itself when either is wrong.
func (a *API) integrationAndTicket(w http.ResponseWriter, r *http.Request) (integration.Integration, event.Ticket, bool) {
	var none integration.Integration
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return none, event.Ticket{}, false
	}
	var in struct {
		TicketID int64 `json:"ticket_id"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return none, event.Ticket{}, false
	}
	if in.TicketID < 1 {
		a.writeError(w, r, validate.Errorf("ticket_id", "is required: the ticket whose data fills the templates"))
		return none, event.Ticket{}, false
	}
	it, err := a.integrations.Get(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return none, event.Ticket{}, false
	}
	t, err := a.helpdesk.GetTicket(r.Context(), in.TicketID)
	if errors.Is(err, query.ErrNotFound) {
		err = validate.Errorf("ticket_id", "no ticket has id %d", in.TicketID)
	}
	if err != nil {
		a.writeError(w, r, err)
		return none, event.Ticket{}, false
	}
	return it, t, true
}
