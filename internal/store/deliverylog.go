package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

const deliveryLogColumns = `id, integration_id, delivery_id, event_id, event_kind, ticket_id, attempt, outcome, request, response,
	error_class, error, duration_ms, created_datetime, replay_of`

func scanDeliveryLog(row interface{ Scan(...any) error }) (DeliveryLog, error) {
	var l DeliveryLog
	var request string
	var response *string
	err := row.Scan(&l.ID, &l.IntegrationID, &l.DeliveryID, &l.EventID, &l.EventKind, &l.TicketID, &l.Attempt, &l.Outcome,
		&request, &response, &l.ErrorClass, &l.Error, &l.DurationMS, &l.CreatedAt, &l.ReplayOf)
	l.Request = json.RawMessage(request)
	if response != nil {
		l.Response = json.RawMessage(*response)
	}
	return l, err
}

// InsertDeliveryLog writes one events-log row and counts it in its hour;
// call it in a transaction, so that the two stay equal.
func (q Q) InsertDeliveryLog(ctx context.Context, l DeliveryLog) (DeliveryLog, error) {
	out, err := scanDeliveryLog(q.db.QueryRowContext(ctx, `INSERT INTO delivery_log (integration_id, delivery_id, event_id, event_kind,
		ticket_id, attempt, outcome, request, response, error_class, error, duration_ms, created_datetime, replay_of)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING `+deliveryLogColumns,
		l.IntegrationID, l.DeliveryID, l.EventID, l.EventKind, l.TicketID, l.Attempt, l.Outcome, jsonText(l.Request, "{}"),
		nullJSON(l.Response), l.ErrorClass, l.Error, l.DurationMS, T(l.CreatedAt), l.ReplayOf))
	if err != nil {
		return out, wrap(err, "log delivery of integration %d", l.IntegrationID)
	}
	return out, q.exec(ctx, []writeStmt{deliveryHours([]DeliveryLog{out})})
}

// GetDeliveryLog loads one events-log row of an integration.
func (q Q) GetDeliveryLog(ctx context.Context, integrationID, id int64) (DeliveryLog, error) {
	l, err := scanDeliveryLog(q.db.QueryRowContext(ctx, `SELECT `+deliveryLogColumns+` FROM delivery_log WHERE id = $1 AND integration_id = $2`, id, integrationID))
	return l, wrap(err, "load events-log row %d", id)
}

// DeliveryLogFilter narrows the list; it is the query package's, shared with the layers above.
type DeliveryLogFilter = query.DeliveryLogFilter

// ListDeliveryLog lists an integration's events log, newest first.
func (q Q) ListDeliveryLog(ctx context.Context, f DeliveryLogFilter) ([]DeliveryLog, error) {
	query := `SELECT ` + deliveryLogColumns + ` FROM delivery_log WHERE integration_id = $1 AND id < $2`
	args := []any{f.IntegrationID, f.Before()}
	if f.Outcome != "" {
		query += ` AND outcome = $4`
	}
	query += ` ORDER BY id DESC LIMIT $3`
	args = append(args, f.Size())
	if f.Outcome != "" {
		args = append(args, f.Outcome)
	}
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "list events log of integration %d", f.IntegrationID)
	}
	return collect(rows, scanDeliveryLog, "list events log")
}

// DeleteDeliveryLogBefore removes up to limit rows older than cutoff, the
// oldest first, and says how many went; callers loop so that no transaction
// grows large. The rows are found through the created_datetime index, so a
// run that finds few or none old reads only those: ordered by id, SQLite
// walked the whole table (a million rows, over a gigabyte) to find that
// nothing was left to remove, holding its single connection meanwhile.
func (q Q) DeleteDeliveryLogBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM delivery_log WHERE id IN (
		SELECT id FROM delivery_log WHERE created_datetime < $1 ORDER BY created_datetime LIMIT $2)`, T(cutoff), limit)
	if err != nil {
		return 0, wrap(err, "trim events log")
	}
	n, err := res.RowsAffected()
	return n, wrap(err, "trim events log")
}

// CreateNotification stores a notification for admins.
func (q Q) CreateNotification(ctx context.Context, n Notification) (Notification, error) {
	n.CreatedAt = T(n.CreatedAt)
	err := q.db.QueryRowContext(ctx, `INSERT INTO notifications (kind, integration_id, message, created_datetime)
		VALUES ($1, $2, $3, $4) RETURNING id`, n.Kind, n.IntegrationID, n.Message, n.CreatedAt).Scan(&n.ID)
	return n, wrap(err, "create notification")
}

// ListNotifications lists notifications, newest first.
func (q Q) ListNotifications(ctx context.Context, p Page) ([]Notification, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, kind, integration_id, message, created_datetime FROM notifications
		WHERE id < $1 ORDER BY id DESC LIMIT $2`, p.Before(), p.Size())
	if err != nil {
		return nil, wrap(err, "list notifications")
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (Notification, error) {
		var n Notification
		return n, row.Scan(&n.ID, &n.Kind, &n.IntegrationID, &n.Message, &n.CreatedAt)
	}, "list notifications")
}

