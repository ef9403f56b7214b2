package event

import (
	"encoding/json"
	"time"
)

// Ticket is the ticket as the API returns it and as an event carries it.
type Ticket struct {
	ID                  int64      `json:"id"`
	Subject             string     `json:"subject"`
	Status              string     `json:"status"`
	Channel             string     `json:"channel"`
	Customer            Customer   `json:"customer"`
	AssigneeUser        *User      `json:"assignee_user"`
	AssigneeTeam        *Team      `json:"assignee_team"`
	Tags                []Tag      `json:"tags"`
	SnoozeDatetime      *time.Time `json:"snooze_datetime"`
	CreatedDatetime     time.Time  `json:"created_datetime"`
	UpdatedDatetime     time.Time  `json:"updated_datetime"`
	OpenedDatetime      *time.Time `json:"opened_datetime"`
	ClosedDatetime      *time.Time `json:"closed_datetime"`
	LastMessageDatetime *time.Time `json:"last_message_datetime"`
	Messages            []Message  `json:"messages,omitempty"`
}

// Customer is the customer as the API returns it. Integrations holds the last
// JSON each HTTP integration fetched for the customer, keyed by integration id.
type Customer struct {
	ID               int64                      `json:"id"`
	Email            string                     `json:"email"`
	Name             string                     `json:"name"`
	Firstname        string                     `json:"firstname"`
	Lastname         string                     `json:"lastname"`
	Data             json.RawMessage            `json:"data"`
	Integrations     map[string]json.RawMessage `json:"integrations"`
	IntegrationsMeta map[string]IntegrationMeta `json:"integrations_meta"`
	CreatedDatetime  time.Time                  `json:"created_datetime"`
	UpdatedDatetime  time.Time                  `json:"updated_datetime"`
}

// IntegrationMeta says when an integration's data was fetched, and why it is
// not shown when it is not.
type IntegrationMeta struct {
	FetchedDatetime time.Time `json:"fetched_datetime"`
	Note            string    `json:"note,omitempty"`
}

// User is an agent or admin as tickets show them.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// Team is a team as tickets show it.
type Team struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Tag is one tag of a ticket.
type Tag struct {
	Name string `json:"name"`
}

// Message is a message as the API returns it.
type Message struct {
	ID              int64      `json:"id"`
	TicketID        int64      `json:"ticket_id"`
	FromAgent       bool       `json:"from_agent"`
	Sender          Sender     `json:"sender"`
	Channel         string     `json:"channel"`
	BodyText        string     `json:"body_text"`
	BodyHTML        string     `json:"body_html"`
	CreatedDatetime time.Time  `json:"created_datetime"`
	FailedDatetime  *time.Time `json:"failed_datetime"`
}

// Sender is who wrote a message: the customer or an agent.
type Sender struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// Change is the previous and current value of a field, carried by the
// status and assignment events as `changes.<field>`.
type Change struct {
	Previous any `json:"previous"`
	Current  any `json:"current"`
}

// Event is a domain event as the API lists it.
type Event struct {
	ID              int64             `json:"id"`
	Kind            Kind              `json:"kind"`
	TicketID        int64             `json:"ticket_id"`
	MessageID       *int64            `json:"message_id"`
	UserID          *int64            `json:"user_id"`
	CreatedDatetime time.Time         `json:"created_datetime"`
	Ticket          json.RawMessage   `json:"ticket"`
	Message         json.RawMessage   `json:"message,omitempty"`
	Changes         map[string]Change `json:"changes,omitempty"`
}
