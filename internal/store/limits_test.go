package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// sharedLimits runs fn on PostgreSQL with a fresh integration; on SQLite it
// checks that the shared limits are refused (one process keeps them in
// memory there).
func sharedLimits(t *testing.T, fn func(t *testing.T, s *store.Store, id int64)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "x", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		if s.Dialect == store.SQLite {
			if _, _, err := s.TakeRateToken(ctx, it.ID, 1, 1); err == nil {
				t.Error("TakeRateToken worked on SQLite, which keeps its limits in memory")
			}
			if _, _, err := s.AcquireDeliveryLease(ctx, it.ID, 1, "p", time.Minute); err == nil {
				t.Error("AcquireDeliveryLease worked on SQLite, which keeps its limits in memory")
			}
			return
		}
		fn(t, s, it.ID)
	})
}

// A bucket starts full, gives out burst tokens, then says how long until
// the next; a token given back can be taken again; racing takers together
// get no more than the bucket holds.
func TestRateTokensAreSharedAndNeverTakenTwice(t *testing.T) {
	t.Parallel()
	sharedLimits(t, func(t *testing.T, s *store.Store, id int64) {
		ctx := context.Background()
		const rate = 0.001 // one token every 1000 s: none comes back during the test
		for i := range 3 {
			if ok, _, err := s.TakeRateToken(ctx, id, rate, 3); !ok || err != nil {
				t.Fatalf("take %d of a burst of 3 = %v, %v", i+1, ok, err)
			}
		}
		ok, wait, err := s.TakeRateToken(ctx, id, rate, 3)
		if ok || err != nil || wait < 900*time.Second || wait > 1000*time.Second {
			t.Fatalf("take past the burst = %v, wait %v, %v; want refused, about 1000 s", ok, wait, err)
		}
		if err := s.GiveBackRateToken(ctx, id, 3); err != nil {
			t.Fatal(err)
		}
		if ok, _, err := s.TakeRateToken(ctx, id, rate, 3); !ok || err != nil {
			t.Fatalf("take of a token given back = %v, %v", ok, err)
		}

		// A second integration's bucket, taken by 20 at once.
		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "y", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		got := 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, _, err := s.TakeRateToken(ctx, it.ID, rate, 5)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					got++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if got != 5 {
			t.Fatalf("20 racing takers got %d tokens from a bucket of 5", got)
		}
	})
}

// Leases: at most slots holders at once, even racing; a released slot is
// free again; an expired lease (its holder died) frees its slot, and the
// dead holder's late release does not free the slot's new holder.
func TestDeliveryLeasesHoldTheSlots(t *testing.T) {
	t.Parallel()
	sharedLimits(t, func(t *testing.T, s *store.Store, id int64) {
		ctx := context.Background()
		a, ok, err := s.AcquireDeliveryLease(ctx, id, 2, "a", time.Minute)
		if !ok || err != nil {
			t.Fatalf("first lease = %v, %v", ok, err)
		}
		b, ok, err := s.AcquireDeliveryLease(ctx, id, 2, "b", time.Minute)
		if !ok || err != nil || b == a {
			t.Fatalf("second lease = slot %d (first %d), %v, %v", b, a, ok, err)
		}
		if _, ok, err := s.AcquireDeliveryLease(ctx, id, 2, "c", time.Minute); ok || err != nil {
			t.Fatalf("third lease of 2 = %v, %v; want refused", ok, err)
		}
		if err := s.ReleaseDeliveryLease(ctx, id, a, "a"); err != nil {
			t.Fatal(err)
		}
		if c, ok, err := s.AcquireDeliveryLease(ctx, id, 2, "c", time.Minute); !ok || err != nil || c != a {
			t.Fatalf("lease after a release = slot %d, %v, %v; want slot %d", c, ok, err, a)
		}

		it, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "y", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		// A holder that died: its lease is already over.
		dead, ok, err := s.AcquireDeliveryLease(ctx, it.ID, 1, "dead", 0)
		if !ok || err != nil {
			t.Fatalf("lease = %v, %v", ok, err)
		}
		if _, ok, err := s.AcquireDeliveryLease(ctx, it.ID, 1, "alive", time.Minute); !ok || err != nil {
			t.Fatalf("lease of an expired slot = %v, %v; want taken", ok, err)
		}
		if err := s.ReleaseDeliveryLease(ctx, it.ID, dead, "dead"); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.AcquireDeliveryLease(ctx, it.ID, 1, "late", time.Minute); ok || err != nil {
			t.Fatalf("lease after the dead holder's release = %v, %v; want refused (the slot is alive's)", ok, err)
		}

		it, err = s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "z", Config: []byte(`{}`), Triggers: []string{"ticket-created"}, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		slots := map[int]int{}
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				slot, ok, err := s.AcquireDeliveryLease(ctx, it.ID, 3, "racer", time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					slots[slot]++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		n := 0
		for slot, k := range slots {
			n += k
			if k > 1 || slot < 0 || slot > 2 {
				t.Errorf("slot %d taken %d times", slot, k)
			}
		}
		if n == 0 || n > 3 {
			t.Fatalf("20 racing holders got %d of 3 slots", n)
		}
	})
}
