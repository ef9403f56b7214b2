package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/fetched"
	"github.com/ticketwire/ticketwire/internal/store"
)

// customerView builds the API customer, with every integration's fetched data.
func customerView(ctx context.Context, q store.Q, c store.Customer) (event.Customer, error) {
	// Names complete each other, as for users and message senders.
	name, first, last := event.Names(c.Name, c.Firstname, c.Lastname)
	v := event.Customer{ID: c.ID, Email: c.Email, Name: name, Firstname: first, Lastname: last,
		Data: c.Data, ExternalID: c.ExternalID, Language: c.Language, Timezone: c.Timezone, Note: c.Note,
		Channels: channelsView(c.Email, c.Channels), CreatedDatetime: c.CreatedAt, UpdatedDatetime: c.UpdatedAt,
		Integrations: map[string]json.RawMessage{}, IntegrationsMeta: map[string]event.IntegrationMeta{}}
	if len(v.Data) == 0 {
		v.Data = json.RawMessage(`{}`)
	}
	data, err := q.CustomerIntegrations(ctx, c.ID)
	if err != nil {
		return event.Customer{}, err
	}
	for _, d := range data {
		key := strconv.FormatInt(d.IntegrationID, 10)
		meta := event.IntegrationMeta{FetchedDatetime: d.FetchedAt}
		// Data stored before the limits existed may be past them, or
		// even impossible to encode: leaving it out keeps the customer,
		// its tickets and their events usable.
		if err := fetched.Check(d.Data, fetched.Defaults()); err != nil {
			meta.Note = err.Error() + "; left out"
		} else {
			v.Integrations[key] = d.Data
		}
		v.IntegrationsMeta[key] = meta
	}
	return v, nil
}

// users caches user lookups while one view is built.
type users struct {
	q    store.Q
	seen map[int64]*event.User
}

func (u *users) get(ctx context.Context, id *int64) (*event.User, error) {
	if id == nil {
		return nil, nil
	}
	if v, ok := u.seen[*id]; ok {
		return v, nil
	}
	row, err := u.q.GetUser(ctx, *id)
	if err != nil {
		return nil, err
	}
	name, first, last := event.Names(row.Name, row.Firstname, row.Lastname)
	v := &event.User{ID: row.ID, Email: row.Email, Name: name, Firstname: first, Lastname: last, Bio: row.Bio}
	u.seen[*id] = v
	return v, nil
}

// ticketView builds the API ticket (the event snapshot); withMessages false
// leaves the messages out, for lists.
func ticketView(ctx context.Context, q store.Q, t store.Ticket, withMessages bool) (event.Ticket, error) {
	c, err := q.GetCustomer(ctx, t.CustomerID)
	if err != nil {
		return event.Ticket{}, err
	}
	var msgs []store.Message
	if withMessages {
		if msgs, err = q.TicketMessages(ctx, t.ID); err != nil {
			return event.Ticket{}, err
		}
	}
	return buildTicketView(ctx, q, t, c, msgs, withMessages)
}

// buildTicketView builds the API ticket from rows already loaded (a new
// ticket's own rows, say), reading only what it lacks: the customer's
// fetched data and the assignees and senders.
func buildTicketView(ctx context.Context, q store.Q, t store.Ticket, c store.Customer, msgs []store.Message, withMessages bool) (event.Ticket, error) {
	cv, err := customerView(ctx, q, c)
	if err != nil {
		return event.Ticket{}, err
	}
	us := &users{q: q, seen: map[int64]*event.User{}}
	v := event.Ticket{ID: t.ID, URI: fmt.Sprintf("/api/tickets/%d/", t.ID), ExternalID: t.ExternalID,
		Subject: t.Subject, Status: t.Status, Priority: t.Priority, Channel: t.Channel, Via: t.Via,
		FromAgent: t.FromAgent, Spam: t.Spam, Language: t.Language, Meta: t.Meta,
		MessagesCount: t.Summary.MessagesCount, LastReceivedMessageDatetime: t.LastReceivedAt, Customer: cv,
		Excerpt: excerpt(bodyText(t.Summary.LastPublicText, t.Summary.LastPublicHTML)),
		Tags:    make([]event.Tag, 0, len(t.Tags)), SnoozeDatetime: t.SnoozeAt, CreatedDatetime: t.CreatedAt,
		UpdatedDatetime: t.UpdatedAt, OpenedDatetime: t.OpenedAt, ClosedDatetime: t.ClosedAt, LastMessageDatetime: t.LastMessageAt}
	if len(v.Meta) == 0 {
		v.Meta = json.RawMessage(`{}`)
	}
	for _, name := range t.Tags {
		v.Tags = append(v.Tags, event.Tag{Name: name})
	}
	if v.Sender, v.Receiver, err = ticketEnds(ctx, us, cv, t); err != nil {
		return event.Ticket{}, err
	}
	if v.AssigneeUser, err = us.get(ctx, t.AssigneeUserID); err != nil {
		return event.Ticket{}, err
	}
	if t.AssigneeTeamID != nil {
		team, err := q.GetTeam(ctx, *t.AssigneeTeamID)
		if err != nil {
			return event.Ticket{}, err
		}
		v.AssigneeTeam = &event.Team{ID: team.ID, Name: team.Name}
	}
	if !withMessages {
		return v, nil
	}
	v.Messages = make([]event.Message, 0, len(msgs))
	for _, m := range msgs {
		mv, err := messageView(ctx, us, cv, m)
		if err != nil {
			return event.Ticket{}, err
		}
		v.Messages = append(v.Messages, mv)
	}
	return v, nil
}

