package store_test

import (
	"context"
	"errors"
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

func TestDeliveryPoints(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		now := store.Now()
		for i, at := range []time.Time{now.Add(-30 * time.Hour), now.Add(-2 * time.Hour), now.Add(-time.Minute)} {
			if _, err := s.InsertDeliveryLog(ctx, store.DeliveryLog{IntegrationID: it.ID, DeliveryID: "d", EventKind: "test", Attempt: 1,
				Outcome: "success", Request: []byte(`{"body": "large"}`), DurationMS: int64(10 * (i + 1)), CreatedAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		points, err := s.DeliveryPoints(ctx, it.ID, now.Add(-24*time.Hour), 10)
		if err != nil || len(points) != 2 || points[0].DurationMS != 30 || points[1].DurationMS != 20 || points[0].Outcome != "success" {
			t.Fatalf("points = %+v, %v", points, err)
		}
		if points, _ := s.DeliveryPoints(ctx, it.ID, now.Add(-24*time.Hour), 1); len(points) != 1 || points[0].DurationMS != 30 {
			t.Fatalf("limited points = %+v; want the newest", points)
		}
	})
}
