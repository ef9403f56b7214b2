package store

import (
	"context"
	"fmt"
	"time"
)

// Group commit of small write transactions on SQLite. SQLite has one
// writer, and each commit writes every page the transaction dirtied to the
// WAL: for a new ticket (customer, ticket, message, event, jobs and their
// indexes) the commit and its BEGIN were a third of the transaction. When
// several such transactions wait for the writer, InGroupTx runs them one
// after another inside one transaction, each within a savepoint, so that
// pages they share are written once and the connection changes hands once.
// Each still succeeds or fails alone: an error rolls back to its savepoint
// and the others go on; if the shared transaction itself fails, each is run
// again in a transaction of its own.

// maxGroup bounds the transactions that share one commit.
const maxGroup = 32

type groupMember struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *Tx) error
	done chan error
	tx   *Tx // its view of the shared transaction, with its own AfterCommit list
}

// InGroupTx runs fn in a transaction like InTx, sharing the commit with
// other InGroupTx calls waiting meanwhile (SQLite; on PostgreSQL it is
// InTx). fn must use only tx and the ctx it is given, which is the caller's
// without its cancellation (a cancelled statement would roll back the
// others' work too): the caller's ctx bounds only its wait to start. fn may
// run a second time, in a transaction of its own, if the shared one failed;
// it must not keep state from a run that failed.
func (s *Store) InGroupTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	if s.Dialect != SQLite {
		return s.InTx(ctx, func(tx *Tx) error { return fn(ctx, tx) })
	}
	m := &groupMember{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.group.Add(m, maxGroup, s.runGroup)
	return <-m.done
}

// groupTimeout bounds one shared transaction.
const groupTimeout = 30 * time.Second

// runGroup runs the members in one transaction and answers each.
func (s *Store) runGroup(list []*groupMember) {
	var live []*groupMember
	for _, m := range list {
		if err := m.ctx.Err(); err != nil {
			m.done <- err
			continue
		}
		live = append(live, m)
	}
	if len(live) == 0 {
		return
	}
	if len(live) == 1 {
		m := live[0]
		m.done <- s.InTx(m.ctx, func(tx *Tx) error { return m.fn(context.WithoutCancel(m.ctx), tx) })
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	results, err := s.sharedTx(ctx, live)
	s.health.note(markUnavailable(err))
	if err != nil {
		// The shared transaction failed as a whole: each on its own, so
		// that one member's trouble cannot fail the others.
		for _, m := range live {
			m.done <- s.InTx(m.ctx, func(tx *Tx) error { return m.fn(context.WithoutCancel(m.ctx), tx) })
		}
		return
	}
	for i, m := range live {
		if results[i] == nil {
			for _, fn := range m.tx.committed {
				fn()
			}
		}
		m.done <- results[i]
	}
}

// sharedTx runs each member within a savepoint of one transaction and
// commits it. results[i] is member i's own error (its work rolled back);
// err is a failure of the transaction itself, which undid everything.
func (s *Store) sharedTx(ctx context.Context, live []*groupMember) (results []error, err error) {
	sqlTx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	results = make([]error, len(live))
	for i, m := range live {
		if _, err := sqlTx.ExecContext(ctx, `SAVEPOINT member`); err != nil {
			_ = sqlTx.Rollback()
			return nil, err
		}
		m.tx = &Tx{Q: Q{db: sqlTx, dialect: s.Dialect}, tx: sqlTx}
		if results[i] = markUnavailable(m.fn(context.WithoutCancel(m.ctx), m.tx)); results[i] != nil {
			if _, err := sqlTx.ExecContext(ctx, `ROLLBACK TO member`); err != nil {
				_ = sqlTx.Rollback()
				return nil, err
			}
		}
		if _, err := sqlTx.ExecContext(ctx, `RELEASE member`); err != nil {
			_ = sqlTx.Rollback()
			return nil, err
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return nil, fmt.Errorf("store: commit: %w", err)
	}
	return results, nil
}
