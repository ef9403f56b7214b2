package auth

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

const testPassword = "correct horse battery"

// clock is a time the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// eachService runs fn on every backend with a service over a fresh database,
// its clock under the test's control, and one user ann@example.com.
func eachService(t *testing.T, l Limits, fn func(t *testing.T, s *Service, c *clock)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s, c := newService(t, storetest.Open(t, b), l)
			if _, err := s.CreateUser(context.Background(), NewUser{Email: "ann@example.com", Role: RoleAgent, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
			fn(t, s, c)
		})
	}
}

func newService(t *testing.T, st *store.Store, l Limits) (*Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	s := New(st, WithLimits(l))
	s.now = c.now
	return s, c
}

var (
	home  = netip.MustParseAddr("203.0.113.7")
	other = netip.MustParseAddr("198.51.100.9")
)

// throttled returns the wait of a *ThrottledError, failing on any other result.
func throttled(t *testing.T, err error) time.Duration {
	t.Helper()
	var te *ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a ThrottledError", err)
	}
	return te.RetryAfter
}

func wantUnauthenticated(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("got %v, want ErrUnauthenticated", err)
	}
}

func TestSignInThrottlesAnAccount(t *testing.T) {
	t.Parallel()
	eachService(t, Limits{PerAccount: 3, PerAddress: 100, Window: 15 * time.Minute}, func(t *testing.T, s *Service, c *clock) {
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			_, err := s.SignIn(ctx, "ann@example.com", "wrong password", home)
			wantUnauthenticated(t, err)
			c.add(time.Minute)
		}
		// Even the right password is refused, from any address, until the window ends.
		_, err := s.SignIn(ctx, "ANN@example.com ", testPassword, other)
		if wait := throttled(t, err); wait != 12*time.Minute {
			t.Fatalf("retry after %s, want 12m (the window began 3 minutes ago)", wait)
		}
		c.add(12 * time.Minute)
		if _, err := s.SignIn(ctx, "ann@example.com", testPassword, home); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// A success resets the count: two failures, a success, three failures are all checked.
		for _, p := range []string{"x1234567", "x1234567", testPassword, "x1234567", "x1234567", "x1234567"} {
			_, err := s.SignIn(ctx, "ann@example.com", p, home)
			if p == testPassword && err != nil || p != testPassword && !errors.Is(err, ErrUnauthenticated) {
				t.Fatalf("sign in with %q: %v", p, err)
			}
		}
		throttled(t, func() error { _, err := s.SignIn(ctx, "ann@example.com", testPassword, home); return err }())
	})
}

// An address is throttled over all the emails it tries, existing or not; a
// 429 for a made-up email shows that the throttle says nothing about who has
// an account.
func TestSignInThrottlesAnAddress(t *testing.T) {
	t.Parallel()
	eachService(t, Limits{PerAccount: 100, PerAddress: 3, Window: 15 * time.Minute}, func(t *testing.T, s *Service, c *clock) {
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			_, err := s.SignIn(ctx, fmt.Sprintf("nobody%d@example.com", i), "wrong password", home)
			wantUnauthenticated(t, err)
		}
		_, err := s.SignIn(ctx, "ann@example.com", testPassword, home)
		throttled(t, err)
		if _, err := s.SignIn(ctx, "ann@example.com", testPassword, other); err != nil {
			t.Fatalf("another address is refused: %v", err)
		}
		// IPv6 counts per /64.
		for i := 1; i <= 3; i++ {
			_, err := s.SignIn(ctx, "ann@example.com", "wrong password", netip.MustParseAddr(fmt.Sprintf("2001:db8:1:2::%d", i)))
			wantUnauthenticated(t, err)
		}
		_, err = s.SignIn(ctx, "ann@example.com", testPassword, netip.MustParseAddr("2001:db8:1:2:ffff::1"))
		throttled(t, err)
	})
}

// Attempts are counted before the password is checked, so a burst of
// parallel guesses gets no more checks than the limit.
func TestSignInThrottleHoldsUnderParallelGuesses(t *testing.T) {
	t.Parallel()
	eachService(t, Limits{PerAccount: 3, PerAddress: 100, Window: 15 * time.Minute}, func(t *testing.T, s *Service, c *clock) {
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for i := 0; i < 12; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.SignIn(context.Background(), "ann@example.com", "wrong password", home)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		checked := 0
		for err := range errs {
			var te *ThrottledError
			switch {
			case errors.Is(err, ErrUnauthenticated):
				checked++
			case !errors.As(err, &te):
				t.Fatalf("unexpected: %v", err)
			}
		}
		if checked != 3 {
			t.Fatalf("%d of 12 parallel guesses were checked, want 3", checked)
		}
	})
}

// Two processes on one database share the count, as every process of a
// PostgreSQL cluster does.
func TestSignInThrottleIsSharedByProcesses(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			opts := b.Options(t)
			l := Limits{PerAccount: 2, PerAddress: 100, Window: time.Hour}
			var svcs []*Service
			for range 2 {
				st, err := store.Open(ctx, opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				if err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				s, _ := newService(t, st, l)
				svcs = append(svcs, s)
			}
			if _, err := svcs[0].CreateUser(ctx, NewUser{Email: "ann@example.com", Role: RoleAgent, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
			_, err := svcs[0].SignIn(ctx, "ann@example.com", "wrong password", home)
			wantUnauthenticated(t, err)
			_, err = svcs[1].SignIn(ctx, "ann@example.com", "wrong password", other)
			wantUnauthenticated(t, err)
			_, err = svcs[0].SignIn(ctx, "ann@example.com", testPassword, home)
			throttled(t, err)
		})
	}
}
