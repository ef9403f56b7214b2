package store

import "context"

// ForgetQueueLeader removes River's leader lease. Only for a database that
// one process serves (SQLite), at its start: the lease of a predecessor that
// was killed outlives it by up to 15 s, and until it expires no process is
// leader, so no retry that fell due meanwhile is queued and no periodic job
// runs.
func (s *Store) ForgetQueueLeader(ctx context.Context) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM river_leader`)
	return wrap(err, "forget the queue leader")
}

// queueDueRetries is the one statement per dialect that makes due retries
// workable (River keeps its SQLite timestamps as UTC text).
var queueDueRetries = map[Dialect]string{
	Postgres: `UPDATE river_job SET state = 'available' WHERE state = 'retryable' AND scheduled_at <= now()`,
	SQLite:   `UPDATE river_job SET state = 'available' WHERE state = 'retryable' AND scheduled_at <= datetime('now', 'subsec')`,
}

// QueueDueRetries makes the retries that fell due while no process ran
// available at once, as River's scheduler would. River runs its scheduler
// only on the elected leader, every 5 s, and after a crash the dead
// leader's lease keeps any process from being elected for up to 15 s, so a
// restart would otherwise send them up to 20 s late. Moving a due retry to
// available is what any leader does; doing it from another process is
// harmless. It returns how many it queued.
func (s *Store) QueueDueRetries(ctx context.Context) (int64, error) {
	res, err := s.DB.ExecContext(ctx, queueDueRetries[s.Dialect])
	if err != nil {
		return 0, wrap(err, "queue due retries")
	}
	n, err := res.RowsAffected()
	return n, wrap(err, "queue due retries")
}
