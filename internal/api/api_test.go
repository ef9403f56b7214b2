package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// env is a running ticketwire (HTTP and job workers) on one backend.
type env struct {
	t     *testing.T
	url   string
	admin string // admin's API token
	srv   *server.Server
	clock *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// each runs fn against a fresh server on every backend.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, start(t, b))
		})
	}
}

func start(t *testing.T, b storetest.Backend) *env {
	t.Helper()
	c := &clock{t: time.Now().UTC()}
	s := servertest.Start(t, b, servertest.Options{Now: c.Now, SnoozeInterval: 100 * time.Millisecond})
	if !s.FirstAdmin.Created || s.FirstAdmin.Token == "" {
		t.Fatal("no first admin on an empty database")
	}
	return &env{t: t, url: s.URL, admin: s.FirstAdmin.Token, srv: s.Server, clock: c}
}

// call sends a request and decodes the JSON answer into out (when not nil);
// it returns the status and the raw body. Every call is checked against
// the OpenAPI document.
func (e *env) call(token, method, path string, body any, out any) (int, string) {
	e.t.Helper()
	var sent []byte
	switch b := body.(type) {
	case nil:
	case string:
		sent = []byte(b)
	default:
		sent, _ = json.Marshal(b)
	}
	req, _ := http.NewRequest(method, e.url+path, bytes.NewReader(sent))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	checkExchange(e.t, req, sent, res, raw)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return res.StatusCode, string(raw)
}

// want fails unless the call answered status.
func (e *env) want(status int, token, method, path string, body any, out any) string {
	e.t.Helper()
	got, raw := e.call(token, method, path, body, out)
	if got != status {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, got, raw, status)
	}
	return raw
}

// wantError checks an error answer's status, code and field.
func (e *env) wantError(status int, code, field, token, method, path string, body any) {
	e.t.Helper()
	raw := e.want(status, token, method, path, body, nil)
	var b struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal([]byte(raw), &b); err != nil || b.Error.Code != code || b.Error.Field != field || b.Error.Message == "" {
		e.t.Fatalf("%s %s error = %s, want code %q field %q", method, path, raw, code, field)
	}
}

type ticket struct {
	ID       int64  `json:"id"`
	Subject  string `json:"subject"`
	Status   string `json:"status"`
	Customer struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	} `json:"customer"`
	AssigneeUser *struct {
		ID int64 `json:"id"`
	} `json:"assignee_user"`
	Tags           []struct{ Name string } `json:"tags"`
	SnoozeDatetime *time.Time              `json:"snooze_datetime"`
	Messages       []struct {
		ID       int64  `json:"id"`
		BodyText string `json:"body_text"`
		Sender   struct {
			Email string `json:"email"`
		} `json:"sender"`
	} `json:"messages"`
}

type list[T any] struct {
	Data []T `json:"data"`
	Meta struct {
		NextCursor *string `json:"next_cursor"`
	} `json:"meta"`
}

func newTicket(email, subject string) map[string]any {
	return map[string]any{"customer": map[string]any{"email": email, "name": "Jo"}, "subject": subject,
		"messages": []map[string]any{{"body_text": "Hello"}}}
}
