package delivery

import (
	"context"
	"testing"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/netguard"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestFlushOutlivesTheFlushingJob: the worker that flushes a batch writes
// the rows other workers queued too; its job being cancelled must not fail
// theirs.
func TestFlushOutlivesTheFlushingJob(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		row, err := st.CreateIntegration(ctx, store.Integration{Type: "http", Name: "batched", Config: []byte(`{}`),
			Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		e := New(Defaults(), Deps{Store: st, Client: netguard.NewClient(netguard.Options{})})
		it := integration.Integration{ID: row.ID, Name: row.Name, Enabled: true}
		failed := attempt{outcome: OutcomeFailed, class: ClassConnection, err: "connection refused"}

		other := record{integration: it, deliveryID: "msg_other", attempt: 1}
		otherRow, err := logRow(other, failed, e.now())
		if err != nil {
			t.Fatal(err)
		}
		queued := &pending{r: other, at: failed, row: otherRow, done: make(chan error, 1)}
		e.batch.Queued(queued) // queued by another worker, waiting for a flush

		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_ = e.recordBatched(cancelled, record{integration: it, deliveryID: "msg_mine", attempt: 1}, failed)
		if err := <-queued.done; err != nil {
			t.Fatalf("the other worker's row failed with the flusher's cancelled context: %v", err)
		}
		list, err := st.ListDeliveryLog(ctx, query.DeliveryLogFilter{IntegrationID: row.ID})
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, l := range list {
			found = found || l.DeliveryID == "msg_other"
		}
		if !found {
			t.Errorf("events log = %+v, want the other worker's row", list)
		}
	})
}
