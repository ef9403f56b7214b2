// Package oauth fetches and caches OAuth2 client-credentials access tokens
// for integrations. Tokens are fetched through the caller's HTTP client,
// which is the netguard client in production, because token URLs are typed
// in by admins just like integration URLs.
package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	// refreshMargin is how long before expiry a token is replaced, so that a
	// request started with it does not reach the API just after it expired.
	refreshMargin = 60 * time.Second
	// noExpiryTTL bounds how long a token without expires_in is reused, so a
	// token revoked on the server side without a 401 is eventually replaced.
	noExpiryTTL = time.Hour
)

// Config is an integration's OAuth2 client-credentials settings.
type Config struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// Cache holds one access token per integration. It is safe for concurrent
// use; concurrent callers for the same key share one token request.
type Cache struct {
	client *http.Client
	now    func() time.Time

	mu    sync.Mutex
	slots map[string]*slot
}

// slot is one integration's token. lock is a one-element semaphore rather
// than a sync.Mutex so that a caller whose context ends stops waiting for
// another caller's token request.
type slot struct {
	lock      chan struct{}
	fp        [sha256.Size]byte
	conf      *clientcredentials.Config // reused: it remembers the detected auth style
	token     string
	refreshAt time.Time
}

// NewCache returns a Cache that requests tokens with httpClient (it must be
// the guarded client; nil panics rather than silently using the default
// client) and reads the time from now (nil means time.Now), which tests
// replace to move past expiry without waiting.
func NewCache(httpClient *http.Client, now func() time.Time) *Cache {
	if httpClient == nil {
		panic("oauth: NewCache needs an HTTP client")
	}
	if now == nil {
		now = time.Now
	}
	return &Cache{client: httpClient, now: now, slots: make(map[string]*slot)}
}

// Token returns an access token for key (an integration id). The token is
// reused until refreshMargin before it expires, or until cfg changes, so
// editing an integration's OAuth2 settings takes effect on the next request.
func (c *Cache) Token(ctx context.Context, key string, cfg Config) (string, error) {
	s := c.slot(key)
	select {
	case s.lock <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("oauth2 token for %s: %w", key, context.Cause(ctx))
	}
	defer func() { <-s.lock }()

	fp := fingerprint(cfg)
	if s.fp == fp && s.token != "" && c.now().Before(s.refreshAt) {
		return s.token, nil
	}
	if s.fp != fp || s.conf == nil {
		s.fp, s.conf, s.token = fp, newConf(cfg), ""
	}
	token, reuseFor, err := c.fetch(ctx, cfg, s.conf)
	if err != nil {
		return "", err
	}
	s.token, s.refreshAt = token, c.now().Add(reuseFor)
	return token, nil
}

// Invalidate forgets key's token, so the next Token call fetches a new one.
// Callers use it when an API answers 401 with a cached token.
func (c *Cache) Invalidate(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.slots, key)
}

func (c *Cache) slot(key string) *slot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.slots[key]
	if !ok {
		s = &slot{lock: make(chan struct{}, 1)}
		c.slots[key] = s
	}
	return s
}

// fetch requests a new token and returns it with how long to reuse it.
func (c *Cache) fetch(ctx context.Context, cfg Config, conf *clientcredentials.Config) (string, time.Duration, error) {
	rec := &errRecorder{base: c.client.Transport}
	hc := *c.client // same transport and pool; only the errors are recorded
	hc.Transport = rec
	tok, err := conf.Token(context.WithValue(ctx, oauth2.HTTPClient, &hc))
	if err != nil {
		return "", 0, newTokenError(cfg, err, rec.last)
	}
	if tok.Expiry.IsZero() {
		return tok.AccessToken, noExpiryTTL, nil
	}
	// Expiry was computed by x/oauth2 from the real clock, so turn it into a
	// lifetime to apply to the injected clock.
	lifetime := time.Until(tok.Expiry)
	return tok.AccessToken, lifetime - margin(lifetime), nil
}

// margin is refreshMargin, or half the lifetime for tokens that live less
// than two margins, so short-lived tokens are still reused a little.
func margin(lifetime time.Duration) time.Duration {
	return min(refreshMargin, lifetime/2)
}

func newConf(cfg Config) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		TokenURL:     cfg.TokenURL,
		Scopes:       append([]string(nil), cfg.Scopes...),
	}
}

// fingerprint identifies a Config; each field is length-prefixed so that
// moving characters between fields changes it.
func fingerprint(cfg Config) [sha256.Size]byte {
	h := sha256.New()
	for _, f := range append([]string{cfg.TokenURL, cfg.ClientID, cfg.ClientSecret}, cfg.Scopes...) {
		binary.Write(h, binary.BigEndian, uint64(len(f)))
		h.Write([]byte(f))
	}
	var fp [sha256.Size]byte
	h.Sum(fp[:0])
	return fp
}

// errRecorder keeps the transport error of the last round trip (x/oauth2 may
// try twice to detect the auth style), because x/oauth2 flattens it into
// text and callers need errors.Is to see, for example, a refused address.
// One token request runs its round trips one after another, so no lock.
type errRecorder struct {
	base http.RoundTripper
	last error
}

func (r *errRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	base := r.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	r.last = err
	return resp, err
}
