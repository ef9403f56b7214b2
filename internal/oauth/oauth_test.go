package oauth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/oauth"
)

const clientSecret = "s3cr3t-Value"

// clock is a time source the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// tokenServer is a client-credentials endpoint that hands out tok-1, tok-2, …
type tokenServer struct {
	*httptest.Server
	requests  atomic.Int64
	expiresIn int           // 0 leaves expires_in out
	delay     time.Duration // lets concurrent callers pile up

	mu       sync.Mutex
	lastForm map[string][]string
}

func newTokenServer(t *testing.T, expiresIn int) *tokenServer {
	t.Helper()
	ts := &tokenServer{expiresIn: expiresIn}
	ts.Server = httptest.NewServer(http.HandlerFunc(ts.serve))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	n := ts.requests.Add(1)
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ts.mu.Lock()
	ts.lastForm = r.PostForm
	ts.mu.Unlock()
	if id, secret, ok := r.BasicAuth(); !ok || id != "client-1" || secret != clientSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"invalid_client"}`)
		return
	}
	time.Sleep(ts.delay)
	resp := map[string]any{"access_token": fmt.Sprintf("tok-%d", n), "token_type": "Bearer"}
	if ts.expiresIn > 0 {
		resp["expires_in"] = ts.expiresIn
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

func (ts *tokenServer) config() oauth.Config {
	return oauth.Config{
		TokenURL:     ts.URL + "/token",
		ClientID:     "client-1",
		ClientSecret: clientSecret,
		Scopes:       []string{"orders:read", "customers:read"},
	}
}

func mustToken(t *testing.T, c *oauth.Cache, key string, cfg oauth.Config) string {
	t.Helper()
	tok, err := c.Token(t.Context(), key, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenRequest(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	c := oauth.NewCache(ts.Client(), nil)

	if tok := mustToken(t, c, "12", ts.config()); tok != "tok-1" {
		t.Errorf("token = %q, want tok-1", tok)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if got := ts.lastForm["grant_type"]; len(got) != 1 || got[0] != "client_credentials" {
		t.Errorf("grant_type = %v", got)
	}
	if got := ts.lastForm["scope"]; len(got) != 1 || got[0] != "orders:read customers:read" {
		t.Errorf("scope = %v", got)
	}
}

func TestTokenIsCached(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	c := oauth.NewCache(ts.Client(), nil)

	for range 3 {
		if tok := mustToken(t, c, "12", ts.config()); tok != "tok-1" {
			t.Fatalf("token = %q, want the cached tok-1", tok)
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
}

func TestTokenRefresh(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		expiresIn  int
		stillValid time.Duration // the cached token is returned at this age
		refreshed  time.Duration // a new token is fetched at this age
	}{
		{name: "refreshed 60s before expiry", expiresIn: 3600, stillValid: 3530 * time.Second, refreshed: 3541 * time.Second},
		{name: "no expiry cached for an hour", expiresIn: 0, stillValid: 59 * time.Minute, refreshed: 61 * time.Minute},
		{name: "short-lived refreshed at half life", expiresIn: 30, stillValid: 14 * time.Second, refreshed: 16 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTokenServer(t, tt.expiresIn)
			clk := newClock()
			c := oauth.NewCache(ts.Client(), clk.Now)

			mustToken(t, c, "12", ts.config())
			clk.Advance(tt.stillValid)
			if tok := mustToken(t, c, "12", ts.config()); tok != "tok-1" {
				t.Errorf("at %s: token = %q, want the cached tok-1", tt.stillValid, tok)
			}
			clk.Advance(tt.refreshed - tt.stillValid)
			if tok := mustToken(t, c, "12", ts.config()); tok != "tok-2" {
				t.Errorf("at %s: token = %q, want a new tok-2", tt.refreshed, tok)
			}
		})
	}
}

func TestInvalidateForcesRefetch(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	c := oauth.NewCache(ts.Client(), nil)

	mustToken(t, c, "12", ts.config())
	c.Invalidate("12")
	if tok := mustToken(t, c, "12", ts.config()); tok != "tok-2" {
		t.Errorf("after Invalidate: token = %q, want tok-2", tok)
	}
}

func TestTokenPerKeyAndConfig(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	c := oauth.NewCache(ts.Client(), nil)

	mustToken(t, c, "12", ts.config())
	if tok := mustToken(t, c, "13", ts.config()); tok != "tok-2" {
		t.Errorf("another integration: token = %q, want its own tok-2", tok)
	}
	changed := ts.config()
	changed.Scopes = []string{"orders:write"}
	if tok := mustToken(t, c, "12", changed); tok != "tok-3" {
		t.Errorf("changed scopes: token = %q, want a new tok-3", tok)
	}
}

func TestConcurrentCallersFetchOnce(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	ts.delay = 50 * time.Millisecond
	c := oauth.NewCache(ts.Client(), nil)

	var wg sync.WaitGroup
	tokens := make([]string, 20)
	errs := make([]error, len(tokens))
	for i := range tokens {
		wg.Go(func() { tokens[i], errs[i] = c.Token(t.Context(), "12", ts.config()) })
	}
	wg.Wait()
	for i := range tokens {
		if errs[i] != nil || tokens[i] != "tok-1" {
			t.Errorf("caller %d: %q, %v; want tok-1", i, tokens[i], errs[i])
		}
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
}

func TestWaitingCallerHonoursContext(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	ts.delay = 200 * time.Millisecond
	c := oauth.NewCache(ts.Client(), nil)

	go c.Token(t.Context(), "12", ts.config()) // holds the key while fetching
	for ts.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Token(ctx, "12", ts.config()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 150*time.Millisecond {
		t.Errorf("waited %s for another caller's request", d)
	}
}
