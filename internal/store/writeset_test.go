package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestWriteSetAppliesWhole: a write set's log rows, hourly counts, failure
// count reset and fetched data all land; and when one statement fails
// (here a row of an integration that does not exist), none of them do, on
// PostgreSQL where the set is one pipeline as on SQLite.
func TestWriteSetAppliesWhole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateCustomer(ctx, store.Customer{Email: "ann@example.com", Name: "Ann"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddIntegrationResults(ctx, it.ID, false, 3); err != nil {
			t.Fatal(err)
		}
		rows := func(integrationID int64, n int) []store.DeliveryLog {
			out := make([]store.DeliveryLog, n)
			for i := range out {
				out[i] = store.DeliveryLog{IntegrationID: integrationID, DeliveryID: fmt.Sprintf("d%d", i), EventKind: "test", Attempt: 1,
					Outcome: "success", Request: []byte(`{}`), Response: []byte(`{"status": 200}`), DurationMS: 12, CreatedAt: store.Now()}
			}
			return out
		}
		counts := func() (logRows, hourly, failures int, data string) {
			t.Helper()
			if err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM delivery_log`).Scan(&logRows); err != nil {
				t.Fatal(err)
			}
			if err := s.DB.QueryRowContext(ctx, `SELECT coalesce(sum(count), 0) FROM delivery_hourly`).Scan(&hourly); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetIntegration(ctx, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			_ = s.DB.QueryRowContext(ctx, `SELECT data FROM customer_integrations WHERE customer_id = $1`, c.ID).Scan(&data)
			return logRows, hourly, got.ConsecutiveFailures, data
		}

		// A failing statement in the middle: nothing before it stays.
		bad := &store.WriteSet{}
		bad.InsertDeliveryLogs(rows(it.ID, 5))
		bad.ResetIntegrationFailures(it.ID)
		bad.PutCustomerIntegration(store.CustomerIntegration{CustomerID: c.ID, IntegrationID: it.ID, Data: json.RawMessage(`{"plan": "gold"}`), FetchedAt: store.Now()})
		bad.InsertDeliveryLogs(rows(it.ID+1000, 1))
		if err := s.Apply(ctx, bad); err == nil {
			t.Fatal("a write set with a row of no integration applied")
		}
		if l, h, f, d := counts(); l != 0 || h != 0 || f != 3 || d != "" {
			t.Fatalf("after a failed set: %d log rows, %d counted, %d failures, data %q; want none of it applied", l, h, f, d)
		}

		good := &store.WriteSet{}
		good.InsertDeliveryLogs(rows(it.ID, 5))
		good.ResetIntegrationFailures(it.ID)
		good.PutCustomerIntegration(store.CustomerIntegration{CustomerID: c.ID, IntegrationID: it.ID, Data: json.RawMessage(`{"plan": "gold"}`), FetchedAt: store.Now()})
		if err := s.Apply(ctx, good); err != nil {
			t.Fatal(err)
		}
		l, h, f, d := counts()
		var plan map[string]string
		_ = json.Unmarshal([]byte(d), &plan)
		if l != 5 || h != 5 || f != 0 || plan["plan"] != "gold" {
			t.Fatalf("after the set: %d log rows, %d counted, %d failures, data %q; want 5, 5, 0 and the data", l, h, f, d)
		}

		// A disabled integration keeps its count, as AddIntegrationResults does.
		if _, _, err := s.AddIntegrationResults(ctx, it.ID, false, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetIntegrationEnabled(ctx, it.ID, false, "test", store.Now()); err != nil {
			t.Fatal(err)
		}
		off := &store.WriteSet{}
		off.ResetIntegrationFailures(it.ID)
		if err := s.Apply(ctx, off); err != nil {
			t.Fatal(err)
		}
		if _, _, f, _ := counts(); f != 2 {
			t.Fatalf("a disabled integration's count became %d; want it kept at 2", f)
		}
	})
}