// InsertDeliveryLogs writes many events-log rows, in as few statements as
// the sizes that are powers of two allow (100 rows: 64, 32 and 4), and
// counts them in their hours with another; call it in a transaction. A few
// statement texts then serve every batch and stay prepared: with one text
// per batch size, parsing them was a third of the cost of the insert.
func (q Q) InsertDeliveryLogs(ctx context.Context, rows []DeliveryLog) error {
	return q.exec(ctx, deliveryLogStatements(rows))
}

// deliveryLogStatements are the statements of InsertDeliveryLogs.
func deliveryLogStatements(rows []DeliveryLog) []writeStmt {
	if len(rows) == 0 {
		return nil
	}
	var out []writeStmt
	for rest := rows; len(rest) > 0; {
		n := 1
		for n*2 <= len(rest) {
			n *= 2
		}
		out = append(out, insertDeliveryLogs(rest[:n]))
		rest = rest[n:]
	}
	return append(out, deliveryHours(rows))
}

const deliveryLogCols = 14

// insertLogText holds the statement that inserts n rows, by n.
var insertLogText sync.Map

func insertLogStatement(n int) string {
	if s, ok := insertLogText.Load(n); ok {
		return s.(string)
	}
	text := `INSERT INTO delivery_log (integration_id, delivery_id, event_id, event_kind, ticket_id, attempt, outcome,
		request, response, error_class, error, duration_ms, created_datetime, replay_of) VALUES ` + valueRows(n, deliveryLogCols)
	insertLogText.Store(n, text)
	return text
}

// valueRows is the VALUES list of a multi-row insert of n rows of cols
// parameters: ($1, $2), ($3, $4) for 2 and 2.
func valueRows(n, cols int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for c := 1; c <= cols; c++ {
			if c > 1 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i*cols+c)
		}
		b.WriteString(")")
	}
	return b.String()
}

func insertDeliveryLogs(rows []DeliveryLog) writeStmt {
	args := make([]any, 0, len(rows)*deliveryLogCols)
	for _, l := range rows {
		args = append(args, l.IntegrationID, l.DeliveryID, l.EventID, l.EventKind, l.TicketID, l.Attempt, l.Outcome,
			jsonText(l.Request, "{}"), nullJSON(l.Response), l.ErrorClass, l.Error, l.DurationMS, T(l.CreatedAt), l.ReplayOf)
	}
	return writeStmt{sql: insertLogStatement(len(rows)), args: args, what: fmt.Sprintf("log %d deliveries", len(rows))}
}

// LastFetches returns, for each integration, the newest events-log row of
// a request made for one of the customer's tickets (skipped rows, which
// sent nothing, left out): whether the customer's data is fresh or failed.
func (q Q) LastFetches(ctx context.Context, customerID int64) ([]DeliveryLog, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+deliveryLogColumns+` FROM delivery_log WHERE id IN (
		SELECT MAX(d.id) FROM delivery_log d JOIN tickets t ON t.id = d.ticket_id
		WHERE t.customer_id = $1 AND d.outcome <> 'skipped' GROUP BY d.integration_id) ORDER BY integration_id`, customerID)
	if err != nil {
		return nil, wrap(err, "last fetches for customer %d", customerID)
	}
	return collect(rows, scanDeliveryLog, "last fetches")
}
