package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// CustomerRef names a ticket's customer by email; a new email creates the customer.
type CustomerRef struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

// MessageInput is a message to add to a ticket.
type MessageInput struct {
	BodyText  string `json:"body_text"`
	BodyHTML  string `json:"body_html"`
	FromAgent bool   `json:"from_agent"`
	Channel   string `json:"channel"`
}

// NewTicket is what the API takes to create a ticket.
type NewTicket struct {
	Customer       *CustomerRef   `json:"customer"`
	CustomerID     int64          `json:"customer_id"`
	Subject        string         `json:"subject"`
	Channel        string         `json:"channel"`
	Status         string         `json:"status"`
	Tags           []string       `json:"tags"`
	AssigneeUserID *int64         `json:"assignee_user_id"`
	AssigneeTeamID *int64         `json:"assignee_team_id"`
	Messages       []MessageInput `json:"messages"`
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
	tags, err := cleanTags("tags", in.Tags)
	if err != nil {
		return err
	}
	slices.Sort(tags) // as the ticket is read back, so the event snapshot equals GET
	in.Tags = tags
	if len(in.Messages) == 0 {
		return validate.Errorf("messages", "needs at least one message")
	}
	for i := range in.Messages {
		if err := checkMessage(fmt.Sprintf("messages[%d].", i), &in.Messages[i], in.Channel); err != nil {
			return err
		}
	}
	return nil
}

func checkMessage(prefix string, m *MessageInput, defaultChannel string) error {
	if strings.TrimSpace(m.BodyText) == "" && strings.TrimSpace(m.BodyHTML) == "" {
		return validate.Errorf(prefix+"body_text", "is required (or body_html)")
	}
	if err := validate.MaxLen(prefix+"body_text", m.BodyText, 1<<20); err != nil {
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
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		customer, err := s.resolveCustomer(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := checkAssignees(ctx, tx, in.AssigneeUserID, in.AssigneeTeamID); err != nil {
			return err
		}
		now := s.clock()
		t := store.Ticket{CustomerID: customer.ID, Subject: in.Subject, Status: in.Status, Channel: in.Channel,
			AssigneeUserID: in.AssigneeUserID, AssigneeTeamID: in.AssigneeTeamID, CreatedAt: now, UpdatedAt: now,
			OpenedAt: &now, LastMessageAt: &now, Tags: in.Tags}
		if in.Status == "closed" {
			t.ClosedAt = &now
		}
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
		if snap, err = buildTicketView(ctx, tx.Q, t, customer, msgs, true); err != nil {
			return err
		}
		_, err = s.raise(ctx, tx, actor, snap, []raised{{kind: event.TicketCreated}})
		return err
	})
	return snap, err
}

func newMessage(ticketID int64, actor Actor, m MessageInput, now time.Time) store.Message {
	msg := store.Message{TicketID: ticketID, FromAgent: m.FromAgent, Channel: m.Channel, BodyText: m.BodyText,
		BodyHTML: m.BodyHTML, CreatedAt: now}
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
	email, err := validate.Email("customer.email", in.Customer.Email)
	if err != nil {
		return store.Customer{}, err
	}
	c, err := tx.GetCustomerByEmail(ctx, email)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	name := strings.TrimSpace(in.Customer.Name)
	if err := validate.MaxLen("customer.name", name, 255); err != nil {
		return store.Customer{}, err
	}
	return tx.CreateCustomer(ctx, store.Customer{Email: email, Name: name})
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
