package tmpl

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// ticketJSON is a ticket snapshot as the REST API gives it, with the
// characters that break naive escaping in the customer's name.
const ticketJSON = `{
  "id": 42,
  "subject": "Refund for order #1001",
  "status": "open",
  "channel": "email",
  "customer": {
    "id": 7,
    "email": "a+b&c@x.io",
    "name": "Jo \"the boss\" O'Brien \\ line\nnext\u2028end",
    "firstname": "Jo",
    "lastname": "",
    "phone": null,
    "data": {"vip": true, "score": 9.5},
    "integrations": {"12": {"plan": "gold", "__integration_type__": "http", "orders": [{"id": 1001, "total": 30}, {"id": 1002, "total": 12.5}]}}
  },
  "assignee_user": {"id": 3, "email": "agent@example.com", "name": "Ann Agent"},
  "assignee_team": null,
  "tags": [{"name": "vip"}, {"name": "refund"}],
  "created_datetime": "2024-03-05T14:07:09Z",
  "messages": [
    {"id": 100, "body_text": "first message", "body_html": "<p>first</p>", "from_agent": false,
     "sender": {"id": 7, "email": "a+b&c@x.io", "name": "Jo"}, "created_datetime": "2024-03-05T14:07:09Z"},
    {"id": 101, "body_text": "second message", "body_html": "<p>second</p>", "from_agent": true,
     "sender": {"id": 3, "email": "agent@example.com", "name": "Ann Agent"}, "created_datetime": "2024-03-06T09:30:00Z"}
  ]
}`

func decode(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	return m
}

func testContext(t testing.TB) map[string]any {
	t.Helper()
	return BuildContext(ContextInput{
		Ticket:      decode(t, ticketJSON),
		Message:     decode(t, `{"id": 101, "body_text": "second message", "from_agent": true}`),
		CurrentUser: decode(t, `{"id": 3, "email": "agent@example.com", "name": "Ann Agent"}`),
	})
}

func mustParse(t testing.TB, src string) *Template {
	t.Helper()
	tpl, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return tpl
}

func render(t testing.TB, src string, ctx map[string]any, place Place) Result {
	t.Helper()
	res, err := mustParse(t, src).Render(ctx, place)
	if err != nil {
		t.Fatalf("Render(%q, %s): %v", src, place, err)
	}
	return res
}

// jsonEqual compares two values as JSON would see them, so that int64 and
// float64 forms of one number are equal.
func jsonEqual(t testing.TB, a, b any) bool {
	t.Helper()
	return canonical(t, a) == canonical(t, b)
}

func canonical(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	b, _ = json.Marshal(back)
	return string(b)
}

// testTimeout is the time budget of the package's tests: generous, so that
// parallel tests on a busy machine never meet the time limit by chance. The
// tests of the time limit give their own.
const testTimeout = time.Minute

func TestMain(m *testing.M) {
	SetTimeout(testTimeout)
	os.Exit(m.Run())
}
