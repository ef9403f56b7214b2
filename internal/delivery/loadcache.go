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
// process is seen at once (Forget), one made through another process within
// that time. Events never change, so they are cached until evicted.
const (
	integrationTTL = 2 * time.Second
	maxCachedItems = 4096
)

type loadCache struct {
	mu           sync.Mutex
	integrations map[int64]cachedIntegration
	// forgets counts Forget calls: a load that a Forget overtook (read
	// before the change committed, stored after) must not be cached.
	forgets uint64
	events  map[int64]store.Event
	vars    map[int64]map[string]any // an event's decoded template context
	// halted holds integrations this process disabled, with when: from
	// the commit on, no delivery of theirs may start, even one holding a
	// copy loaded (enabled) before. An entry goes when the integration
	// changes here (Forget) or a load from the database that began after
	// it finds the integration enabled again (enabled by another process).
	halted map[int64]time.Time
}

type cachedIntegration struct {
	it      integration.Integration
	expires time.Time
}

func (e *Engine) loadIntegration(ctx context.Context, id int64) (integration.Integration, error) {
	now := time.Now()
	e.cache.mu.Lock()
	c, ok := e.cache.integrations[id]
	forgets := e.cache.forgets
	e.cache.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.it, nil
	}
	it, err := e.integrations.Load(ctx, e.store.Q, id)
	if err != nil {
		return it, err
	}
	e.cache.mu.Lock()
	if at, ok := e.cache.halted[id]; ok && it.Enabled && at.Before(now) {
		delete(e.cache.halted, id)
	}
	if e.cache.forgets != forgets {
		e.cache.mu.Unlock()
		return it, nil
	}
	if e.cache.integrations == nil || len(e.cache.integrations) >= maxCachedItems {
		e.cache.integrations = map[int64]cachedIntegration{}
	}
	e.cache.integrations[id] = cachedIntegration{it: it, expires: now.Add(integrationTTL)}
	e.cache.mu.Unlock()
	return it, nil
}

// Forget drops a cached integration after it was changed, enabled or disabled.
func (e *Engine) Forget(id int64) {
	e.cache.mu.Lock()
	delete(e.cache.integrations, id)
	delete(e.cache.halted, id)
	e.cache.forgets++
	e.cache.mu.Unlock()
}

// halt stops every delivery of an integration this process just disabled
// (called once the disable is committed).
func (e *Engine) halt(id int64) {
	e.cache.mu.Lock()
	delete(e.cache.integrations, id)
	e.cache.forgets++
	if e.cache.halted == nil {
		e.cache.halted = map[int64]time.Time{}
	}
	e.cache.halted[id] = time.Now()
	e.cache.mu.Unlock()
}

// halted reports whether this process disabled the integration of it after
// it was loaded: it.Enabled is stale, and nothing may be sent.
func (e *Engine) halted(it integration.Integration) bool {
	if !it.Enabled {
		return false
	}
	e.cache.mu.Lock()
	_, ok := e.cache.halted[it.ID]
	e.cache.mu.Unlock()
	return ok
}

func (e *Engine) loadEvent(ctx context.Context, id int64) (store.Event, error) {
	e.cache.mu.Lock()
	ev, ok := e.cache.events[id]
	e.cache.mu.Unlock()
	if ok {
		return ev, nil
	}
	ev, err := e.store.GetEvent(ctx, id)
	if err != nil {
		return ev, err
	}
	e.cache.mu.Lock()
	if e.cache.events == nil || len(e.cache.events) >= maxCachedItems {
		e.cache.events = map[int64]store.Event{}
	}
	e.cache.events[id] = ev
	e.cache.mu.Unlock()
	return ev, nil
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
