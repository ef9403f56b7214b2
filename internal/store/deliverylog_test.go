package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestInsertDeliveryLogsWritesEveryRowOnce: a batch of any size (written
// in statements of power-of-two sizes) lands whole, each row once, in order.
func TestInsertDeliveryLogsWritesEveryRowOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range []int{1, 7, 100} {
			rows := make([]store.DeliveryLog, n)
			for i := range rows {
				rows[i] = store.DeliveryLog{IntegrationID: it.ID, DeliveryID: fmt.Sprintf("d%d-%d", n, i), EventKind: "test", Attempt: 1,
					Outcome: "success", Request: []byte(`{}`), CreatedAt: store.Now()}
			}
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertDeliveryLogs(ctx, rows) }); err != nil {
				t.Fatalf("%d rows: %v", n, err)
			}
			total += n
			var count, distinct int
			if err := s.DB.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT delivery_id) FROM delivery_log`).Scan(&count, &distinct); err != nil {
				t.Fatal(err)
			}
			if count != total || distinct != total {
				t.Fatalf("after %d rows: %d rows, %d distinct; want %d", n, count, distinct, total)
			}
		}
		var first, last string
		if err := s.DB.QueryRowContext(ctx, `SELECT delivery_id FROM delivery_log WHERE id = (SELECT min(id) FROM delivery_log WHERE delivery_id LIKE 'd100-%')`).Scan(&first); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.QueryRowContext(ctx, `SELECT delivery_id FROM delivery_log WHERE id = (SELECT max(id) FROM delivery_log)`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if first != "d100-0" || last != "d100-99" {
			t.Fatalf("first and last of the 100 = %s, %s; want them in order", first, last)
		}
	})
}
