package api_test

import (
	"fmt"
	"testing"
)

// TestMacroReplyIsADraft: apply-macro's "reply" replaces the rendered reply
// with the agent's text, even where the rendered one would be empty; an
// empty text, or a reply for a macro without one, is a 422 that changes
// nothing.
func TestMacroReplyIsADraft(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var withReply, closeOnly struct {
			ID int64 `json:"id"`
		}
		e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Thanks", "actions": []map[string]any{
			{"type": "set_status", "status": "closed"},
			{"type": "reply", "body_text": "{{ticket.customer.nickname}}"}}}, &withReply)
		e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Close", "actions": []map[string]any{
			{"type": "set_status", "status": "closed"}}}, &closeOnly)
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": "jo@example.com"},
			"messages": []map[string]any{{"body_text": "hi"}}}, &tk)
		path := fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID)
		e.wantError(422, "validation_failed", "reply.body_text", e.admin, "POST", path, map[string]any{"macro_id": withReply.ID, "reply": map[string]any{"body_text": "  "}})
		e.wantError(422, "validation_failed", "reply", e.admin, "POST", path, map[string]any{"macro_id": closeOnly.ID, "reply": map[string]any{"body_text": "x"}})
		e.wantError(422, "validation_failed", "actions[1].body_text", e.admin, "POST", path, map[string]any{"macro_id": withReply.ID})
		var got struct {
			Ticket struct {
				Status   string `json:"status"`
				Messages []struct {
					BodyText string `json:"body_text"`
				} `json:"messages"`
			} `json:"ticket"`
		}
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &got.Ticket)
		if got.Ticket.Status != "open" || len(got.Ticket.Messages) != 1 {
			t.Fatalf("a refused apply changed the ticket: %+v", got.Ticket)
		}
		e.want(200, e.admin, "POST", path, map[string]any{"macro_id": withReply.ID, "reply": map[string]any{"body_text": "Thanks, Jo!"}}, &got)
		msgs := got.Ticket.Messages
		if got.Ticket.Status != "closed" || len(msgs) != 2 || msgs[1].BodyText != "Thanks, Jo!" {
			t.Fatalf("applied ticket = %+v, want closed with the agent's reply", got.Ticket)
		}
	})
}
