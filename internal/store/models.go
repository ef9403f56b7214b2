package store

import (
	"encoding/json"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

// The plain row structs of the database. Domain packages build their views
// from these; the store itself knows no business rules.

// User is a person who signs in: an admin or an agent.
type User struct {
	ID           int64
	Email        string
	Name         string
	Firstname    string
	Lastname     string
	Bio          string
	Role         string
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Token is an API token; only its SHA-256 hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// Team is a group of agents a ticket can be assigned to.
type Team struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Customer is the person a ticket is about.
type Customer struct {
	ID        int64
	Email     string
	Name      string
	Firstname string
	Lastname  string
	Data      json.RawMessage
	// The fields of the hosted helpdesk's customer: nil is its null.
	ExternalID *string
	Language   *string
	Timezone   *string
	Note       string
	Channels   json.RawMessage // a JSON array of {type, address, preferred}
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// CustomerIntegration is the last JSON an integration fetched for a customer.
type CustomerIntegration struct {
	CustomerID    int64
	IntegrationID int64
	Data          json.RawMessage
	FetchedAt     time.Time
}

// Ticket is a conversation with a customer.
type Ticket struct {
	ID             int64
	CustomerID     int64
	Subject        string
	Status         string
	Channel        string
	AssigneeUserID *int64
	AssigneeTeamID *int64
	SnoozeAt       *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	OpenedAt       *time.Time
	ClosedAt       *time.Time
	LastMessageAt  *time.Time
	Priority       string
	Meta           json.RawMessage // a JSON object
	Language       *string
	Via            string
	Spam           bool
	ExternalID     *string
	FromAgent      bool // the first message's, kept from the creation
	LastReceivedAt *time.Time
	Tags           []string // filled by the queries that load a ticket
	Summary        TicketSummary
}

// TicketSummary is what a ticket's messages say about it, read with the
// ticket by the queries that load one (not by CreateTicket: a new ticket's
// summary comes from the messages in hand).
type TicketSummary struct {
	MessagesCount     int
	FirstSenderUserID *int64
	// LastPublicText is the start (2 000 characters) of the text of the
	// newest message that is not an internal note; LastPublicHTML the start
	// of its HTML when it has no text.
	LastPublicText string
	LastPublicHTML string
}

// Message is one message of a ticket, from the customer or an agent.
type Message struct {
	ID           int64
	TicketID     int64
	FromAgent    bool
	SenderUserID *int64
	Channel      string
	Via          string
	Subject      string
	BodyText     string
	BodyHTML     string
	CreatedAt    time.Time
	FailedAt     *time.Time
}

// Event is a domain event, written in the transaction of the change that
// raised it, with the ticket snapshot that templates see.
type Event struct {
	ID        int64
	Kind      string
	TicketID  int64
	MessageID *int64
	UserID    *int64
	Ticket    json.RawMessage
	Message   json.RawMessage // message events only
	Changes   json.RawMessage // status and assignee events only
	CreatedAt time.Time
}

// Page asks for one page of a list; it is the query package's, shared with
// the layers above.
type Page = query.Page

// Integration is an HTTP integration. Config is the JSON of its request
// settings with every secret already sealed; Triggers is kept apart so that
// matching events to integrations needs no decryption.
type Integration struct {
	ID                  int64
	Type                string
	Name                string
	Config              json.RawMessage
	Triggers            []string
	Enabled             bool
	DeactivatedAt       *time.Time
	DeactivationReason  *string
	ConsecutiveFailures int
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// DeliveryLog is one row of an integration's events log: one request attempt
// (or a skipped event). Request and Response are JSON, already redacted.
type DeliveryLog struct {
	ID            int64
	IntegrationID int64
	DeliveryID    string
	EventID       *int64
	EventKind     string
	TicketID      *int64
	Attempt       int
	Outcome       string
	Request       json.RawMessage
	Response      json.RawMessage // nil when no response came
	ErrorClass    string
	Error         string
	DurationMS    int64
	CreatedAt     time.Time
	// ReplayOf is the id of the row whose event a replay sent again; nil
	// when the row is not of a replay.
	ReplayOf *int64
}

// Notification tells admins about something that needs them, such as an
// integration that was disabled.
type Notification struct {
	ID            int64
	Kind          string
	IntegrationID *int64
	Message       string
	CreatedAt     time.Time
}
