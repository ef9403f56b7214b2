package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestGroupTxEachSucceedsOrFailsAlone: many transactions at once share
// commits, yet each one's error undoes only its own writes, and only those
// that committed run their AfterCommit.
func TestGroupTxEachSucceedsOrFailsAlone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 40
		boom := errors.New("boom")
		var after atomic.Int64
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				errs[i] = s.InGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
					if _, err := tx.CreateCustomer(ctx, store.Customer{Email: fmt.Sprintf("c%d@example.com", i)}); err != nil {
						return err
					}
					tx.AfterCommit(func() { after.Add(1) })
					if i%3 == 0 {
						return boom
					}
					return nil
				})
			})
		}
		wg.Wait()
		failed := 0
		for i, err := range errs {
			_, gerr := s.GetCustomerByEmail(ctx, fmt.Sprintf("c%d@example.com", i))
			if i%3 == 0 {
				failed++
				if !errors.Is(err, boom) || !errors.Is(gerr, store.ErrNotFound) {
					t.Errorf("member %d: err %v, customer lookup %v; want boom and no customer", i, err, gerr)
				}
				continue
			}
			if err != nil || gerr != nil {
				t.Errorf("member %d: err %v, customer lookup %v; want it committed", i, err, gerr)
			}
		}
		if got := after.Load(); got != int64(n-failed) {
			t.Errorf("AfterCommit ran %d times, want %d (the committed ones)", got, n-failed)
		}
	})
}

// TestGroupTxConflictStaysWithItsMember: a unique violation inside one
// member (two members creating the same customer) fails that member only.
func TestGroupTxConflictStaysWithItsMember(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				errs[i] = s.InGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
					if _, err := tx.CreateCustomer(ctx, store.Customer{Email: fmt.Sprintf("own%d@example.com", i)}); err != nil {
						return err
					}
					_, err := tx.CreateCustomer(ctx, store.Customer{Email: "same@example.com"})
					return err
				})
			})
		}
		wg.Wait()
		ok := 0
		for i, err := range errs {
			_, gerr := s.GetCustomerByEmail(ctx, fmt.Sprintf("own%d@example.com", i))
			switch {
			case err == nil && gerr == nil:
				ok++
			case errors.Is(err, store.ErrConflict) && errors.Is(gerr, store.ErrNotFound):
			default:
				t.Errorf("member %d: err %v, own customer %v; want success or a conflict that left nothing", i, err, gerr)
			}
		}
		if ok != 1 {
			t.Errorf("%d members created the shared customer, want 1", ok)
		}
	})
}
