package delivery

import (
	"context"
	"fmt"

	"github.com/ticketwire/ticketwire/internal/store"
)

// Deliveries are recorded with group commit: a worker that finds no write in
// progress writes its own row and every row queued meanwhile in one
// transaction; the others wait for that commit. Under load this turns
// hundreds of small transactions a second into a few large ones, which is
// what lets one SQLite writer or one PostgreSQL server keep up.

// maxBatch bounds one transaction (and the parameters of its multi-row insert).
const maxBatch = 128

type pending struct {
	r    record
	at   attempt
	row  store.DeliveryLog
	done chan error
}

// flushTimeout bounds one batch's transaction. A flush writes other
// workers' rows too, so it runs on a context of its own rather than on the
// flushing worker's: one job cancelled or out of time cannot fail the
// records of the others.
const flushTimeout = recordTimeout

// recordBatched records an attempt like record, sharing the transaction with
// whatever other attempts are waiting. ctx only bounds the wait for the
// caller's own row: the flush runs on its own context.
func (e *Engine) recordBatched(ctx context.Context, r record, at attempt) error {
	row, err := logRow(r, at, e.now())
	if err != nil {
		return err
	}
	p := &pending{r: r, at: at, row: row, done: make(chan error, 1)}
	e.batch.Add(p, maxBatch, func(list []*pending) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
		defer cancel()
		e.flush(fctx, list)
	})
	return <-p.done
}

// flush writes a batch in one transaction. If that fails (an integration
// deleted meanwhile, say), each attempt is written on its own so that one bad
// row cannot fail the others.
func (e *Engine) flush(ctx context.Context, list []*pending) {
	var disabled []disabledNow
	var err error
	if allSucceeded(list) {
		// Nothing to read back: no count can reach the threshold and no
		// health changes, so the batch is sent as one write set.
		err = e.store.Apply(ctx, successWrites(list))
	} else {
		err = e.store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			disabled, err = e.writeBatch(ctx, tx, list)
			return err
		})
	}
	if err == nil {
		e.announce(disabled) // first: no request may start once the disable is committed
		for _, p := range list {
			p.done <- nil
		}
		return
	}
	for _, p := range list {
		_, err := e.record(ctx, p.r, p.at)
		p.done <- err
	}
}

// allSucceeded reports whether every attempt of a batch succeeded.
func allSucceeded(list []*pending) bool {
	for _, p := range list {
		if !p.at.success() {
			return false
		}
	}
	return true
}

// successWrites is what writeBatch writes for a batch of successes: the
// log rows and their hours, the failure counts of the integrations back to
// zero, and the JSON each fetched (the last one per customer and
// integration).
func successWrites(list []*pending) *store.WriteSet {
	w := &store.WriteSet{}
	w.InsertDeliveryLogs(logRows(list))
	reset := map[int64]bool{}
	for _, p := range list {
		if id := p.r.integration.ID; p.r.countResult && !reset[id] {
			reset[id] = true
			w.ResetIntegrationFailures(id)
		}
	}
	for _, ci := range lastFetched(list) {
		w.PutCustomerIntegration(ci)
	}
	return w
}

// logRows are the events-log rows of a batch.
func logRows(list []*pending) []store.DeliveryLog {
	rows := make([]store.DeliveryLog, len(list))
	for i, p := range list {
		rows[i] = p.row
	}
	return rows
}

type disabledNow struct {
	id       int64
	name     string
	failures int
	lastErr  string
}

func (e *Engine) writeBatch(ctx context.Context, tx *store.Tx, list []*pending) ([]disabledNow, error) {
	if err := tx.InsertDeliveryLogs(ctx, logRows(list)); err != nil {
		return nil, err
	}
	disabled, err := e.countResults(ctx, tx, list)
	if err != nil {
		return nil, err
	}
	if err := e.noteRisk(ctx, tx, list, disabled); err != nil {
		return nil, err
	}
	return disabled, e.storeFetched(ctx, tx, list)
}

// countResults applies each integration's results in order: the count after
// the batch is the failures since its last success, or the old count plus
// the batch's failures when it held no success.
func (e *Engine) countResults(ctx context.Context, tx *store.Tx, list []*pending) ([]disabledNow, error) {
	type run struct {
		reset    bool
		failures int
		last     *pending
	}
	runs := map[int64]*run{}
	var order []int64
	for _, p := range list {
		// A throttle is the receiver asking for time, not a failure: it
		// neither counts nor resets. Running out of retries (gave-up) does.
		if !p.r.countResult || p.at.outcome == OutcomeThrottled {
			continue
		}
		id := p.r.integration.ID
		r, ok := runs[id]
		if !ok {
			r = &run{}
			runs[id] = r
			order = append(order, id)
		}
		if p.at.success() {
			r.reset, r.failures = true, 0
		} else {
			r.failures++
		}
		r.last = p
	}
	var out []disabledNow
	for _, id := range order {
		r := runs[id]
		n, enabled, err := tx.AddIntegrationResults(ctx, id, r.reset, r.failures)
		if err != nil {
			return nil, err
		}
		if r.failures == 0 || !enabled || n < e.cfg.DisableAfter {
			continue
		}
		if err := e.disable(ctx, tx, id, r.last.r.integration.Name, n); err != nil {
			return nil, err
		}
		out = append(out, disabledNow{id: id, name: r.last.r.integration.Name, failures: n, lastErr: r.last.at.err})
	}
	return out, nil
}

// storeFetched stores the JSON each success fetched.
func (e *Engine) storeFetched(ctx context.Context, tx *store.Tx, list []*pending) error {
	for _, ci := range lastFetched(list) {
		if err := tx.PutCustomerIntegration(ctx, ci); err != nil {
			return err
		}
	}
	return nil
}

// lastFetched is the JSON a batch's successes fetched to store; when it
// holds several for one customer and integration, the last one wins, as it
// would one by one.
func lastFetched(list []*pending) []store.CustomerIntegration {
	type key struct{ customer, integration int64 }
	last := map[key]*pending{}
	var order []key
	for _, p := range list {
		if p.r.customerID == 0 || p.at.data == nil {
			continue
		}
		k := key{p.r.customerID, p.r.integration.ID}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = p
	}
	out := make([]store.CustomerIntegration, 0, len(order))
	for _, k := range order {
		p := last[k]
		out = append(out, store.CustomerIntegration{CustomerID: k.customer, IntegrationID: k.integration,
			Data: p.at.data, FetchedAt: p.row.CreatedAt})
	}
	return out
}

// disable turns an integration off at the threshold and tells the admins.
func (e *Engine) disable(ctx context.Context, tx *store.Tx, id int64, name string, failures int) error {
	reason := fmt.Sprintf("disabled after %d failed requests in a row", failures)
	if _, err := tx.SetIntegrationEnabled(ctx, id, false, reason, e.now()); err != nil {
		return err
	}
	_, err := tx.CreateNotification(ctx, store.Notification{Kind: KindDisabled, IntegrationID: &id,
		Message:   fmt.Sprintf("%q was %s; events that arrive while it is disabled are logged as skipped and can be replayed", name, reason),
		CreatedAt: e.now()})
	return err
}

// announce halts the integrations a commit disabled and logs them.
func (e *Engine) announce(list []disabledNow) {
	for _, d := range list {
		e.halt(d.id)
		e.log.Warn("delivery: integration disabled after consecutive failures; fix the cause and enable it again",
			"integration_id", d.id, "integration", d.name, "failures", d.failures, "last_error", d.lastErr)
	}
}
