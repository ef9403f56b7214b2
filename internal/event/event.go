// Package event defines the ticket event kinds and the ticket snapshot an event
// carries. The snapshot has exactly the shape of the REST API's ticket, so a
// template written against the API's JSON works against an event unchanged.
package event

// Kind is an event kind, as the API spells it.
type Kind string

// The seven kinds of DESIGN.md "Events".
const (
	TicketCreated           Kind = "ticket-created"
	TicketUpdated           Kind = "ticket-updated"
	TicketSelfUnsnoozed     Kind = "ticket-self-unsnoozed"
	TicketMessageCreated    Kind = "ticket-message-created"
	TicketMessageFailed     Kind = "ticket-message-failed"
	TicketAssignmentUpdated Kind = "ticket-assignment-updated"
	TicketStatusUpdated     Kind = "ticket-status-updated"
)

// Kinds lists every kind in the order the product shows them.
var Kinds = []Kind{TicketCreated, TicketUpdated, TicketSelfUnsnoozed, TicketMessageCreated,
	TicketMessageFailed, TicketAssignmentUpdated, TicketStatusUpdated}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Exclusive reports whether k may only be an integration's sole trigger.
func (k Kind) Exclusive() bool {
	return k == TicketAssignmentUpdated || k == TicketStatusUpdated
}
