package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// The delivery promise, made short so that the tests never wait for the
// product's 10 s retries: three retries as in production, milliseconds apart.
var (
	testTimeout  = 2 * time.Second
	testSchedule = []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond}
)

// env is a running ticketwire (HTTP API and job workers) on one backend.
type env struct {
	t     *testing.T
	url   string
	admin string // the first admin's API token
	srv   *server.Server
	cfg   config.Config
	logs  *logBuffer
}

// each runs fn against a fresh server on every backend; tune adjusts the
// configuration before the server opens.
func each(t *testing.T, tune func(*config.Config), fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, start(t, b, tune))
		})
	}
}

func start(t *testing.T, b storetest.Backend, tune func(*config.Config)) *env {
	t.Helper()
	return startClock(t, b, tune, nil)
}

// startClock starts a server whose helpdesk and delivery engine read the
// time from now (time.Now when nil).
func startClock(t *testing.T, b storetest.Backend, tune func(*config.Config), now func() time.Time) *env {
	t.Helper()
	var admin string
	var cfg config.Config
	logs := &logBuffer{}
	s := servertest.Start(t, b, servertest.Options{Log: logs, Now: now, Tune: func(c *config.Config) {
		// Receivers listen on 127.0.0.1; every other loopback address
		// (127.0.0.2 say) stays refused, as private networks are by default.
		servertest.AllowLoopback(c)
		c.RequestTimeout = testTimeout
		c.RetrySchedule = testSchedule
		c.DisableAfter = 100
		if tune != nil {
			tune(c)
		}
	}, BeforeOpen: func(c config.Config) { cfg, admin = c, seedAdmin(t, c) }})
	return &env{t: t, url: s.URL, admin: admin, srv: s.Server, cfg: cfg, logs: logs}
}