// ticketEnds are a ticket's sender and receiver: those of its first
// message. A customer's first message has no receiver; an agent's goes to
// the customer.
func ticketEnds(ctx context.Context, us *users, c event.Customer, t store.Ticket) (*event.Sender, *event.Sender, error) {
	if t.Summary.MessagesCount == 0 {
		return nil, nil, nil
	}
	customer := customerSender(c)
	if !t.FromAgent {
		return &customer, nil, nil
	}
	u, err := us.get(ctx, t.Summary.FirstSenderUserID)
	if err != nil || u == nil {
		return nil, &customer, err
	}
	agent := userSender(u)
	return &agent, &customer, nil
}

func customerSender(c event.Customer) event.Sender {
	return event.Sender{ID: c.ID, Email: c.Email, Name: c.Name, Firstname: c.Firstname, Lastname: c.Lastname}
}

func userSender(u *event.User) event.Sender {
	return event.Sender{ID: u.ID, Email: u.Email, Name: u.Name, Firstname: u.Firstname, Lastname: u.Lastname}
}

// messageView builds the API message. The sender is the agent who wrote it
// or the ticket's customer; the receiver is the customer for an agent's
// public message and null for a customer's message or an internal note (we
// keep no address of our own for the customer to write to). The source
// routes the message from the sender to the receiver, typed by its channel.
func messageView(ctx context.Context, us *users, c event.Customer, m store.Message) (event.Message, error) {
	text := bodyText(m.BodyText, m.BodyHTML)
	v := event.Message{ID: m.ID, URI: fmt.Sprintf("/api/tickets/%d/messages/%d/", m.TicketID, m.ID), TicketID: m.TicketID,
		FromAgent: m.FromAgent, Public: m.Channel != "internal-note", Channel: m.Channel, Via: m.Via, Subject: m.Subject,
		BodyText: m.BodyText, BodyHTML: m.BodyHTML, StrippedText: strippedText(text),
		CreatedDatetime: m.CreatedAt, FailedDatetime: m.FailedAt, Sender: customerSender(c)}
	if m.FromAgent && m.SenderUserID != nil {
		u, err := us.get(ctx, m.SenderUserID)
		if err != nil {
			return event.Message{}, err
		}
		v.Sender = userSender(u)
	}
	if m.FromAgent && v.Public {
		customer := customerSender(c)
		v.Receiver = &customer
	}
	v.Source = event.Source{Type: m.Channel, From: event.Address{Name: v.Sender.Name, Address: v.Sender.Email}, To: []event.Address{}}
	if v.Receiver != nil {
		v.Source.To = append(v.Source.To, event.Address{Name: v.Receiver.Name, Address: v.Receiver.Email})
	}
	return v, nil
}

// snapshot loads the full ticket view inside a transaction.
func snapshot(ctx context.Context, tx *store.Tx, id int64) (event.Ticket, error) {
	t, err := tx.GetTicket(ctx, id)
	if err != nil {
		return event.Ticket{}, err
	}
	return ticketView(ctx, tx.Q, t, true)
}

// messageOf finds a message in a snapshot.
func messageOf(snap event.Ticket, id int64) *event.Message {
	for i := range snap.Messages {
		if snap.Messages[i].ID == id {
			m := snap.Messages[i]
			return &m
		}
	}
	return nil
}
