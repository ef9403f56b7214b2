package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ticketwire/ticketwire/internal/query"
)

const eventColumns = `id, kind, ticket_id, message_id, user_id, ticket, message, changes, created_datetime`

func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	var e Event
	var ticket string
	var message, changes *string
	err := row.Scan(&e.ID, &e.Kind, &e.TicketID, &e.MessageID, &e.UserID, &ticket, &message, &changes, &e.CreatedAt)
	e.Ticket = json.RawMessage(ticket)
	if message != nil {
		e.Message = json.RawMessage(*message)
	}
	if changes != nil {
		e.Changes = json.RawMessage(*changes)
	}
	return e, err
}

func nullJSON(raw json.RawMessage) any {
	if len(raw) == 0 {
		return nil
	}
	return string(raw)
}

// InsertEvent writes a domain event; call it in the change's transaction.
// Only the id is read back: the snapshots are stored as given (JSON, not
// jsonb), so reading them back would return the same bytes.
func (q Q) InsertEvent(ctx context.Context, e Event) (Event, error) {
	e.CreatedAt = T(e.CreatedAt)
	if len(e.Message) == 0 {
		e.Message = nil // stored as NULL, read back as nil
	}
	if len(e.Changes) == 0 {
		e.Changes = nil
	}
	err := q.db.QueryRowContext(ctx, `INSERT INTO events (kind, ticket_id, message_id, user_id, ticket, message, changes, created_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.Kind, e.TicketID, e.MessageID, e.UserID, string(e.Ticket), nullJSON(e.Message), nullJSON(e.Changes), e.CreatedAt).Scan(&e.ID)
	return e, wrap(err, "insert %s event for ticket %d", e.Kind, e.TicketID)
}

// GetEvent loads one event.
func (q Q) GetEvent(ctx context.Context, id int64) (Event, error) {
	e, err := scanEvent(q.db.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1`, id))
	return e, wrap(err, "load event %d", id)
}

// GetEvents loads the events of ids that exist, in no particular order, in
// one query (the delivery engine loads the events of many jobs at once). The
// list of ids is padded to a power of two with repeats of its last, so that
// a few statement texts serve every size and stay prepared.
func (q Q) GetEvents(ctx context.Context, ids []int64) ([]Event, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	n := 1
	for n < len(ids) {
		n *= 2
	}
	marks, args := make([]string, n), make([]any, n)
	for i := range n {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), ids[min(i, len(ids)-1)]
	}
	rows, err := q.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, wrap(err, "load %d events", len(ids))
	}
	return collect(rows, scanEvent, "load events")
}

// EventFilter narrows the list; it is the query package's, shared with the layers above.
type EventFilter = query.EventFilter

// ListEvents lists events, newest first.
func (q Q) ListEvents(ctx context.Context, f EventFilter) ([]Event, error) {
	where, args := []string{"id < $1"}, []any{f.Before()}
	if f.TicketID != 0 {
		args = append(args, f.TicketID)
		where = append(where, fmt.Sprintf("ticket_id = $%d", len(args)))
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		where = append(where, fmt.Sprintf("kind = $%d", len(args)))
	}
	args = append(args, f.Size())
	rows, err := q.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, wrap(err, "list events")
	}
	return collect(rows, scanEvent, "list events")
}
