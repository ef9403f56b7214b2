package store

import (
	"context"
	"fmt"
)

// QueueStates are the job states the metrics report: work waiting or in
// progress. Finished jobs (completed, cancelled, discarded) are left out;
// they are most of the table and say nothing about a backlog.
var QueueStates = []string{"available", "running", "retryable", "scheduled"}

// CountJobsByState counts the queue's jobs in each of QueueStates, every
// state present in the answer (0 when none). River indexes jobs by state
// first, so this reads the index, not the table.
func (q Q) CountJobsByState(ctx context.Context) (map[string]int64, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT state, count(*) FROM river_job
		WHERE state IN ('available', 'running', 'retryable', 'scheduled') GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("store: count jobs by state: %w", err)
	}
	defer rows.Close()
	out := make(map[string]int64, len(QueueStates))
	for _, s := range QueueStates {
		out[s] = 0
	}
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("store: count jobs by state: %w", err)
		}
		out[state] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count jobs by state: %w", err)
	}
	return out, nil
}

// CountDisabledIntegrations counts the integrations that are turned off,
// by an admin or after their consecutive failures.
func (q Q) CountDisabledIntegrations(ctx context.Context) (int64, error) {
	var n int64
	if err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM integrations WHERE NOT enabled`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count disabled integrations: %w", err)
	}
	return n, nil
}
