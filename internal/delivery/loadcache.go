package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Every delivery needs its integration (decrypted) and its event. Under load
// the same few integrations and each event (once per matching integration)
// are read over and over, so both are cached briefly.
//
// An integration is cached for integrationTTL: a change made through this
// process is seen at once (the integration service says when each one last
// changed), one made through another process within that time. Events never change, so they are cached until evicted.
const (
	integrationTTL = 2 * time.Second
	// maxCachedItems bounds each map. A new event's jobs run within
	// milliseconds of its commit, so a thousand recent events are enough;
	// each decoded context is tens of KiB, and 4096 of them were two thirds
	// of the process's memory with a backlog.
	maxCachedItems = 1024
)

type loadCache struct {
	mu           sync.Mutex
	integrations map[int64]cachedIntegration
	// forgets counts halt calls: a load that a halt overtook (read before
	// the disable committed, stored after) must not be cached.
	forgets uint64
	events  map[int64]store.Event
	vars    map[int64]map[string]any // an event's decoded template context
	// halted holds integrations this process disabled, with when: from
	// the commit on, no delivery of theirs may start, even one holding a
	// copy loaded (enabled) before. An entry lapses when the integration
	// changes here (an admin enabled it again) and goes when a load from the
	// database that began after it finds the integration enabled again
	// (enabled by another process).
	halted map[int64]halt
}

// halt is when this process disabled an integration, and the integration
// service's change count then.
type halt struct {
	at      time.Time
	changes uint64
}

type cachedIntegration struct {
	it      integration.Integration
	changes uint64 // the integration service's change count before the load
	expires time.Time
}

// current reports whether something read when the integration service's
// change count was changes still holds for integration id.
func (e *Engine) current(id int64, changes uint64) bool {
	return e.integrations.ChangedAt(id) <= changes
}

func (e *Engine) loadIntegration(ctx context.Context, id int64) (integration.Integration, error) {
	now := e.now()
	changes := e.integrations.Changes()
	e.cache.mu.Lock()
	c, ok := e.cache.integrations[id]
	forgets := e.cache.forgets
	e.cache.mu.Unlock()
	if ok && now.Before(c.expires) && e.current(id, c.changes) {
		return c.it, nil
	}
	it, err := e.integrations.Load(ctx, e.store.Q, id)
	if err != nil {
		return it, err
	}
	e.cache.mu.Lock()
	if h, ok := e.cache.halted[id]; ok && it.Enabled && h.at.Before(now) {
		delete(e.cache.halted, id)
	}
	if e.cache.forgets != forgets {
		e.cache.mu.Unlock()
		return it, nil
	}
	if e.cache.integrations == nil || len(e.cache.integrations) >= maxCachedItems {
		e.cache.integrations = map[int64]cachedIntegration{}
	}
	e.cache.integrations[id] = cachedIntegration{it: it, changes: changes, expires: now.Add(integrationTTL)}
	e.cache.mu.Unlock()
	return it, nil
}

// halt stops every delivery of an integration this process just disabled
// (called once the disable is committed).
func (e *Engine) halt(id int64) {
	e.cache.mu.Lock()
	delete(e.cache.integrations, id)
	e.cache.forgets++
	if e.cache.halted == nil {
		e.cache.halted = map[int64]halt{}
	}
	e.cache.halted[id] = halt{at: e.now(), changes: e.integrations.Changes()}
	e.cache.mu.Unlock()
}

// halted reports whether this process disabled the integration of it after
// it was loaded: it.Enabled is stale, and nothing may be sent.
func (e *Engine) halted(it integration.Integration) bool {
	if !it.Enabled {
		return false
	}
	e.cache.mu.Lock()
	h, ok := e.cache.halted[it.ID]
	e.cache.mu.Unlock()
	return ok && e.current(it.ID, h.changes)
}

func (e *Engine) loadEvent(ctx context.Context, id int64) (store.Event, error) {
	e.cache.mu.Lock()
	ev, ok := e.cache.events[id]
	e.cache.mu.Unlock()
	if ok {
		return ev, nil
	}
	var err error
	if e.store.Dialect == store.Postgres {
		ev, err = e.loadEventGrouped(ctx, id)
	} else {
		ev, err = e.store.GetEvent(ctx, id)
	}
	if err != nil {
		return ev, err
	}
	e.cacheEvents([]store.Event{ev})
	return ev, nil
}

// cacheEvents keeps events as they are stored (those just loaded, or just
// written with their jobs).
func (e *Engine) cacheEvents(list []store.Event) {
	e.cache.mu.Lock()
	defer e.cache.mu.Unlock()
	for _, ev := range list {
		if e.cache.events == nil || len(e.cache.events) >= maxCachedItems {
			e.cache.events = map[int64]store.Event{}
		}
		e.cache.events[ev.ID] = ev
	}
}

// eventVars is an event's template context, decoded once and shared by the
// deliveries of every integration it matched. Rendering never changes it
// (tmpl.Render works on a copy of the top level, and templates cannot
// assign into nested values).
func (e *Engine) eventVars(ev store.Event) (map[string]any, error) {
	e.cache.mu.Lock()
	vars, ok := e.cache.vars[ev.ID]
	e.cache.mu.Unlock()
	if ok {
		return vars, nil
	}
	vars, err := eventContext(eventInput{ticket: ev.Ticket, message: ev.Message, changes: ev.Changes,
		event: eventObject(ev.ID, ev.Kind, ev.UserID, ev.TicketID, ev.CreatedAt), account: e.account})
	if err != nil {
		return nil, err
	}
	e.cache.mu.Lock()
	if e.cache.vars == nil || len(e.cache.vars) >= maxCachedItems {
		e.cache.vars = map[int64]map[string]any{}
	}
	e.cache.vars[ev.ID] = vars
	e.cache.mu.Unlock()
	return vars, nil
}
