package event

import (
	"encoding/json"
	"time"
)

// Ticket is the ticket as the API returns it and as an event carries it. The
// fields after Channel are the hosted helpdesk's, with its names and values
// (API.md "Tickets and messages" says which are derived and how).
type Ticket struct {
	ID                          int64           `json:"id"`
	URI                         string          `json:"uri"`
	ExternalID                  *string         `json:"external_id"`
	Subject                     string          `json:"subject"`
	Status                      string          `json:"status"`
	Priority                    string          `json:"priority"`
	Channel                     string          `json:"channel"`
	Via                         string          `json:"via"`
	FromAgent                   bool            `json:"from_agent"`
	Spam                        bool            `json:"spam"`
	Language                    *string         `json:"language"`
	Meta                        json.RawMessage `json:"meta"`
	MessagesCount               int             `json:"messages_count"`
	Excerpt                     string          `json:"excerpt"`
	LastReceivedMessageDatetime *time.Time      `json:"last_received_message_datetime"`
	Sender                      *Sender         `json:"sender"`
	Receiver                    *Sender         `json:"receiver"`

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
	ExternalID       *string                    `json:"external_id"`
	Language         *string                    `json:"language"`
	Timezone         *string                    `json:"timezone"`
	Note             string                     `json:"note"`
	Channels         []Channel                  `json:"channels"`
	Integrations     map[string]json.RawMessage `json:"integrations"`
	IntegrationsMeta map[string]IntegrationMeta `json:"integrations_meta"`
	CreatedDatetime  time.Time                  `json:"created_datetime"`
	UpdatedDatetime  time.Time                  `json:"updated_datetime"`
}

// Channel is a way to reach a customer: {"type": "email", "address":
// "jo@example.com", "preferred": true}.
type Channel struct {
	Type      string `json:"type"`
	Address   string `json:"address"`
	Preferred bool   `json:"preferred"`
}

// IntegrationMeta says when an integration's data was fetched, and why it is
// not shown when it is not.
type IntegrationMeta struct {
	FetchedDatetime time.Time `json:"fetched_datetime"`
	Note            string    `json:"note,omitempty"`
}

// User is an agent or admin as tickets show them.
type User struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Firstname string `json:"firstname"`
	Lastname  string `json:"lastname"`
	Bio       string `json:"bio"`
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
	URI             string     `json:"uri"`
	TicketID        int64      `json:"ticket_id"`
	FromAgent       bool       `json:"from_agent"`
	Public          bool       `json:"public"`
	Sender          Sender     `json:"sender"`
	Receiver        *Sender    `json:"receiver"`
	Source          Source     `json:"source"`
	Channel         string     `json:"channel"`
	Via             string     `json:"via"`
	Subject         string     `json:"subject"`
	BodyText        string     `json:"body_text"`
	BodyHTML        string     `json:"body_html"`
	StrippedText    string     `json:"stripped_text"`
	CreatedDatetime time.Time  `json:"created_datetime"`
	FailedDatetime  *time.Time `json:"failed_datetime"`
}

// Sender is a person a message is from or to: the customer or an agent.
type Sender struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Firstname string `json:"firstname"`
	Lastname  string `json:"lastname"`
}

// Source is how a message was routed, as the hosted helpdesk shows it:
// {"type": "email", "from": {"name", "address"}, "to": [{"name", "address"}]}.
type Source struct {
	Type string    `json:"type"`
	From Address   `json:"from"`
	To   []Address `json:"to"`
}

// Address is one end of a message's route.
type Address struct {
	Name    string `json:"name"`
	Address string `json:"address"`
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
