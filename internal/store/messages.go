package store

import "context"

const messageColumns = `id, ticket_id, from_agent, sender_user_id, channel, via, subject, body_text, body_html, created_datetime, failed_datetime`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	err := row.Scan(&m.ID, &m.TicketID, &m.FromAgent, &m.SenderUserID, &m.Channel, &m.Via, &m.Subject, &m.BodyText, &m.BodyHTML, &m.CreatedAt, &m.FailedAt)
	return m, err
}

// CreateMessage inserts a message.
func (q Q) CreateMessage(ctx context.Context, m Message) (Message, error) {
	out, err := scanMessage(q.db.QueryRowContext(ctx, `INSERT INTO messages (ticket_id, from_agent, sender_user_id, channel, via, subject,
		body_text, body_html, created_datetime, failed_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+messageColumns,
		m.TicketID, m.FromAgent, m.SenderUserID, m.Channel, or(m.Via, "api"), m.Subject, m.BodyText, m.BodyHTML, T(m.CreatedAt), tp(m.FailedAt)))
	return out, wrap(err, "create message on ticket %d", m.TicketID)
}

// GetMessage loads one message of a ticket.
func (q Q) GetMessage(ctx context.Context, ticketID, id int64) (Message, error) {
	m, err := scanMessage(q.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = $1 AND ticket_id = $2`, id, ticketID))
	return m, wrap(err, "load message %d of ticket %d", id, ticketID)
}

// SetMessageFailed records when an outgoing message failed to send.
func (q Q) SetMessageFailed(ctx context.Context, id int64, m Message) error {
	res, err := q.db.ExecContext(ctx, `UPDATE messages SET failed_datetime = $1 WHERE id = $2`, tp(m.FailedAt), id)
	return wrap(mustAffect(res, err), "mark message %d failed", id)
}

// TicketMessages loads a ticket's messages, oldest first.
func (q Q) TicketMessages(ctx context.Context, ticketID int64) ([]Message, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, wrap(err, "load messages of ticket %d", ticketID)
	}
	return collect(rows, scanMessage, "load messages")
}
