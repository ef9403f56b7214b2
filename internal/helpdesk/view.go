package helpdesk

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/fetched"
	"github.com/ticketwire/ticketwire/internal/store"
)

// customerView builds the API customer, with every integration's fetched data.
func customerView(ctx context.Context, q store.Q, c store.Customer) (event.Customer, error) {
	v := event.Customer{ID: c.ID, Email: c.Email, Name: c.Name, Firstname: c.Firstname, Lastname: c.Lastname,
		Data: c.Data, CreatedDatetime: c.CreatedAt, UpdatedDatetime: c.UpdatedAt,
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
	v := &event.User{ID: row.ID, Email: row.Email, Name: row.Name}
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
	v := event.Ticket{ID: t.ID, Subject: t.Subject, Status: t.Status, Channel: t.Channel, Customer: cv,
		Tags: make([]event.Tag, 0, len(t.Tags)), SnoozeDatetime: t.SnoozeAt, CreatedDatetime: t.CreatedAt,
		UpdatedDatetime: t.UpdatedAt, OpenedDatetime: t.OpenedAt, ClosedDatetime: t.ClosedAt, LastMessageDatetime: t.LastMessageAt}
	for _, name := range t.Tags {
		v.Tags = append(v.Tags, event.Tag{Name: name})
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

// messageView builds the API message; the sender is the agent who wrote it or
// the ticket's customer.
func messageView(ctx context.Context, us *users, c event.Customer, m store.Message) (event.Message, error) {
	v := event.Message{ID: m.ID, TicketID: m.TicketID, FromAgent: m.FromAgent, Channel: m.Channel, BodyText: m.BodyText,
		BodyHTML: m.BodyHTML, CreatedDatetime: m.CreatedAt, FailedDatetime: m.FailedAt,
		Sender: event.Sender{ID: c.ID, Email: c.Email, Name: c.Name}}
	if m.FromAgent && m.SenderUserID != nil {
		u, err := us.get(ctx, m.SenderUserID)
		if err != nil {
			return event.Message{}, err
		}
		v.Sender = event.Sender{ID: u.ID, Email: u.Email, Name: u.Name}
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
