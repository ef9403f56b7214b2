package helpdesk_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// clock is a settable time source for snooze tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// recorder is an Enqueuer that remembers what it was handed, and can fail.
type recorder struct {
	mu     sync.Mutex
	kinds  []string
	inTx   bool
	failOn string
}

func (r *recorder) Enqueue(ctx context.Context, tx *store.Tx, events []store.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range events {
		// The events must already be visible inside the transaction.
		if _, err := tx.GetEvent(ctx, e.ID); err != nil {
			return err
		}
		r.inTx = true
		if e.Kind == r.failOn {
			return errors.New("enqueue failed")
		}
		r.kinds = append(r.kinds, e.Kind)
	}
	return nil
}

type fixture struct {
	t     *testing.T
	st    *store.Store
	svc   *helpdesk.Service
	clock *clock
	rec   *recorder
	agent helpdesk.Actor
	seen  int64
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	rec := &recorder{}
	u, err := st.CreateUser(context.Background(), store.User{Email: "agent@example.com", Name: "Agent", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, st: st, svc: helpdesk.New(st, rec, helpdesk.WithClock(c.Now)),
		clock: c, rec: rec, agent: helpdesk.Actor{UserID: u.ID}}
}

// newEvents returns the kinds raised since the last call, oldest first.
func (f *fixture) newEvents(ticketID int64) []store.Event {
	f.t.Helper()
	list, err := f.st.ListEvents(context.Background(), store.EventFilter{TicketID: ticketID, Page: store.Page{Limit: 100}})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []store.Event
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].ID > f.seen {
			out = append(out, list[i])
			f.seen = list[i].ID
		}
	}
	return out
}

func (f *fixture) expect(ticketID int64, want ...event.Kind) []store.Event {
	f.t.Helper()
	got := f.newEvents(ticketID)
	var kinds []event.Kind
	for _, e := range got {
		kinds = append(kinds, event.Kind(e.Kind))
	}
	if !slices.Equal(kinds, want) {
		f.t.Fatalf("events = %v, want %v", kinds, want)
	}
	return got
}

func (f *fixture) createTicket() event.Ticket {
	f.t.Helper()
	tk, err := f.svc.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "Jo@Example.com", Name: "Jo"}, Subject: "Where is my order?",
		Messages: []helpdesk.MessageInput{{BodyText: "Hello"}, {BodyText: "Order 42"}}})
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

func TestEventsRaisedPerChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		created := f.expect(tk.ID, event.TicketCreated)
		var snap event.Ticket
		if err := json.Unmarshal(created[0].Ticket, &snap); err != nil {
			t.Fatal(err)
		}
		if snap.Customer.Email != "jo@example.com" || len(snap.Messages) != 2 || snap.Messages[1].BodyText != "Order 42" {
			t.Fatalf("snapshot = %+v", snap)
		}

		closed := "closed"
		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Status: &closed}))
		ev := f.expect(tk.ID, event.TicketUpdated, event.TicketStatusUpdated)
		if string(ev[1].Changes) != `{"status":{"previous":"open","current":"closed"}}` {
			t.Fatalf("status changes = %s", ev[1].Changes)
		}
		if ev[0].UserID == nil || *ev[0].UserID != f.agent.UserID {
			t.Fatalf("event user = %v, want %d", ev[0].UserID, f.agent.UserID)
		}

		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Status: &closed}))
		f.expect(tk.ID) // nothing changed, nothing raised

		subject := "Order 42 is late"
		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Subject: &subject}))
		f.expect(tk.ID, event.TicketUpdated)

		tags := []string{"vip", "late", "vip"}
		got := f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Tags: &tags}))
		f.expect(tk.ID, event.TicketUpdated)
		if len(got.Tags) != 2 {
			t.Fatalf("tags = %v, want duplicates dropped", got.Tags)
		}

		got = f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{AssigneeUserID: helpdesk.Some(f.agent.UserID)}))
		ev = f.expect(tk.ID, event.TicketUpdated, event.TicketAssignmentUpdated)
		if got.AssigneeUser == nil || got.AssigneeUser.Email != "agent@example.com" {
			t.Fatalf("assignee = %+v", got.AssigneeUser)
		}
		var ch map[string]event.Change
		if err := json.Unmarshal(ev[1].Changes, &ch); err != nil || ch["assignee"].Previous != nil || ch["assignee"].Current == nil {
			t.Fatalf("assignment changes = %s (%v)", ev[1].Changes, err)
		}

		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{AssigneeUserID: helpdesk.Null[int64]()}))
		f.expect(tk.ID, event.TicketUpdated, event.TicketAssignmentUpdated)
	})
}

