package helpdesk

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// CustomerRef names a ticket's customer by email (or an email channel); a
// new email creates the customer with the fields POST /api/customers takes.
// A known email picks its customer, which the other fields do not change.
type CustomerRef struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	CustomerFields
}

// MessageInput is a message to add to a ticket. An empty subject is the
// ticket's; an empty via is the ticket's for its first messages and "api"
// for later ones.
type MessageInput struct {
	BodyText  string `json:"body_text"`
	BodyHTML  string `json:"body_html"`
	FromAgent bool   `json:"from_agent"`
	Channel   string `json:"channel"`
	Subject   string `json:"subject"`
	Via       string `json:"via"`
}

// NewTicket is what the API takes to create a ticket. Priority defaults to
// normal, via to the first message's (else "api"), language to the
// customer's.
type NewTicket struct {
	Customer       *CustomerRef    `json:"customer"`
	CustomerID     int64           `json:"customer_id"`
	Subject        string          `json:"subject"`
	Channel        string          `json:"channel"`
	Status         string          `json:"status"`
	Priority       string          `json:"priority"`
	Via            string          `json:"via"`
	Language       *string         `json:"language"`
	Spam           bool            `json:"spam"`
	ExternalID     *string         `json:"external_id"`
	Meta           json.RawMessage `json:"meta"`
	Tags           []string        `json:"tags"`
	AssigneeUserID *int64          `json:"assignee_user_id"`
	AssigneeTeamID *int64          `json:"assignee_team_id"`
	Messages       []MessageInput  `json:"messages"`
}

// Channels a ticket or message may come from.
var Channels = []string{"api", "email", "chat", "phone", "sms", "contact_form", "internal-note"}

func (in *NewTicket) check() error {
	if in.Customer == nil && in.CustomerID == 0 {
		return validate.Errorf("customer", "is required: give customer {email, name} or customer_id")
	}
	in.Subject = strings.TrimSpace(in.Subject)
	if err := validate.MaxLen("subject", in.Subject, 998); err != nil {
		return err
	}
	if in.Channel == "" {
		in.Channel = "api"
	}
	if err := validate.OneOf("channel", in.Channel, Channels...); err != nil {
		return err
	}
	if in.Status == "" {
		in.Status = "open"
	}
	if err := validate.OneOf("status", in.Status, "open", "closed"); err != nil {
		return err
	}
	if err := in.checkHosted(); err != nil {
		return err
	}
	tags, err := cleanTags("tags", in.Tags)
	if err != nil {
		return err
	}
	slices.Sort(tags) // as the ticket is read back, so the event snapshot equals GET
	in.Tags = tags
	if len(in.Messages) == 0 {
		return validate.Errorf("messages", "needs at least one message")
	}
	if in.Via == "" {
		in.Via = cmp.Or(in.Messages[0].Via, "api")
	}
	if err := validate.OneOf("via", in.Via, Vias...); err != nil {
		return err
	}
	for i := range in.Messages {
		m := &in.Messages[i]
		m.Via = cmp.Or(m.Via, in.Via)
		m.Subject = cmp.Or(strings.TrimSpace(m.Subject), in.Subject)
		if err := checkMessage(fmt.Sprintf("messages[%d].", i), m, in.Channel); err != nil {
			return err
		}
	}
	return nil
}

// checkHosted checks the fields of the hosted helpdesk's ticket.
func (in *NewTicket) checkHosted() error {
	in.Priority = cmp.Or(in.Priority, "normal")
	if err := validate.OneOf("priority", in.Priority, Priorities...); err != nil {
		return err
	}
	var err error
	if in.Language, err = optLanguage("language", optOf(in.Language), nil); err != nil {
		return err
	}
	if in.ExternalID, err = optText("external_id", optOf(in.ExternalID), nil, 255); err != nil {
		return err
	}
	in.Meta, err = checkMeta("meta", in.Meta)
	return err
}

func checkMessage(prefix string, m *MessageInput, defaultChannel string) error {
	if strings.TrimSpace(m.BodyText) == "" && strings.TrimSpace(m.BodyHTML) == "" {
		return validate.Errorf(prefix+"body_text", "is required (or body_html)")
	}
	if err := validate.MaxLen(prefix+"body_text", m.BodyText, 1<<20); err != nil {
		return err
	}
	m.Subject = strings.TrimSpace(m.Subject)
	if err := validate.MaxLen(prefix+"subject", m.Subject, 998); err != nil {
		return err
	}
	m.Via = cmp.Or(m.Via, "api")
	if err := validate.OneOf(prefix+"via", m.Via, Vias...); err != nil {
		return err
	}
	if m.Channel == "" {
		m.Channel = defaultChannel
	}
	return validate.OneOf(prefix+"channel", m.Channel, Channels...)
}

