// Package helpdesk owns customers, tickets, messages, teams, tags and snooze.
// Every change writes its domain events in the same database transaction as
// the change itself, and hands them to an Enqueuer in that transaction too, so
// an event is never lost and never delivered for a change that rolled back.
package helpdesk

import (
	"context"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// Enqueuer receives the events of a change inside the change's transaction;
// the delivery engine implements it by inserting its jobs with tx.
type Enqueuer interface {
	Enqueue(ctx context.Context, tx *store.Tx, events []store.Event) error
}

// Actor is who makes a change: a signed-in user, or nobody for changes the
// system makes by itself (a snooze running out).
type Actor struct {
	UserID int64
}

func (a Actor) userID() *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// Service is the helpdesk's domain API.
type Service struct {
	store    *store.Store
	enqueuer Enqueuer
	now      func() time.Time
}

// Option changes a Service at construction.
type Option func(*Service)

// WithClock replaces time.Now, for tests of snooze expiry and for a server
// whose services share one clock.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// New returns the helpdesk service over st, handing the events of every
// change to enqueuer inside the change's transaction (nil: to nobody).
func New(st *store.Store, enqueuer Enqueuer, opts ...Option) *Service {
	s := &Service{store: st, enqueuer: enqueuer, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

func (s *Service) clock() time.Time { return store.T(s.now()) }