func (f *fixture) must(t event.Ticket, err error) event.Ticket {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

func TestMessageEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)

		reply, err := f.svc.AddMessage(ctx, f.agent, tk.ID, helpdesk.MessageInput{BodyText: "On its way", FromAgent: true})
		if err != nil {
			t.Fatal(err)
		}
		ev := f.expect(tk.ID, event.TicketMessageCreated)
		if ev[0].MessageID == nil || *ev[0].MessageID != reply.ID || reply.Sender.Email != "agent@example.com" {
			t.Fatalf("message event = %+v, reply = %+v", ev[0], reply)
		}
		var m event.Message
		if err := json.Unmarshal(ev[0].Message, &m); err != nil || m.BodyText != "On its way" {
			t.Fatalf("event message = %s", ev[0].Message)
		}

		failedAt := f.clock.Now()
		if _, err := f.svc.MarkMessageFailed(ctx, f.agent, tk.ID, reply.ID, helpdesk.MessagePatch{FailedDatetime: &failedAt}); err != nil {
			t.Fatal(err)
		}
		f.expect(tk.ID, event.TicketMessageFailed)
		if _, err := f.svc.MarkMessageFailed(ctx, f.agent, tk.ID, reply.ID, helpdesk.MessagePatch{FailedDatetime: &failedAt}); err != nil {
			t.Fatal(err)
		}
		f.expect(tk.ID) // already failed: nothing new

		first := tk.Messages[0].ID
		_, err = f.svc.MarkMessageFailed(ctx, f.agent, tk.ID, first, helpdesk.MessagePatch{FailedDatetime: &failedAt})
		if v, ok := validate.As(err); !ok || v.Field != "failed_datetime" {
			t.Fatalf("failing a customer's message: err = %v, want a validation error", err)
		}
		f.expect(tk.ID)

		closed := "closed"
		f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Status: &closed}))
		f.expect(tk.ID, event.TicketUpdated, event.TicketStatusUpdated)
		if _, err := f.svc.AddMessage(ctx, helpdesk.Actor{}, tk.ID, helpdesk.MessageInput{BodyText: "Still nothing"}); err != nil {
			t.Fatal(err)
		}
		f.expect(tk.ID, event.TicketMessageCreated, event.TicketUpdated, event.TicketStatusUpdated)
		got, _ := f.svc.GetTicket(ctx, tk.ID)
		if got.Status != "open" || len(got.Messages) != 4 {
			t.Fatalf("after customer reply: status %s, %d messages", got.Status, len(got.Messages))
		}
	})
}

