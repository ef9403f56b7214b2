package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// The conformance suite: every test here runs on SQLite and, when
// TICKETWIRE_TEST_DATABASE_URL is set, on PostgreSQL.

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version = %d, %v; want >= 1", v, err)
		}
		var n int
		if err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM river_job`).Scan(&n); err != nil {
			t.Fatalf("river tables missing: %v", err)
		}
	})
}

func TestUsersAndTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, err := s.CreateUser(ctx, store.User{Email: "ann@example.com", Name: "Ann", Role: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateUser(ctx, store.User{Email: "ann@example.com", Role: "agent"})
		var conflict *query.ConflictError
		if !errors.Is(err, store.ErrConflict) || !errors.As(err, &conflict) || conflict.Op == "" {
			t.Fatalf("duplicate email: err = %v, want a ConflictError naming the write", err)
		}
		if _, err := s.CreateToken(ctx, store.Token{UserID: u.ID, Hash: "h1"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByTokenHash(ctx, "h1")
		if err != nil || got.ID != u.ID || got.Role != "admin" {
			t.Fatalf("UserByTokenHash = %+v, %v", got, err)
		}
		if _, err := s.UserByTokenHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown token: err = %v, want ErrNotFound", err)
		}
		if err := s.TouchToken(ctx, "h1", time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetUser(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing user: err = %v", err)
		}
	})
}

func TestTicketRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, err := s.CreateCustomer(ctx, store.Customer{Email: "c@example.com", Name: "C", Data: []byte(`{"b":1,"a":2}`)})
		if err != nil {
			t.Fatal(err)
		}
		if string(c.Data) != `{"b":1,"a":2}` {
			t.Fatalf("customer data = %s; key order must be kept", c.Data)
		}
		now := store.Now()
		snooze := now.Add(time.Hour)
		var created store.Ticket
		err = s.InTx(ctx, func(tx *store.Tx) error {
			created, err = tx.CreateTicket(ctx, store.Ticket{CustomerID: c.ID, Subject: "Hi", Status: "open", Channel: "email",
				SnoozeAt: &snooze, CreatedAt: now, UpdatedAt: now, OpenedAt: &now, Tags: []string{"vip", "billing"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetTicket(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(now) || got.SnoozeAt == nil || !got.SnoozeAt.Equal(snooze) || got.ClosedAt != nil {
			t.Fatalf("times did not round-trip: %+v (want created %v, snooze %v)", got, now, snooze)
		}
		if len(got.Tags) != 2 || got.Tags[0] != "billing" {
			t.Fatalf("tags = %v", got.Tags)
		}
		due, err := s.DueSnoozedTickets(ctx, now.Add(59*time.Minute), 10)
		if err != nil || len(due) != 0 {
			t.Fatalf("due before snooze time = %v, %v", due, err)
		}
		due, err = s.DueSnoozedTickets(ctx, now.Add(time.Hour), 10)
		if err != nil || len(due) != 1 || due[0] != created.ID {
			t.Fatalf("due at snooze time = %v, %v", due, err)
		}
	})
}

func TestRollbackLeavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateCustomer(ctx, store.Customer{Email: "x@example.com"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if _, err := s.GetCustomerByEmail(ctx, "x@example.com"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("customer survived rollback: %v", err)
		}
	})
}

// TestAfterCommitRunsOnlyOnCommit: what a transaction asks to run after its
// commit runs once it committed, in order, and not at all when it rolls back.
func TestAfterCommitRunsOnlyOnCommit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ran []string
		err := s.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "first") })
			tx.AfterCommit(func() { ran = append(ran, "second") })
			if len(ran) != 0 {
				t.Error("AfterCommit ran before the commit")
			}
			return nil
		})
		if err != nil || len(ran) != 2 || ran[0] != "first" || ran[1] != "second" {
			t.Fatalf("after a commit: ran %v, err %v; want first, second", ran, err)
		}
		ran = nil
		_ = s.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "rolled back") })
			return errors.New("boom")
		})
		if len(ran) != 0 {
			t.Fatalf("after a rollback: ran %v, want nothing", ran)
		}
	})
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, e := range []string{"a@x.io", "b@x.io", "c@x.io"} {
			if _, err := s.CreateCustomer(ctx, store.Customer{Email: e}); err != nil {
				t.Fatal(err)
			}
		}
		first, err := s.ListCustomers(ctx, store.Page{Limit: 2})
		if err != nil || len(first) != 2 || first[0].Email != "c@x.io" {
			t.Fatalf("first page = %+v, %v", first, err)
		}
		rest, err := s.ListCustomers(ctx, store.Page{BeforeID: first[1].ID, Limit: 2})
		if err != nil || len(rest) != 1 || rest[0].Email != "a@x.io" {
			t.Fatalf("second page = %+v, %v", rest, err)
		}
	})
}

func TestDeliveryHours(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		hour := store.Now().Truncate(time.Hour)
		row := func(at time.Time, outcome string, ms int64) store.DeliveryLog {
			return store.DeliveryLog{IntegrationID: it.ID, DeliveryID: "d", EventKind: "test", Attempt: 1, Outcome: outcome,
				Request: []byte(`{"body": "large"}`), DurationMS: ms, CreatedAt: at}
		}
		// One row alone, then batches that add to the same hours.
		if _, err := s.InsertDeliveryLog(ctx, row(hour.Add(-30*time.Hour+time.Minute), "success", 10)); err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertDeliveryLogs(ctx, []store.DeliveryLog{row(hour.Add(time.Second), "success", 40), row(hour.Add(2*time.Second), "success", 60),
				row(hour.Add(3*time.Second), "failed", 7000), row(hour.Add(-time.Minute), "success", 300)})
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InsertDeliveryLog(ctx, row(hour.Add(59*time.Minute+time.Second/2), "success", 1000)); err != nil {
			t.Fatal(err)
		}
		got, err := s.DeliveryHours(ctx, []int64{it.ID}, hour.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := []store.DeliveryHour{
			{IntegrationID: it.ID, Hour: hour.Add(-time.Hour), Outcome: "success", Count: 1, DurationMSSum: 300, Buckets: [8]int64{0, 0, 0, 1, 0, 0, 0, 0}},
			{IntegrationID: it.ID, Hour: hour, Outcome: "failed", Count: 1, DurationMSSum: 7000, Buckets: [8]int64{0, 0, 0, 0, 0, 0, 0, 1}},
			{IntegrationID: it.ID, Hour: hour, Outcome: "success", Count: 3, DurationMSSum: 1100, Buckets: [8]int64{1, 1, 0, 0, 0, 1, 0, 0}},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("hours =\n%v\nwant\n%v", got, want)
		}
		// Counting the log again (as the migration does) gives the same rows,
		// under the same keys: a later row adds to them.
		if err := s.RebuildDeliveryHours(ctx); err != nil {
			t.Fatal(err)
		}
		if again, err := s.DeliveryHours(ctx, []int64{it.ID}, hour.Add(-24*time.Hour)); err != nil || fmt.Sprint(again) != fmt.Sprint(want) {
			t.Fatalf("rebuilt hours =\n%v, %v\nwant\n%v", again, err, want)
		}
		if _, err := s.InsertDeliveryLog(ctx, row(hour.Add(time.Minute), "failed", 5)); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.DeliveryHours(ctx, []int64{it.ID}, hour); len(again) != 2 || again[0].Count != 2 || again[0].Buckets[0] != 1 {
			t.Fatalf("after a rebuild a new row made %v; want it added to the rebuilt hour", again)
		}
		// The retention cut removes whole hours before the cutoff.
		if n, err := s.DeleteDeliveryHoursBefore(ctx, hour.Add(-time.Hour), 10); err != nil || n != 1 {
			t.Fatalf("trimmed %d old hours, %v; want 1", n, err)
		}
		if all, _ := s.DeliveryHours(ctx, []int64{it.ID}, time.Time{}); len(all) != 3 {
			t.Fatalf("after the trim %d hours are left, want 3", len(all))
		}

		last, err := s.LatestDeliveryWith(ctx, it.ID, []string{"failed", "retrying"})
		if err != nil || last.DurationMS != 5 {
			t.Fatalf("latest failure = %+v, %v; want the 5 ms one", last, err)
		}
		if _, err := s.LatestDeliveryWith(ctx, it.ID, []string{"blocked"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("latest of an outcome never seen: %v, want ErrNotFound", err)
		}

		if first, err := s.MarkAtRisk(ctx, it.ID, hour); err != nil || !first {
			t.Fatalf("first mark = %v, %v", first, err)
		}
		if again, err := s.MarkAtRisk(ctx, it.ID, hour.Add(time.Minute)); err != nil || again {
			t.Fatalf("second mark = %v, %v; want false", again, err)
		}
		if marks, err := s.ListAtRisk(ctx, 5); err != nil || len(marks) != 1 || marks[0].Name != "x" || !marks[0].Since.Equal(hour) {
			t.Fatalf("marks = %+v, %v", marks, err)
		}
		if err := s.ClearAtRisk(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		if marks, _ := s.ListAtRisk(ctx, 5); len(marks) != 0 {
			t.Fatalf("marks after clearing = %+v", marks)
		}
	})
}
