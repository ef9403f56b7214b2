package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// The failure count of a disabled integration stays what it was at the
// disable, so that it matches the reason; a deleted one is ErrNotFound.
func TestFailureCountStopsAtTheDisable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		add := func(reset bool, failures, wantCount int, wantEnabled bool) {
			t.Helper()
			n, enabled, err := s.AddIntegrationResults(ctx, it.ID, reset, failures)
			if err != nil || n != wantCount || enabled != wantEnabled {
				t.Fatalf("AddIntegrationResults(%v, %d) = %d, %v, %v; want %d, %v", reset, failures, n, enabled, err, wantCount, wantEnabled)
			}
		}
		add(false, 3, 3, true)
		add(true, 1, 1, true)
		add(false, 19, 20, true)
		if _, err := s.SetIntegrationEnabled(ctx, it.ID, false, "disabled after 20 failed requests in a row", time.Now()); err != nil {
			t.Fatal(err)
		}
		add(false, 32, 20, false)
		add(true, 0, 20, false)
		if _, err := s.SetIntegrationEnabled(ctx, it.ID, true, "", time.Now()); err != nil {
			t.Fatal(err)
		}
		add(false, 2, 2, true)
		if err := s.DeleteIntegration(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddIntegrationResults(ctx, it.ID, false, 1); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a deleted integration's results: %v, want ErrNotFound", err)
		}
	})
}
