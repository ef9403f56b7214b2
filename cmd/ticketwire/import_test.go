package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestImportBesideARunningServer runs `ticketwire import gorgias` on the
// sample export while `ticketwire serve` runs on the same database, and
// reads the result through the server's API.
func TestImportBesideARunningServer(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			env, _ := serveEnv(t, b.Options(t))
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)
			if _, err := runCLI(t, env, "user", "create", "--email", "ann.lead@acme.example.com", "--name", "Ann Lead", "--role", "agent"); err != nil {
				t.Fatal(err)
			}
			const dir = "../../testdata/gorgias/"
			args := []string{"import", "gorgias", "--integrations", dir + "integrations.json", "--widgets", dir + "widgets.json", "--macros", dir + "macros.json"}

			out, err := runCLI(t, env, append(args, "--dry-run")...)
			if err != nil || !strings.Contains(out, "integrations: 3 to create") || !strings.Contains(out, "dry run: nothing was changed") {
				t.Fatalf("dry run: %v\n%s", err, out)
			}
			if n := count(t, p.url, token, "/api/integrations"); n != 0 {
				t.Fatalf("the dry run created %d integrations", n)
			}

			out, err = runCLI(t, env, args...)
			if err != nil || !strings.Contains(out, "integrations: 3 created") || !strings.Contains(out, "macros: 2 created") {
				t.Fatalf("import: %v\n%s", err, out)
			}
			var ins struct {
				Data []struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
					HTTP struct {
						URL string `json:"url"`
					} `json:"http"`
				} `json:"data"`
			}
			api(t, p.url, token, "GET", "/api/integrations", nil, &ins)
			ids := map[string]int64{}
			for _, in := range ins.Data {
				ids[in.Name] = in.ID
			}
			for _, in := range ins.Data {
				if in.Name == "Loyalty points" && !strings.Contains(in.HTTP.URL, fmt.Sprintf("integrations[%d]", ids["Back office"])) {
					t.Fatalf("URL not rewritten: %s", in.HTTP.URL)
				}
			}
			var ws struct {
				Data []struct {
					IntegrationID int64 `json:"integration_id"`
				} `json:"data"`
			}
			api(t, p.url, token, "GET", "/api/widgets", nil, &ws)
			if len(ws.Data) != 2 || ws.Data[0].IntegrationID != ids["Back office"] || ws.Data[1].IntegrationID != ids["Loyalty points"] {
				t.Fatalf("widgets = %+v, integrations %v", ws.Data, ids)
			}

			out, err = runCLI(t, env, args...)
			if err != nil || !strings.Contains(out, "integrations: 0 created, 3 already imported") {
				t.Fatalf("second import: %v\n%s", err, out)
			}
			if n := count(t, p.url, token, "/api/macros"); n != 2 {
				t.Fatalf("%d macros after a second import, want 2", n)
			}
			p.stop(t)
		})
	}
}

func count(t *testing.T, base, token, path string) int {
	t.Helper()
	var l struct {
		Data []any `json:"data"`
	}
	if s := api(t, base, token, "GET", path, nil, &l); s != 200 {
		t.Fatalf("GET %s = %d", path, s)
	}
	return len(l.Data)
}