// seedAdmin creates an admin without a password, and an API token for it,
// before the server opens, so the server does not create its first admin:
// hashing that one's password costs a second under the race detector, and
// these tests only use API tokens.
func seedAdmin(t *testing.T, cfg config.Config) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := auth.New(st)
	if _, err := a.CreateUser(ctx, auth.NewUser{Email: "admin@example.com", Name: "Admin", Role: auth.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	token, err := a.CreateToken(ctx, "admin@example.com", "tests")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// logBuffer collects the server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// eventually polls cond until it holds, failing the test after a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventuallyWithin(t, 20*time.Second, what, cond)
}

// eventuallyWithin is eventually with its own deadline, for waits whose work
// grows with the test's size (hundreds of deliveries under the race detector).
func eventuallyWithin(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// call sends an API request and decodes a 2xx answer into out (when not nil).
func (e *env) call(token, method, path string, body any, out any) (int, string) {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
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
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return res.StatusCode, string(raw)
}

// want fails unless the admin's call answered status.
func (e *env) want(status int, method, path string, body any, out any) string {
	e.t.Helper()
	got, raw := e.call(e.admin, method, path, body, out)
	if got != status {
		e.t.Fatalf("%s %s = %d %s, want %d", method, path, got, raw, status)
	}
	return raw
}

// wantError checks an error answer's status, code and field.
func (e *env) wantError(status int, code, field, method, path string, body any) string {
	e.t.Helper()
	raw := e.want(status, method, path, body, nil)
	var b struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal([]byte(raw), &b); err != nil || b.Error.Code != code || b.Error.Field != field || b.Error.Message == "" {
		e.t.Fatalf("%s %s error = %s, want code %q field %q", method, path, raw, code, field)
	}
	return b.Error.Message
}

// integrationJSON is an integration as the API returns it.
type integrationJSON struct {
	ID                  int64          `json:"id"`
	Name                string         `json:"name"`
	HTTP                map[string]any `json:"http"`
	Enabled             bool           `json:"enabled"`
	DeactivatedDatetime *time.Time     `json:"deactivated_datetime"`
	DeactivationReason  *string        `json:"deactivation_reason"`
	ConsecutiveFailures int            `json:"consecutive_failures"`
}

// createIntegration creates an enabled integration with the given "http" part.
func (e *env) createIntegration(name string, h map[string]any) integrationJSON {
	e.t.Helper()
	var it integrationJSON
	e.want(201, "POST", "/api/integrations", map[string]any{"name": name, "http": h}, &it)
	if it.ID == 0 || !it.Enabled {
		e.t.Fatalf("created integration = %+v", it)
	}
	return it
}

func (e *env) integration(id int64) integrationJSON {
	e.t.Helper()
	var it integrationJSON
	e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", id), nil, &it)
	return it
}

// logRow is an events-log row as the API returns it.
type logRow struct {
	ID            int64   `json:"id"`
	IntegrationID int64   `json:"integration_id"`
	DeliveryID    string  `json:"delivery_id"`
	EventID       *int64  `json:"event_id"`
	EventKind     string  `json:"event_kind"`
	TicketID      *int64  `json:"ticket_id"`
	Attempt       int     `json:"attempt"`
	Outcome       string  `json:"outcome"`
	Request       reqLog  `json:"request"`
	Response      *resLog `json:"response"`
	ErrorClass    string  `json:"error_class"`
	Error         string  `json:"error"`
	DurationMS    int64   `json:"duration_ms"`
	Created       string  `json:"created_datetime"`
	ReplayOf      *int64  `json:"replay_of"`
}

type reqLog struct {
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"body_truncated"`
}

type resLog struct {
	Status        int               `json:"status"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"body_truncated"`
	BodySize      int               `json:"body_size"`
}

type listJSON[T any] struct {
	Data []T `json:"data"`
	Meta struct {
		NextCursor *string `json:"next_cursor"`
	} `json:"meta"`
}

// eventsLog returns an integration's events log, newest first, and its raw JSON.
func (e *env) eventsLog(id int64) ([]logRow, string) {
	e.t.Helper()
	var l listJSON[logRow]
	raw := e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events?limit=100", id), nil, &l)
	return l.Data, raw
}

// waitLog waits until the integration's events log holds n rows and returns
// them newest first.
func (e *env) waitLog(id int64, n int) []logRow {
	e.t.Helper()
	var rows []logRow
	eventually(e.t, fmt.Sprintf("%d events-log rows of integration %d", n, id), func() bool {
		rows, _ = e.eventsLog(id)
		return len(rows) >= n
	})
	if len(rows) != n {
		e.t.Fatalf("integration %d has %d events-log rows, want %d: %+v", id, len(rows), n, rows)
	}
	return rows
}

// waitJobs waits until no delivery job is waiting, running or retrying, so
// that "nothing more was sent" can be asserted without sleeping.
func (e *env) waitJobs() {
	e.t.Helper()
	e.waitJobsWithin(20 * time.Second)
}

// waitJobsWithin is waitJobs with its own deadline.
func (e *env) waitJobsWithin(d time.Duration) {
	e.t.Helper()
	eventuallyWithin(e.t, d, "delivery jobs to finish", func() bool {
		var n int
		err := e.srv.Store.DB.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'http_delivery'
			AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&n)
		if err != nil {
			e.t.Fatal(err)
		}
		return n == 0
	})
}

// lastJobID is the id of the newest River job, 0 for none.
func (e *env) lastJobID() int64 {
	e.t.Helper()
	var id *int64
	if err := e.srv.Store.DB.QueryRow(`SELECT max(id) FROM river_job`).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	if id == nil {
		return 0
	}
	return *id
}

// deliveryJobsAfter counts the delivery jobs inserted after job id, per integration.
func (e *env) deliveryJobsAfter(after int64) map[int64]int {
	e.t.Helper()
	// River keeps args as JSONB on both databases; SQLite's is binary.
	args := "args::text"
	if e.srv.Store.Dialect == store.SQLite {
		args = "json(args)"
	}
	rows, err := e.srv.Store.DB.Query(`SELECT `+args+` FROM river_job WHERE kind = 'http_delivery' AND id > $1`, after)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			e.t.Fatal(err)
		}
		var a struct {
			IntegrationID int64 `json:"integration_id"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			e.t.Fatalf("job args %s: %v", raw, err)
		}
		out[a.IntegrationID]++
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// ticketJSON is the part of a ticket the tests read.
type ticketJSON struct {
	ID       int64  `json:"id"`
	Status   string `json:"status"`
	Customer struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	} `json:"customer"`
	Messages []struct {
		ID int64 `json:"id"`
	} `json:"messages"`
}

// createTicket opens a ticket for a customer with the given messages.
func (e *env) createTicket(email, name string, messages ...string) ticketJSON {
	e.t.Helper()
	if len(messages) == 0 {
		messages = []string{"Hello"}
	}
	var msgs []map[string]any
	for _, m := range messages {
		msgs = append(msgs, map[string]any{"body_text": m})
	}
	var tk ticketJSON
	e.want(201, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": email, "name": name},
		"subject": "Where is my order?", "messages": msgs}, &tk)
	return tk
}

// hit is one request a receiver got.
type hit struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// receiver is a real HTTP endpoint on 127.0.0.1 that records every request
// and answers it with reply (n counts requests from 1).
type receiver struct {
	*httptest.Server
	quit chan struct{}

	mu    sync.Mutex
	hits  []hit
	reply func(n int, w http.ResponseWriter, r *http.Request)
}

func newReceiver(t *testing.T, reply func(n int, w http.ResponseWriter, r *http.Request)) *receiver {
	t.Helper()
	rc := &receiver{quit: make(chan struct{}), reply: reply}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(func() {
		close(rc.quit)
		rc.Close()
	})
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.hits = append(rc.hits, hit{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	n := len(rc.hits)
	reply := rc.reply
	rc.mu.Unlock()
	if reply == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	reply(n, w, r)
}

// setReply changes how the receiver answers from now on.
func (rc *receiver) setReply(reply func(n int, w http.ResponseWriter, r *http.Request)) {
	rc.mu.Lock()
	rc.reply = reply
	rc.mu.Unlock()
}

// hang answers nothing until the client gives up (or the test ends).
func (rc *receiver) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-rc.quit:
	}
}

func (rc *receiver) Hits() []hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hit(nil), rc.hits...)
}

// waitHits waits until the receiver got n requests.
func (rc *receiver) waitHits(t *testing.T, n int) []hit {
	t.Helper()
	eventually(t, fmt.Sprintf("%d requests at the receiver", n), func() bool { return len(rc.Hits()) >= n })
	return rc.Hits()
}

// status answers every request with code and body.
func status(code int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		if strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
