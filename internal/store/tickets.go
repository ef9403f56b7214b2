package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

const ticketColumns = `id, customer_id, subject, status, channel, assignee_user_id, assignee_team_id, snooze_datetime,
	created_datetime, updated_datetime, opened_datetime, closed_datetime, last_message_datetime,
	priority, meta, language, via, spam, external_id, from_agent, last_received_message_datetime`

// ticketSummaryColumns read a ticket's TicketSummary from its messages; they
// follow ticketColumns in the SELECTs that load tickets.
const ticketSummaryColumns = `,
	(SELECT count(*) FROM messages m WHERE m.ticket_id = tickets.id),
	(SELECT m.sender_user_id FROM messages m WHERE m.ticket_id = tickets.id ORDER BY m.id LIMIT 1),
	COALESCE((SELECT substr(m.body_text, 1, 2000)
		FROM messages m WHERE m.ticket_id = tickets.id AND m.channel <> 'internal-note' ORDER BY m.id DESC LIMIT 1), ''),
	COALESCE((SELECT CASE WHEN m.body_text = '' THEN substr(m.body_html, 1, 2000) ELSE '' END
		FROM messages m WHERE m.ticket_id = tickets.id AND m.channel <> 'internal-note' ORDER BY m.id DESC LIMIT 1), '')`

type scanner = interface{ Scan(...any) error }

func ticketDest(t *Ticket, meta *string) []any {
	return []any{&t.ID, &t.CustomerID, &t.Subject, &t.Status, &t.Channel, &t.AssigneeUserID, &t.AssigneeTeamID, &t.SnoozeAt,
		&t.CreatedAt, &t.UpdatedAt, &t.OpenedAt, &t.ClosedAt, &t.LastMessageAt,
		&t.Priority, meta, &t.Language, &t.Via, &t.Spam, &t.ExternalID, &t.FromAgent, &t.LastReceivedAt}
}

func scanTicket(row scanner) (Ticket, error) {
	var t Ticket
	var meta string
	err := row.Scan(ticketDest(&t, &meta)...)
	t.Meta = json.RawMessage(meta)
	return t, err
}

// scanTicketSummary scans ticketColumns followed by ticketSummaryColumns.
func scanTicketSummary(row scanner) (Ticket, error) {
	var t Ticket
	var meta string
	dest := append(ticketDest(&t, &meta), &t.Summary.MessagesCount, &t.Summary.FirstSenderUserID, &t.Summary.LastPublicText, &t.Summary.LastPublicHTML)
	err := row.Scan(dest...)
	t.Meta = json.RawMessage(meta)
	return t, err
}

// CreateTicket inserts a ticket and its tags. An empty priority or via takes
// the column's default, as for rows older than those columns.
func (q Q) CreateTicket(ctx context.Context, t Ticket) (Ticket, error) {
	t.Priority, t.Via = or(t.Priority, "normal"), or(t.Via, "api")
	out, err := scanTicket(q.db.QueryRowContext(ctx, `INSERT INTO tickets (customer_id, subject, status, channel, assignee_user_id, assignee_team_id,
		snooze_datetime, created_datetime, updated_datetime, opened_datetime, closed_datetime, last_message_datetime,
		priority, meta, language, via, spam, external_id, from_agent, last_received_message_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING `+ticketColumns,
		t.CustomerID, t.Subject, t.Status, t.Channel, t.AssigneeUserID, t.AssigneeTeamID, tp(t.SnoozeAt),
		T(t.CreatedAt), T(t.UpdatedAt), tp(t.OpenedAt), tp(t.ClosedAt), tp(t.LastMessageAt),
		t.Priority, jsonText(t.Meta, "{}"), t.Language, t.Via, t.Spam, t.ExternalID, t.FromAgent, tp(t.LastReceivedAt)))
	if err != nil {
		return Ticket{}, wrap(err, "create ticket")
	}
	out.Tags = t.Tags
	return out, q.addTicketTags(ctx, out.ID, t.Tags)
}

