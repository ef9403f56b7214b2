package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// Rows written before the hosted helpdesk's fields existed get their
// defaults and derived values when the migration adds them.
func TestHostedFieldsMigrationKeepsExistingRows(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s, err := store.Open(ctx, b.Options(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.MigrateBefore(ctx, "_hosted_fields.sql"); err != nil {
				t.Fatal(err)
			}
			at := store.T(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO users (id, email, name, role, created_datetime, updated_datetime) VALUES (1, 'ann@example.com', ' Ann Marie Lee ', 'agent', $1, $1), (2, 'al@example.com', 'Al', 'agent', $1, $1)`, []any{at}},
				{`INSERT INTO customers (id, email, name, created_datetime, updated_datetime) VALUES (1, 'jo@example.com', 'Jo', $1, $1)`, []any{at}},
				{`INSERT INTO tickets (id, customer_id, subject, status, created_datetime, updated_datetime) VALUES (1, 1, 'Late', 'open', $1, $1), (2, 1, 'Hi', 'open', $1, $1)`, []any{at}},
				{`INSERT INTO messages (ticket_id, from_agent, sender_user_id, body_text, created_datetime) VALUES
					(1, false, NULL, 'Where is it?', $1), (1, true, 1, 'Shipped', $2), (2, true, 2, 'Hello Jo', $1)`, []any{at, at.Add(time.Hour)}},
			} {
				if _, err := s.DB.ExecContext(ctx, q.sql, q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			tk, err := s.GetTicket(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if tk.Priority != "normal" || tk.Via != "api" || tk.Spam || tk.FromAgent || string(tk.Meta) != "{}" ||
				tk.Language != nil || tk.ExternalID != nil || tk.LastReceivedAt == nil || !tk.LastReceivedAt.Equal(at) ||
				tk.Summary.MessagesCount != 2 || tk.Summary.LastPublicText != "Shipped" {
				t.Fatalf("old ticket after migration = %+v", tk)
			}
			if tk, err = s.GetTicket(ctx, 2); err != nil || !tk.FromAgent || tk.LastReceivedAt != nil ||
				tk.Summary.FirstSenderUserID == nil || *tk.Summary.FirstSenderUserID != 2 {
				t.Fatalf("agent-started ticket after migration = %+v (%v)", tk, err)
			}
			for id, want := range map[int64][2]string{1: {"Ann", "Marie Lee"}, 2: {"Al", ""}} {
				u, err := s.GetUser(ctx, id)
				if err != nil || u.Firstname != want[0] || u.Lastname != want[1] || u.Bio != "" {
					t.Fatalf("user %d after migration = %+v (%v), want names %v", id, u, err, want)
				}
			}
			c, err := s.GetCustomer(ctx, 1)
			if err != nil || string(c.Channels) != "[]" || c.Note != "" || c.Language != nil || c.Timezone != nil || c.ExternalID != nil {
				t.Fatalf("customer after migration = %+v (%v)", c, err)
			}
			msgs, err := s.TicketMessages(ctx, 1)
			if err != nil || len(msgs) != 2 || msgs[0].Via != "api" || msgs[0].Subject != "" {
				t.Fatalf("messages after migration = %+v (%v)", msgs, err)
			}
		})
	}
}