// cleanTags trims, drops duplicates and checks tag names.
func cleanTags(field string, in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for i, t := range in {
		t = strings.TrimSpace(t)
		if t == "" {
			return nil, validate.Errorf(fmt.Sprintf("%s[%d]", field, i), "must not be empty")
		}
		if err := validate.MaxLen(fmt.Sprintf("%s[%d]", field, i), t, 100); err != nil {
			return nil, err
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// CreateTicket creates a ticket with its first messages and raises exactly
// one ticket-created event: the first messages are part of the creation, not
// "a message added to an existing ticket".
func (s *Service) CreateTicket(ctx context.Context, actor Actor, in NewTicket) (event.Ticket, error) {
	if err := in.check(); err != nil {
		return event.Ticket{}, err
	}
	var snap event.Ticket
	// Tickets arrive many at a time (mail, the API, imports): they share
	// commits (see store.InGroupTx). The function may run twice; it keeps
	// nothing but snap, which a second run overwrites.
	err := s.store.InGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
		customer, err := s.resolveCustomer(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := checkAssignees(ctx, tx, in.AssigneeUserID, in.AssigneeTeamID); err != nil {
			return err
		}
		now := s.clock()
		t := newTicketRow(in, customer, now)
		if t, err = tx.CreateTicket(ctx, t); err != nil {
			return err
		}
		msgs := make([]store.Message, 0, len(in.Messages))
		for _, m := range in.Messages {
			row, err := tx.CreateMessage(ctx, newMessage(t.ID, actor, m, now))
			if err != nil {
				return err
			}
			msgs = append(msgs, row)
		}
		t.Summary = summarise(msgs)
		if snap, err = buildTicketView(ctx, tx.Q, t, customer, msgs, true); err != nil {
			return err
		}
		_, err = s.raise(ctx, tx, actor, snap, []raised{{kind: event.TicketCreated}})
		return err
	})
	return snap, err
}

// newTicketRow is the row of a checked new ticket.
func newTicketRow(in NewTicket, customer store.Customer, now time.Time) store.Ticket {
	t := store.Ticket{CustomerID: customer.ID, Subject: in.Subject, Status: in.Status, Channel: in.Channel,
		AssigneeUserID: in.AssigneeUserID, AssigneeTeamID: in.AssigneeTeamID, CreatedAt: now, UpdatedAt: now,
		OpenedAt: &now, LastMessageAt: &now, Tags: in.Tags, Priority: in.Priority, Meta: in.Meta,
		Language: cmp.Or(in.Language, customer.Language), Via: in.Via, Spam: in.Spam, ExternalID: in.ExternalID,
		FromAgent: in.Messages[0].FromAgent}
	if in.Status == "closed" {
		t.ClosedAt = &now
	}
	for _, m := range in.Messages {
		if !m.FromAgent {
			t.LastReceivedAt = &now
		}
	}
	return t
}

// summarise is the summary of a new ticket's messages, as the store reads
// it for a stored ticket.
func summarise(msgs []store.Message) store.TicketSummary {
	s := store.TicketSummary{MessagesCount: len(msgs)}
	if len(msgs) > 0 {
		s.FirstSenderUserID = msgs[0].SenderUserID
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Channel != "internal-note" {
			s.LastPublicText = cut(msgs[i].BodyText, summaryLen)
			if msgs[i].BodyText == "" {
				s.LastPublicHTML = cut(msgs[i].BodyHTML, summaryLen)
			}
			break
		}
	}
	return s
}

func newMessage(ticketID int64, actor Actor, m MessageInput, now time.Time) store.Message {
	msg := store.Message{TicketID: ticketID, FromAgent: m.FromAgent, Channel: m.Channel, Via: m.Via, Subject: m.Subject,
		BodyText: m.BodyText, BodyHTML: m.BodyHTML, CreatedAt: now}
	if m.FromAgent {
		msg.SenderUserID = actor.userID()
	}
	return msg
}

// resolveCustomer finds the ticket's customer, creating it from an unknown email.
func (s *Service) resolveCustomer(ctx context.Context, tx *store.Tx, in NewTicket) (store.Customer, error) {
	if in.CustomerID != 0 {
		c, err := tx.GetCustomer(ctx, in.CustomerID)
		if errors.Is(err, store.ErrNotFound) {
			return c, validate.Errorf("customer_id", "no customer has id %d", in.CustomerID)
		}
		return c, err
	}
	ref := in.Customer
	if ref.Email == "" && ref.Channels != nil {
		ref.Email = primaryEmail(*ref.Channels)
	}
	input := CustomerInput{Email: &ref.Email, Name: &ref.Name, CustomerFields: ref.CustomerFields}
	// Every field is checked, for a known customer too, so bad input is a
	// 422 whichever customer it names.
	var fresh store.Customer
	if err := input.apply("customer.", &fresh); err != nil {
		return store.Customer{}, err
	}
	c, err := tx.GetCustomerByEmail(ctx, fresh.Email)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	return tx.CreateCustomer(ctx, fresh)
}

// checkAssignees makes sure the assigned user and team exist.
func checkAssignees(ctx context.Context, tx *store.Tx, userID, teamID *int64) error {
	if userID != nil {
		if _, err := tx.GetUser(ctx, *userID); errors.Is(err, store.ErrNotFound) {
			return validate.Errorf("assignee_user_id", "no user has id %d", *userID)
		} else if err != nil {
			return err
		}
	}
	if teamID != nil {
		if _, err := tx.GetTeam(ctx, *teamID); errors.Is(err, store.ErrNotFound) {
			return validate.Errorf("assignee_team_id", "no team has id %d", *teamID)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// GetTicket returns a ticket with its messages.
func (s *Service) GetTicket(ctx context.Context, id int64) (event.Ticket, error) {
	t, err := s.store.GetTicket(ctx, id)
	if err != nil {
		return event.Ticket{}, err
	}
	return ticketView(ctx, s.store.Q, t, true)
}

// ListTickets lists tickets, newest first, without their messages.
func (s *Service) ListTickets(ctx context.Context, f store.TicketFilter) ([]event.Ticket, error) {
	if f.Status != "" {
		if err := validate.OneOf("status", f.Status, "open", "closed"); err != nil {
			return nil, err
		}
	}
	rows, err := s.store.ListTickets(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]event.Ticket, 0, len(rows))
	for _, t := range rows {
		v, err := ticketView(ctx, s.store.Q, t, false)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
