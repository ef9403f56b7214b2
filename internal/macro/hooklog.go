package macro

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// HookCall is an HTTP hook a macro fired, as the hooks log keeps it: secrets
// redacted, bodies capped. Status is the outcome: success, failed, blocked
// or build-failed; the HTTP status code is response.status.
type HookCall struct {
	ID              int64           `json:"id"`
	MacroID         *int64          `json:"macro_id"`
	UserID          *int64          `json:"user_id"`
	TicketID        int64           `json:"ticket_id"`
	MessageID       *int64          `json:"message_id"`
	ActionIndex     int             `json:"action_index"`
	Title           string          `json:"title"`
	Status          string          `json:"status"`
	ErrorClass      string          `json:"error_class"`
	Error           string          `json:"error"`
	DurationMS      int64           `json:"duration_ms"`
	Request         json.RawMessage `json:"request"`
	Response        json.RawMessage `json:"response"`
	CreatedDatetime time.Time       `json:"created_datetime"`
}

func toHookCall(l store.HookLog) HookCall {
	res := l.Response
	if len(res) == 0 {
		res = json.RawMessage("null")
	}
	return HookCall{ID: l.ID, MacroID: l.MacroID, UserID: l.UserID, TicketID: l.TicketID, MessageID: l.MessageID,
		ActionIndex: l.ActionIndex, Title: l.Title, Status: l.Outcome, ErrorClass: l.ErrorClass, Error: l.Error,
		DurationMS: l.DurationMS, Request: l.Request, Response: res, CreatedDatetime: l.CreatedAt}
}

// hookRows are the log rows of the hooks fired, kept with the reply
// messageID (0 for none).
func (s *Service) hookRows(p plan, calls []fired, messageID int64) []store.HookLog {
	macroID, userID, now := p.macro.ID, p.user.ID, s.now()
	var msg *int64
	if messageID != 0 {
		msg = &messageID
	}
	rows := make([]store.HookLog, 0, len(calls))
	for _, c := range calls {
		req, _ := marshal(c.result.Request) // plain strings and maps: cannot fail
		var res []byte
		if c.result.Response != nil {
			res, _ = marshal(c.result.Response)
		}
		rows = append(rows, store.HookLog{MacroID: &macroID, UserID: &userID, TicketID: p.ticket.ID, MessageID: msg,
			ActionIndex: c.index, Title: c.title, Outcome: c.result.Outcome, Request: req, Response: res,
			ErrorClass: c.result.ErrorClass, Error: c.result.Error, DurationMS: c.result.Duration.Milliseconds(), CreatedAt: now})
	}
	return rows
}

// logHooks logs hooks fired by an apply that changed nothing.
func (s *Service) logHooks(ctx context.Context, p plan, calls []fired) ([]HookCall, error) {
	var out []HookCall
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = insertHooks(ctx, tx.Q, s.hookRows(p, calls, 0))
		return err
	})
	return out, err
}

func insertHooks(ctx context.Context, q store.Q, rows []store.HookLog) ([]HookCall, error) {
	out := make([]HookCall, 0, len(rows))
	for _, r := range rows {
		l, err := q.InsertHookLog(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, toHookCall(l))
	}
	return out, nil
}

// HookLog lists the hooks log, newest first.
func (s *Service) HookLog(ctx context.Context, f store.HookLogFilter) ([]HookCall, error) {
	rows, err := s.store.ListHookLog(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]HookCall, 0, len(rows))
	for _, r := range rows {
		out = append(out, toHookCall(r))
	}
	return out, nil
}

// MessageHooks lists the hook calls kept with a message of a ticket, the
// "actions performed" of the reply a macro sent.
func (s *Service) MessageHooks(ctx context.Context, ticketID, messageID int64) ([]HookCall, error) {
	if _, err := s.store.GetMessage(ctx, ticketID, messageID); err != nil {
		return nil, err
	}
	rows, err := s.store.MessageHookLog(ctx, ticketID, messageID)
	if err != nil {
		return nil, err
	}
	out := make([]HookCall, 0, len(rows))
	for _, r := range rows {
		out = append(out, toHookCall(r))
	}
	return out, nil
}
