package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// SessionCookie names the cookie that carries a browser's session.
const SessionCookie = "tw_session"

// CSRFHeader carries the CSRF token on script calls; forms use the field "csrf_token".
const CSRFHeader = "X-CSRF-Token"

// SessionTTL is how long a browser stays signed in without signing in again.
const SessionTTL = 7 * 24 * time.Hour

// Session is a signed-in browser: its user and the CSRF token every
// state-changing form and script call must carry.
type Session struct {
	User User
	CSRF string
}

// StartSession signs a user in and returns the cookie value (kept only by the
// browser; the database holds its hash) and the session.
func (s *Service) StartSession(ctx context.Context, u User) (string, Session, error) {
	id, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	now := s.now()
	if err := s.store.CreateSession(ctx, store.Session{IDHash: hashToken(id), UserID: u.ID, CSRFToken: csrf,
		CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}); err != nil {
		return "", Session{}, err
	}
	_ = s.store.DeleteExpiredSessions(ctx, now)
	return id, Session{User: u, CSRF: csrf}, nil
}

// LoadSession returns the session of a cookie value.
func (s *Service) LoadSession(ctx context.Context, id string) (Session, error) {
	if id == "" || len(id) > 200 {
		return Session{}, ErrUnauthenticated
	}
	sess, u, err := s.store.SessionUser(ctx, hashToken(id), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return Session{}, ErrUnauthenticated
	}
	if err != nil {
		return Session{}, err
	}
	return Session{User: userOf(u), CSRF: sess.CSRFToken}, nil
}

// EndSession signs a browser out.
func (s *Service) EndSession(ctx context.Context, id string) error {
	return s.store.DeleteSession(ctx, hashToken(id))
}

// CSRFMatches compares a submitted CSRF token with the session's in constant time.
func CSRFMatches(sess Session, submitted string) bool {
	return submitted != "" && subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(submitted)) == 1
}

// NewToken returns a random URL-safe token of 256 bits.
func NewToken() (string, error) { return randomToken() }

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
