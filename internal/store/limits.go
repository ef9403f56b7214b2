package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"
)

// Delivery limits shared by the processes of one PostgreSQL database. Every
// call is one statement on its own (never inside a transaction, never around
// an HTTP request), and times are the database's clock, so the processes'
// clocks need not agree. SQLite has no such tables: one process serves it,
// and it keeps its limits in memory.

// errSharedLimits is what the calls answer on SQLite.
var errSharedLimits = errors.New("store: shared delivery limits are kept on PostgreSQL only")

// takeRateToken refills the bucket for the time since its last take (never
// going back in time, whichever transaction began first), caps it at the
// burst, and takes one token when at least one is there. A new bucket starts
// full. The row is locked by the upsert, so two processes never take the
// same token.
const takeRateToken = `INSERT INTO delivery_rate AS b (integration_id, tokens, granted, updated_datetime)
	VALUES ($1, $3::float8 - 1, true, now())
	ON CONFLICT (integration_id) DO UPDATE SET
		granted = least($3::float8, b.tokens + $2::float8 * greatest(0, extract(epoch FROM now() - b.updated_datetime)::float8)) >= 1,
		tokens = least($3::float8, b.tokens + $2::float8 * greatest(0, extract(epoch FROM now() - b.updated_datetime)::float8)) -
			CASE WHEN least($3::float8, b.tokens + $2::float8 * greatest(0, extract(epoch FROM now() - b.updated_datetime)::float8)) >= 1
			THEN 1 ELSE 0 END,
		updated_datetime = greatest(b.updated_datetime, now())
	RETURNING granted, tokens`

// TakeRateToken takes one request's token from an integration's shared
// bucket of burst tokens refilled at perSecond. When none is there it takes
// nothing and says how long until the next one is due.
func (q Q) TakeRateToken(ctx context.Context, integrationID int64, perSecond float64, burst int) (ok bool, wait time.Duration, err error) {
	if q.dialect != Postgres {
		return false, 0, errSharedLimits
	}
	var tokens float64
	if err := q.db.QueryRowContext(ctx, takeRateToken, integrationID, perSecond, burst).Scan(&ok, &tokens); err != nil {
		return false, 0, wrap(err, "take a rate token of integration %d", integrationID)
	}
	if ok {
		return true, 0, nil
	}
	secs := (1 - tokens) / perSecond
	return false, time.Duration(math.Ceil(secs * float64(time.Second))), nil
}

// GiveBackRateToken returns a token taken for a request that did not go
// out. The bucket stays capped at burst: a token returned to a full bucket
// is lost, never one too many.
func (q Q) GiveBackRateToken(ctx context.Context, integrationID int64, burst int) error {
	if q.dialect != Postgres {
		return errSharedLimits
	}
	_, err := q.db.ExecContext(ctx, `UPDATE delivery_rate SET tokens = least($2::float8, tokens + 1) WHERE integration_id = $1`,
		integrationID, burst)
	return wrap(err, "give back a rate token of integration %d", integrationID)
}

// acquireLease takes a random free slot of 0 … max-1 (a slot without a
// row, or whose lease expired). Two processes that pick the same free slot
// at once meet on its primary key: the second sees the first's fresh lease
// and gets nothing, so a slot never has two holders.
const acquireLease = `INSERT INTO delivery_leases AS l (integration_id, slot, holder, expires_datetime)
	SELECT $1, s, $3, now() + $4::bigint * interval '1 microsecond'
	FROM generate_series(0, $2::int - 1) AS s
	WHERE NOT EXISTS (SELECT 1 FROM delivery_leases f WHERE f.integration_id = $1 AND f.slot = s AND f.expires_datetime > now())
	ORDER BY random() LIMIT 1
	ON CONFLICT (integration_id, slot) DO UPDATE SET holder = excluded.holder, expires_datetime = excluded.expires_datetime
		WHERE l.expires_datetime <= now()
	RETURNING slot`

// AcquireDeliveryLease takes one of an integration's slots 0 … slots-1
// for holder until ttl from now. ok is false when all are held by
// unexpired leases (or another process took the free one first).
func (q Q) AcquireDeliveryLease(ctx context.Context, integrationID int64, slots int, holder string, ttl time.Duration) (slot int, ok bool, err error) {
	if q.dialect != Postgres {
		return 0, false, errSharedLimits
	}
	err = q.db.QueryRowContext(ctx, acquireLease, integrationID, slots, holder, ttl.Microseconds()).Scan(&slot)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, wrap(err, "acquire a delivery slot of integration %d", integrationID)
	}
	return slot, true, nil
}

// ReleaseDeliveryLease frees a slot holder took. A lease that expired and
// went to another holder meanwhile is left alone.
func (q Q) ReleaseDeliveryLease(ctx context.Context, integrationID int64, slot int, holder string) error {
	if q.dialect != Postgres {
		return errSharedLimits
	}
	_, err := q.db.ExecContext(ctx, `DELETE FROM delivery_leases WHERE integration_id = $1 AND slot = $2 AND holder = $3`,
		integrationID, slot, holder)
	return wrap(err, "release a delivery slot of integration %d", integrationID)
}
