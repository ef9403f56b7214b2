package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// textLeaf is one key or string value of a JSON document, by path.
type textLeaf struct {
	path  string
	isKey bool
	key   string // for a key: its text
}

// textLeaves lists every string value and object key of v.
func textLeaves(v any, path string, out *[]textLeaf) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch x := v.(type) {
	case string:
		*out = append(*out, textLeaf{path: path})
	case []any:
		for i, e := range x {
			textLeaves(e, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case map[string]any:
		for k, e := range x {
			*out = append(*out, textLeaf{path: join(k), isKey: true, key: k})
			textLeaves(e, join(k), out)
		}
	}
}

// marker stands in for the bad bytes until the body is encoded, because
// encoding/json would replace invalid UTF-8.
const marker = "@@bad@@"

// spoil returns a copy of v with marker appended to the leaf at path.
func spoil(v any, path string, leaf textLeaf) any {
	switch x := v.(type) {
	case string:
		if path == leaf.path && !leaf.isKey {
			return x + marker
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = spoil(e, fmt.Sprintf("%s[%d]", path, i), leaf)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if leaf.isKey && p == leaf.path {
				k += marker
			}
			out[k] = spoil(e, p, leaf)
		}
		return out
	}
	return v
}

// apiState is what the API shows of everything, to prove a refused call
// changed nothing.
func apiState(e *env, f fixtures) string {
	var b strings.Builder
	for _, p := range []string{"/api/customers", "/api/customers/%[1]d", "/api/tickets", "/api/tickets/%[2]d", "/api/events",
		"/api/users", "/api/teams", "/api/integrations", "/api/integrations/%[4]d/events", "/api/widgets", "/api/macros", "/api/hooks"} {
		b.WriteString(e.want(200, e.admin, "GET", f.fill(p), nil, nil))
	}
	return b.String()
}

// TestTextFieldsRefuseNULAndInvalidUTF8 spoils every key and string value
// of a valid body of every endpoint that takes one, with a NUL and with a
// byte that is not UTF-8: each is a 422 naming that field, the same on both
// databases, and nothing changes. The unspoiled bodies are then accepted.
func TestTextFieldsRefuseNULAndInvalidUTF8(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, http.StatusOK)
		call := func(method, path, body string) (int, string) { return e.call(e.admin, method, path, body, nil) }
		f, err := makeFixtures(call, rc.url)
		if err != nil {
			t.Fatal(err)
		}
		cases := bodyCases(f, rc.url)
		before := apiState(e, f)
		spoiled := 0
		for _, c := range cases {
			dec := json.NewDecoder(strings.NewReader(c.body))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s %s: fixture body: %v", c.method, c.path, err)
			}
			var leaves []textLeaf
			textLeaves(v, "", &leaves)
			spoiled += len(leaves)
			for _, leaf := range leaves {
				raw, _ := json.Marshal(spoil(v, "", leaf))
				for bad, field := range map[string]string{`\u0000`: leaf.path + `\u0000`, "\xff": leaf.path + "\uFFFD"} {
					body := string(bytes.ReplaceAll(raw, []byte(marker), []byte(bad)))
					if !leaf.isKey {
						field = leaf.path
					}
					e.wantError(422, "validation_failed", field, e.admin, c.method, c.path, body)
				}
			}
		}
		t.Logf("%d endpoints, %d keys and string values spoiled twice each", len(cases), spoiled)
		if after := apiState(e, f); after != before {
			t.Fatalf("refused calls changed what the API shows:\nbefore %s\nafter  %s", before, after)
		}
		for _, c := range cases {
			if status, raw := call(c.method, c.path, c.body); status >= 300 && !(c.refusedAnyway() && status == 422) {
				t.Errorf("%s %s with its unspoiled body = %d %s; the fixture should be accepted", c.method, c.path, status, raw)
			}
		}
	})
}

// TestQueryParametersRefuseNUL: a search term reaches the database too.
func TestQueryParametersRefuseNUL(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		e.wantError(422, "validation_failed", "q", e.admin, "GET", "/api/macros?q=a%00b", nil)
		e.wantError(422, "validation_failed", "email", e.admin, "GET", "/api/customers?email=%ff", nil)
	})
}
