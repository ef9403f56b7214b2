package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

// HookLog is one HTTP hook a macro fired on a ticket: who applied it, the
// request and response (JSON, already redacted) and the outcome. MessageID
// is the reply the macro added, or nil when it added none or the ticket was
// left unchanged because the hook failed.
type HookLog struct {
	ID          int64
	MacroID     *int64
	UserID      *int64
	TicketID    int64
	MessageID   *int64
	ActionIndex int
	Title       string
	Outcome     string
	Request     json.RawMessage
	Response    json.RawMessage // nil when no response came
	ErrorClass  string
	Error       string
	DurationMS  int64
	CreatedAt   time.Time
}

const hookLogColumns = `id, macro_id, user_id, ticket_id, message_id, action_index, title, outcome, request, response,
	error_class, error, duration_ms, created_datetime`

func scanHookLog(row interface{ Scan(...any) error }) (HookLog, error) {
	var l HookLog
	var request string
	var response *string
	err := row.Scan(&l.ID, &l.MacroID, &l.UserID, &l.TicketID, &l.MessageID, &l.ActionIndex, &l.Title, &l.Outcome,
		&request, &response, &l.ErrorClass, &l.Error, &l.DurationMS, &l.CreatedAt)
	l.Request = json.RawMessage(request)
	if response != nil {
		l.Response = json.RawMessage(*response)
	}
	return l, err
}

// InsertHookLog writes one hook-log row.
func (q Q) InsertHookLog(ctx context.Context, l HookLog) (HookLog, error) {
	out, err := scanHookLog(q.db.QueryRowContext(ctx, `INSERT INTO hook_log (macro_id, user_id, ticket_id, message_id, action_index,
		title, outcome, request, response, error_class, error, duration_ms, created_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING `+hookLogColumns,
		l.MacroID, l.UserID, l.TicketID, l.MessageID, l.ActionIndex, l.Title, l.Outcome, jsonText(l.Request, "{}"),
		nullJSON(l.Response), l.ErrorClass, l.Error, l.DurationMS, T(l.CreatedAt)))
	return out, wrap(err, "log hook %d of macro on ticket %d", l.ActionIndex, l.TicketID)
}

// HookLogFilter narrows the list; it is the query package's, shared with the layers above.
type HookLogFilter = query.HookLogFilter

// ListHookLog lists hook-log rows, newest first.
func (q Q) ListHookLog(ctx context.Context, f HookLogFilter) ([]HookLog, error) {
	query := `SELECT ` + hookLogColumns + ` FROM hook_log WHERE id < $1`
	args := []any{f.Before(), f.Size()}
	if f.TicketID != 0 {
		args = append(args, f.TicketID)
		query += ` AND ticket_id = $3`
	}
	if f.MacroID != 0 {
		args = append(args, f.MacroID)
		query += ` AND macro_id = $` + strconv.Itoa(len(args))
	}
	rows, err := q.db.QueryContext(ctx, query+` ORDER BY id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, wrap(err, "list hook log")
	}
	return collect(rows, scanHookLog, "list hook log")
}

// MessageHookLog lists the hook calls kept with a message of a ticket, in
// the order they were fired.
func (q Q) MessageHookLog(ctx context.Context, ticketID, messageID int64) ([]HookLog, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+hookLogColumns+` FROM hook_log WHERE ticket_id = $1 AND message_id = $2
		ORDER BY action_index, id`, ticketID, messageID)
	if err != nil {
		return nil, wrap(err, "list hooks of message %d", messageID)
	}
	return collect(rows, scanHookLog, "list hooks of message")
}
