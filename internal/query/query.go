// Package query holds the words every layer uses to ask for data: one page
// of a list, the filters of each list, and the errors a lookup can end
// in. It imports nothing of ticketwire, so the store, the domain packages
// and the web layers can all share it without the web layers importing the
// store.
package query

import (
	"errors"
	"math"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a row would break a unique rule (an email
// already in use, a name already taken).
var ErrConflict = errors.New("already exists")

// ConflictError says which write broke a unique rule. errors.Is(err,
// ErrConflict) holds for it, and Op names the write for a message such as
// "already exists: create user", with no need to parse text.
type ConflictError struct {
	Op string // what the store was doing, as the store words it
}

func (e *ConflictError) Error() string { return "store: " + e.Op + ": " + ErrConflict.Error() }

// Is makes a ConflictError an ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ErrUnavailable is in the chain of an error that came from the database
// being out of reach or out of space (connection refused or cut, disk full,
// I/O error): the request was fine and may succeed if tried again later, so
// the web layers answer 503 with Retry-After rather than 500.
var ErrUnavailable = errors.New("database unavailable")

// Page asks for one page of a list, newest first: rows with an id below
// BeforeID (0 means from the newest), at most Limit of them.
type Page struct {
	BeforeID int64
	Limit    int
}

// Before is the exclusive upper id bound of the page.
func (p Page) Before() int64 {
	if p.BeforeID <= 0 {
		return math.MaxInt64
	}
	return p.BeforeID
}

// Size bounds a page to 1..100 rows; 30 when unset, as the API promises.
func (p Page) Size() int {
	switch {
	case p.Limit <= 0:
		return 30
	case p.Limit > 100:
		return 100
	}
	return p.Limit
}

// TicketFilter narrows the ticket list.
type TicketFilter struct {
	Status     string // "open", "closed" or "" for all
	CustomerID int64  // 0 for all
	Page
}

// EventFilter narrows the event list.
type EventFilter struct {
	TicketID int64  // 0 for all
	Kind     string // "" for all
	Page
}

// DeliveryLogFilter narrows an integration's events log.
type DeliveryLogFilter struct {
	IntegrationID int64
	Outcome       string // "" for all
	Page
}

// HookLogFilter narrows the macro hooks log.
type HookLogFilter struct {
	TicketID int64
	MacroID  int64
	Page
}

// MacroFilter narrows the macro list.
type MacroFilter struct {
	Name string // a part of the name, any case; "" for all
	Page
}
