package store

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// CompleteJobTx marks a River job completed inside tx, so that a worker's
// results and the job's completion commit together. River's helper is generic
// over the driver type, which is the one place the dialects differ here.
func CompleteJobTx[T river.JobArgs](ctx context.Context, tx *Tx, job *river.Job[T]) (*river.Job[T], error) {
	if tx.dialect == Postgres {
		return river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx.tx, job)
	}
	return river.JobCompleteTx[*riversqlite.Driver](ctx, tx.tx, job)
}