func TestSnoozeAndSelfUnsnooze(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)

		past := f.clock.Now().Add(-time.Minute)
		_, err := f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{SnoozeDatetime: helpdesk.Some(past)})
		if v, ok := validate.As(err); !ok || v.Field != "snooze_datetime" {
			t.Fatalf("snooze in the past: err = %v", err)
		}
		f.expect(tk.ID)

		until := f.clock.Now().Add(2 * time.Hour)
		got := f.must(f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{SnoozeDatetime: helpdesk.Some(until)}))
		f.expect(tk.ID, event.TicketUpdated, event.TicketStatusUpdated)
		if got.Status != "closed" || got.SnoozeDatetime == nil || !got.SnoozeDatetime.Equal(until) {
			t.Fatalf("snoozed ticket = status %s, snooze %v", got.Status, got.SnoozeDatetime)
		}

		f.clock.Add(time.Hour)
		if n, err := f.svc.UnsnoozeDue(ctx); err != nil || n != 0 {
			t.Fatalf("an hour early: reopened %d, %v", n, err)
		}
		f.expect(tk.ID)

		f.clock.Add(time.Hour)
		if n, err := f.svc.UnsnoozeDue(ctx); err != nil || n != 1 {
			t.Fatalf("at snooze time: reopened %d, %v", n, err)
		}
		ev := f.expect(tk.ID, event.TicketSelfUnsnoozed, event.TicketUpdated, event.TicketStatusUpdated)
		if ev[0].UserID != nil {
			t.Fatalf("self-unsnooze has a user: %v", *ev[0].UserID)
		}
		got, _ = f.svc.GetTicket(ctx, tk.ID)
		if got.Status != "open" || got.SnoozeDatetime != nil {
			t.Fatalf("after unsnooze: status %s, snooze %v", got.Status, got.SnoozeDatetime)
		}
		if n, _ := f.svc.UnsnoozeDue(ctx); n != 0 {
			t.Fatalf("second run reopened %d again", n)
		}
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)
		bad := "pending"
		subject := "changed"
		_, err := f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Subject: &subject, Status: &bad})
		if v, ok := validate.As(err); !ok || v.Field != "status" {
			t.Fatalf("err = %v, want a validation error on status", err)
		}
		_, err = f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Subject: &subject, AssigneeUserID: helpdesk.Some[int64](999)})
		if v, ok := validate.As(err); !ok || v.Field != "assignee_user_id" {
			t.Fatalf("err = %v, want a validation error on assignee_user_id", err)
		}
		got, _ := f.svc.GetTicket(ctx, tk.ID)
		if got.Subject != "Where is my order?" {
			t.Fatalf("subject changed to %q by a refused update", got.Subject)
		}
		f.expect(tk.ID)
		for name, in := range map[string]helpdesk.NewTicket{
			"messages":              {Customer: &helpdesk.CustomerRef{Email: "new@example.com"}},
			"customer.email":        {Customer: &helpdesk.CustomerRef{Email: "nope"}, Messages: []helpdesk.MessageInput{{BodyText: "x"}}},
			"customer_id":           {CustomerID: 999, Messages: []helpdesk.MessageInput{{BodyText: "x"}}},
			"messages[0].body_text": {Customer: &helpdesk.CustomerRef{Email: "new@example.com"}, Messages: []helpdesk.MessageInput{{}}},
		} {
			_, err := f.svc.CreateTicket(ctx, helpdesk.Actor{}, in)
			if v, ok := validate.As(err); !ok || v.Field != name {
				t.Fatalf("%s: err = %v, want a validation error naming it", name, err)
			}
		}
		if _, err := st.GetCustomerByEmail(ctx, "new@example.com"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a refused ticket created its customer: %v", err)
		}
	})
}

func TestEnqueueFailureRollsBackTheChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		tk := f.createTicket()
		f.expect(tk.ID, event.TicketCreated)
		if !f.rec.inTx {
			t.Fatal("the enqueuer did not see the events inside the transaction")
		}
		f.rec.failOn = string(event.TicketStatusUpdated)
		closed := "closed"
		if _, err := f.svc.UpdateTicket(ctx, f.agent, tk.ID, helpdesk.TicketPatch{Status: &closed}); err == nil {
			t.Fatal("update succeeded although enqueueing failed")
		}
		got, _ := f.svc.GetTicket(ctx, tk.ID)
		if got.Status != "open" {
			t.Fatalf("status = %s: the change survived a failed enqueue", got.Status)
		}
		f.expect(tk.ID) // the events rolled back with it
	})
}

// TestCreatedSnapshotEqualsTheTicketAsRead checks that the snapshot a new
// ticket's event carries, built from the rows in hand, is exactly what
// reading the ticket back gives.
func TestCreatedSnapshotEqualsTheTicketAsRead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if err := st.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: mustCustomer(t, st, "jo@example.com"),
			IntegrationID: 7, Data: []byte(`{"plan":"gold"}`), FetchedAt: f.clock.Now()}); err != nil {
			t.Fatal(err)
		}
		tk, err := f.svc.CreateTicket(ctx, f.agent, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "jo@example.com"},
			Subject: "Hi", Tags: []string{"zeta", "alpha"}, AssigneeUserID: &f.agent.UserID,
			Messages: []helpdesk.MessageInput{{BodyText: "one"}, {BodyText: "two", FromAgent: true}}})
		if err != nil {
			t.Fatal(err)
		}
		ev := f.expect(tk.ID, event.TicketCreated)
		read, err := f.svc.GetTicket(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(read)
		if string(ev[0].Ticket) != string(want) {
			t.Fatalf("snapshot\n%s\nwant (as read)\n%s", ev[0].Ticket, want)
		}
	})
}

func mustCustomer(t *testing.T, st *store.Store, email string) int64 {
	t.Helper()
	c, err := st.CreateCustomer(context.Background(), store.Customer{Email: email, Name: "Jo"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}
