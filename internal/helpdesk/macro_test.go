package helpdesk_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func TestApplyMacroIsOneChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)
		tags := []string{"vip"}
		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Tags: &tags}))
		f.expect(tk.ID, event.TicketUpdated)

		closed := "closed"
		var recorded int64 = -1
		got, reply, err := f.svc.ApplyMacro(ctx, f.agent, tk.ID, helpdesk.MacroChange{
			Patch:   helpdesk.TicketPatch{Status: &closed, AssigneeUserID: helpdesk.Some(f.agent.UserID)},
			AddTags: []string{"refund", "vip"},
			Reply:   &helpdesk.MessageInput{BodyText: "Refunded"},
			Record: func(ctx context.Context, tx *store.Tx, messageID int64) error {
				recorded = messageID
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if reply == nil || !reply.FromAgent || reply.Sender.Email != "agent@example.com" || recorded != reply.ID {
			t.Fatalf("reply = %+v, recorded with message %d", reply, recorded)
		}
		names := []string{}
		for _, tag := range got.Tags {
			names = append(names, tag.Name)
		}
		if got.Status != "closed" || got.AssigneeUser == nil || !slices.Equal(names, []string{"refund", "vip"}) || len(got.Messages) != 3 {
			t.Fatalf("ticket after the macro = %+v", got)
		}
		ev := f.expect(tk.ID, event.TicketMessageCreated, event.TicketUpdated, event.TicketStatusUpdated, event.TicketAssignmentUpdated)
		if ev[0].MessageID == nil || *ev[0].MessageID != reply.ID {
			t.Fatalf("message event = %+v", ev[0])
		}

		// A reply alone is a message, not a ticket update.
		if _, _, err := f.svc.ApplyMacro(ctx, f.agent, tk.ID, helpdesk.MacroChange{Reply: &helpdesk.MessageInput{BodyText: "More"}}); err != nil {
			t.Fatal(err)
		}
		f.expect(tk.ID, event.TicketMessageCreated)
	})
}

func TestApplyMacroChangesNothingOnError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)
		closed := "closed"
		_, _, err := f.svc.ApplyMacro(ctx, f.agent, tk.ID, helpdesk.MacroChange{Patch: helpdesk.TicketPatch{Status: &closed},
			Reply: &helpdesk.MessageInput{BodyText: " "}})
		if v, ok := validate.As(err); !ok || v.Field != "reply.body_text" {
			t.Fatalf("empty reply: err = %v", err)
		}
		_, _, err = f.svc.ApplyMacro(ctx, f.agent, tk.ID, helpdesk.MacroChange{Patch: helpdesk.TicketPatch{Status: &closed},
			Reply:  &helpdesk.MessageInput{BodyText: "Bye"},
			Record: func(context.Context, *store.Tx, int64) error { return errors.New("log failed") }})
		if err == nil {
			t.Fatal("a failing Record did not fail the change")
		}
		got, _ := f.svc.GetTicket(ctx, tk.ID)
		if got.Status != "open" || len(got.Messages) != 2 {
			t.Fatalf("a failed macro changed the ticket: %+v", got)
		}
		f.expect(tk.ID)
	})
}