// UpdateTicket overwrites every column of a ticket and its tags.
func (q Q) UpdateTicket(ctx context.Context, t Ticket) error {
	res, err := q.db.ExecContext(ctx, `UPDATE tickets SET subject = $1, status = $2, channel = $3, assignee_user_id = $4, assignee_team_id = $5,
		snooze_datetime = $6, updated_datetime = $7, opened_datetime = $8, closed_datetime = $9, last_message_datetime = $10,
		priority = $11, meta = $12, language = $13, via = $14, spam = $15, external_id = $16, from_agent = $17,
		last_received_message_datetime = $18 WHERE id = $19`,
		t.Subject, t.Status, t.Channel, t.AssigneeUserID, t.AssigneeTeamID, tp(t.SnoozeAt), T(t.UpdatedAt),
		tp(t.OpenedAt), tp(t.ClosedAt), tp(t.LastMessageAt),
		t.Priority, jsonText(t.Meta, "{}"), t.Language, t.Via, t.Spam, t.ExternalID, t.FromAgent, tp(t.LastReceivedAt), t.ID)
	if err := mustAffect(res, err); err != nil {
		return wrap(err, "update ticket %d", t.ID)
	}
	return q.SetTicketTags(ctx, t.ID, t.Tags)
}

// SetTicketTags replaces a ticket's tags.
func (q Q) SetTicketTags(ctx context.Context, ticketID int64, tags []string) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM ticket_tags WHERE ticket_id = $1`, ticketID); err != nil {
		return wrap(err, "clear tags of ticket %d", ticketID)
	}
	return q.addTicketTags(ctx, ticketID, tags)
}

func (q Q) addTicketTags(ctx context.Context, ticketID int64, tags []string) error {
	for _, name := range tags {
		if _, err := q.db.ExecContext(ctx, `INSERT INTO ticket_tags (ticket_id, name) VALUES ($1, $2)`, ticketID, name); err != nil {
			return wrap(err, "tag ticket %d", ticketID)
		}
	}
	return nil
}

// GetTicket loads a ticket with its tags.
func (q Q) GetTicket(ctx context.Context, id int64) (Ticket, error) {
	t, err := scanTicketSummary(q.db.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketSummaryColumns+` FROM tickets WHERE id = $1`, id))
	if err != nil {
		return Ticket{}, wrap(err, "load ticket %d", id)
	}
	t.Tags, err = q.ticketTags(ctx, id)
	return t, err
}

// GetTicketForUpdate loads a ticket inside a transaction, locking its row on
// PostgreSQL so two concurrent changes are applied one after the other and
// each sees the other's result (SQLite's immediate transactions already do).
func (q Q) GetTicketForUpdate(ctx context.Context, id int64) (Ticket, error) {
	lock := ""
	if q.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	t, err := scanTicketSummary(q.db.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketSummaryColumns+` FROM tickets WHERE id = $1`+lock, id))
	if err != nil {
		return Ticket{}, wrap(err, "load ticket %d", id)
	}
	t.Tags, err = q.ticketTags(ctx, id)
	return t, err
}

func (q Q) ticketTags(ctx context.Context, id int64) ([]string, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT name FROM ticket_tags WHERE ticket_id = $1 ORDER BY name`, id)
	if err != nil {
		return nil, wrap(err, "load tags of ticket %d", id)
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (string, error) {
		var s string
		return s, row.Scan(&s)
	}, "load tags")
}

// TicketFilter narrows the list; it is the query package's, shared with the layers above.
type TicketFilter = query.TicketFilter

// ListTickets lists tickets, newest first, with their tags.
func (q Q) ListTickets(ctx context.Context, f TicketFilter) ([]Ticket, error) {
	where, args := []string{"id < $1"}, []any{f.Before()}
	if f.Status != "" {
		args = append(args, f.Status)
		where = append(where, fmt.Sprintf("status = $%d", len(args)))
	}
	if f.CustomerID != 0 {
		args = append(args, f.CustomerID)
		where = append(where, fmt.Sprintf("customer_id = $%d", len(args)))
	}
	args = append(args, f.Size())
	rows, err := q.db.QueryContext(ctx, `SELECT `+ticketColumns+ticketSummaryColumns+` FROM tickets WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, wrap(err, "list tickets")
	}
	list, err := collect(rows, scanTicketSummary, "list tickets")
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Tags, err = q.ticketTags(ctx, list[i].ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// DueSnoozedTickets returns up to limit ids of tickets whose snooze time has passed.
func (q Q) DueSnoozedTickets(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id FROM tickets WHERE snooze_datetime IS NOT NULL AND snooze_datetime <= $1
		ORDER BY snooze_datetime LIMIT $2`, T(now), limit)
	if err != nil {
		return nil, wrap(err, "list due snoozed tickets")
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, "list due snoozed tickets")
}

// tp normalises an optional time for storage.
func tp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return T(*t)
}

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
