package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// A WriteSet is writes that apply all together or not at all and read
// nothing back, sent in one go: on PostgreSQL as one pipeline (one round
// trip, which the server runs as one implicit transaction), on SQLite in
// one transaction. Recording a batch of successful deliveries is one: with
// begin, each statement and commit a round trip of their own, a delivery
// cost PostgreSQL seven.
type WriteSet struct {
	stmts []writeStmt
}

type writeStmt struct {
	sql  string
	args []any
	what string // for the error: "log 3 deliveries"
}

func (w *WriteSet) add(s writeStmt) { w.stmts = append(w.stmts, s) }

// InsertDeliveryLogs adds what Q.InsertDeliveryLogs writes: the rows and
// their hourly counts.
func (w *WriteSet) InsertDeliveryLogs(rows []DeliveryLog) {
	for _, s := range deliveryLogStatements(rows) {
		w.add(s)
	}
}

// ResetIntegrationFailures adds setting an enabled integration's
// consecutive-failure count to zero after a success. It writes nothing
// when the count already is (most of the time), and a disabled
// integration keeps its count, as Q.AddIntegrationResults does.
func (w *WriteSet) ResetIntegrationFailures(id int64) {
	w.add(writeStmt{sql: `UPDATE integrations SET consecutive_failures = 0
		WHERE id = $1 AND enabled AND consecutive_failures <> 0`, args: []any{id}, what: "reset the failure count of an integration"})
}

// PutCustomerIntegration adds what Q.PutCustomerIntegration writes.
func (w *WriteSet) PutCustomerIntegration(ci CustomerIntegration) { w.add(putCustomerIntegration(ci)) }

// Apply runs the set's writes, all or none; an error names the statement
// that failed.
func (s *Store) Apply(ctx context.Context, w *WriteSet) error {
	if len(w.stmts) == 0 {
		return nil
	}
	err := markUnavailable(s.applyWrites(ctx, w))
	s.health.note(err)
	return err
}

func (s *Store) applyWrites(ctx context.Context, w *WriteSet) error {
	if s.pgPool == nil {
		return s.inTx(ctx, func(tx *Tx) error { return tx.exec(ctx, w.stmts) })
	}
	b := &pgx.Batch{}
	for _, st := range w.stmts {
		b.Queue(st.sql, st.args...)
	}
	res := s.pgPool.SendBatch(ctx, b)
	for _, st := range w.stmts {
		if _, err := res.Exec(); err != nil {
			_ = res.Close()
			return wrap(err, "%s", st.what)
		}
	}
	return wrap(res.Close(), "write %d statements", len(w.stmts))
}

// exec runs statements one after the other on q.
func (q Q) exec(ctx context.Context, stmts []writeStmt) error {
	for _, st := range stmts {
		if _, err := q.db.ExecContext(ctx, st.sql, st.args...); err != nil {
			return wrap(err, "%s", st.what)
		}
	}
	return nil
}
