package importer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/importer"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// sample reads the export kept in testdata/gorgias.
func sample(t *testing.T) importer.Export {
	t.Helper()
	read := func(name string) []importer.Item {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "gorgias", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		items, err := importer.ReadList(f, name)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	return importer.Export{Integrations: read("integrations.json"), Widgets: read("widgets.json"), Macros: read("macros.json")}
}

type services struct {
	st           *store.Store
	integrations *integration.Service
	widgets      *widget.Service
	macros       *macro.Service
	im           *importer.Importer
}

func newServices(t *testing.T, st *store.Store) services {
	t.Helper()
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	s := services{st: st, integrations: integration.New(st, box), widgets: widget.NewService(st, box), macros: macro.New(st, box, nil, nil)}
	s.im = importer.New(st, s.integrations, s.widgets, s.macros)
	return s
}

// counts is what is in the database.
func (s services) counts(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	ins, err := s.integrations.List(ctx, query.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := s.widgets.List(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.macros.List(ctx, query.MacroFilter{Page: query.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d integrations, %d widgets, %d macros", len(ins), len(ws), len(ms))
}

func (s services) run(t *testing.T, dry bool) (importer.Summary, string) {
	t.Helper()
	var out strings.Builder
	sum, err := s.im.Run(context.Background(), sample(t), dry, &out)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	return sum, out.String()
}

func TestImportSample(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newServices(t, st)
		ann, err := st.CreateUser(ctx, store.User{Email: "ann.lead@acme.example.com", Name: "Ann Lead", Role: "agent"})
		if err != nil {
			t.Fatal(err)
		}

		sum, out := s.run(t, true)
		if got := s.counts(t); got != "0 integrations, 0 widgets, 0 macros" {
			t.Fatalf("a dry run changed the database: %s\n%s", got, out)
		}
		if _, ok, _ := st.ImportedID(ctx, importer.Source, "integration", "101"); ok {
			t.Fatal("a dry run recorded an import")
		}
		wantCounts(t, sum, out, "3/0/2/0 2/0/1/0 2/0/1/0")
		if !strings.Contains(out, "dry run: nothing was changed") && !strings.Contains(sum.String(), "dry run") {
			t.Fatalf("summary does not say it was a dry run:\n%s", sum)
		}

		sum, out = s.run(t, false)
		wantCounts(t, sum, out, "3/0/2/0 2/0/1/0 2/0/1/0")
		if sum.Rewritten != 6 {
			t.Fatalf("rewritten = %d, want 6\n%s", sum.Rewritten, out)
		}
		for _, line := range []string{`integration 7 "acme-store": skipped: its type is shopify`, `integration 8 "support@acme.example.com": skipped`,
			`widget 203 (integration 7): skipped`, `(setPriority) left out`, `macro 303 "Escalate internally": skipped`} {
			if !strings.Contains(out, line) {
				t.Errorf("output lacks %q:\n%s", line, out)
			}
		}
		ids := checkIntegrations(t, s)
		checkWidgets(t, s, ids)
		checkMacros(t, s, ids, ann.ID)

		sum, out = s.run(t, false)
		wantCounts(t, sum, out, "0/3/2/0 0/2/1/0 0/2/1/0")
		if got := s.counts(t); got != "3 integrations, 2 widgets, 2 macros" {
			t.Fatalf("a second run duplicated: %s\n%s", got, out)
		}

		// An imported object deleted since is imported again.
		ms, _ := s.macros.List(ctx, query.MacroFilter{Page: query.Page{Limit: 100}})
		if err := s.macros.Delete(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		sum, out = s.run(t, false)
		wantCounts(t, sum, out, "0/3/2/0 0/2/1/0 1/1/1/0")
	})
}

// wantCounts compares created/existing/skipped/failed of integrations,
// widgets and macros.
func wantCounts(t *testing.T, sum importer.Summary, out, want string) {
	t.Helper()
	c := func(c importer.Counts) string {
		return fmt.Sprintf("%d/%d/%d/%d", c.Created, c.Existing, c.Skipped, c.Failed)
	}
	if got := c(sum.Integrations) + " " + c(sum.Widgets) + " " + c(sum.Macros); got != want {
		t.Fatalf("counts = %s, want %s\n%s", got, want, out)
	}
}

// checkIntegrations checks what became of the HTTP integrations and returns
// their new ids by name.
func checkIntegrations(t *testing.T, s services) map[string]int64 {
	t.Helper()
	list, err := s.integrations.List(context.Background(), query.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	byName := map[string]integration.Integration{}
	for _, in := range list {
		ids[in.Name], byName[in.Name] = in.ID, in
	}
	bo, lp, sl := byName["Back office"], byName["Loyalty points"], byName["Slack escalation"]
	if len(list) != 3 || bo.ID == 0 || lp.ID == 0 || sl.ID == 0 {
		t.Fatalf("integrations = %+v", list)
	}
	ref := fmt.Sprintf("integrations[%d]", bo.ID)
	if !strings.Contains(lp.HTTP.URL, ref) || !strings.Contains(lp.HTTP.Body, ref+".customer.plan") || strings.Contains(lp.HTTP.Body+lp.HTTP.URL, "[101]") {
		t.Errorf("references not rewritten to %s: url %s body %s", ref, lp.HTTP.URL, lp.HTTP.Body)
	}
	if !bo.Enabled || !lp.Enabled || sl.Enabled || sl.DeactivatedDatetime == nil {
		t.Errorf("enabled: back office %v, loyalty %v, slack %v (deactivated in the export)", bo.Enabled, lp.Enabled, sl.Enabled)
	}
	if fmt.Sprint(bo.HTTP.Triggers) != "[ticket-created ticket-message-created]" || fmt.Sprint(sl.HTTP.Triggers) != "[ticket-status-updated]" {
		t.Errorf("triggers = %v, %v", bo.HTTP.Triggers, sl.HTTP.Triggers)
	}
	if len(bo.HTTP.Headers) != 2 || bo.HTTP.Headers[0].Key != "Authorization" || !bo.HTTP.Headers[0].Secret {
		t.Errorf("headers = %+v", bo.HTTP.Headers)
	}
	if sl.HTTP.RequestContentType != integration.ContentForm || len(sl.HTTP.Form) != 2 || sl.HTTP.Form[1].Key != "channel" {
		t.Errorf("form integration = %+v", sl.HTTP)
	}
	return ids
}

func checkWidgets(t *testing.T, s services, ids map[string]int64) {
	t.Helper()
	ws, err := s.widgets.List(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].IntegrationID != ids["Back office"] || ws[1].IntegrationID != ids["Loyalty points"] {
		t.Fatalf("widgets = %+v, want on integrations %v", ws, ids)
	}
	if ws[0].Title() != "Back office" || ws[1].Title() != "Loyalty" {
		t.Errorf("titles = %q, %q", ws[0].Title(), ws[1].Title())
	}
	if orders := ws[0].Template.Widgets[1]; orders.Meta.Limit != 2 {
		t.Errorf("orders list = %+v, want limit 2", orders)
	}
	// A card button's header value is sealed like any button's.
	c := ws[0].Template.Widgets[1].Widgets[0].Meta.Custom
	if c == nil || len(c.Buttons) != 1 || c.Buttons[0].Action.Headers[0].Value != secret.Mask {
		t.Fatalf("imported card actions = %+v", c)
	}
	row, err := s.st.GetWidget(context.Background(), ws[0].ID)
	if err != nil || !row.SecretsSealed || strings.Contains(string(row.Template), "bo_live_4f9c2a7d") {
		t.Errorf("imported widget row holds the header value in clear: %s (%v)", row.Template, err)
	}
}

func checkMacros(t *testing.T, s services, ids map[string]int64, ann int64) {
	t.Helper()
	ms, err := s.macros.List(context.Background(), query.MacroFilter{Page: query.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]macro.Macro{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	ref := fmt.Sprintf("integrations[%d]", ids["Back office"])
	status := byName["Order status inquiry"].Actions
	if len(status) != 3 || status[0].Type != macro.ActionAddTags || fmt.Sprint(status[0].Tags) != "[question order-status]" ||
		status[1].Type != macro.ActionReply || !strings.Contains(status[1].BodyText, ref+".orders[0].status") ||
		status[2].Type != macro.ActionSetStatus || status[2].Status != "closed" {
		t.Errorf("order status macro = %+v", status)
	}
	refund := byName["Refund last order"].Actions
	if len(refund) != 3 || refund[0].Type != macro.ActionSetAssignee || refund[0].AssigneeUserID == nil || *refund[0].AssigneeUserID != ann {
		t.Fatalf("refund macro = %+v", refund)
	}
	hook := refund[1]
	if hook.Type != macro.ActionHTTPHook || hook.Title != "Refund in back office" || hook.Method != "POST" || !strings.Contains(hook.URL, ref) ||
		!strings.Contains(hook.Body, ref+".orders[0].total") || len(hook.Params) != 1 || len(hook.Headers) != 1 {
		t.Errorf("hook = %+v", hook)
	}
	if refund[2].Type != macro.ActionReply || refund[2].BodyText != "We refunded your order & you will see it in 5 days." {
		t.Errorf("reply from HTML = %+v", refund[2])
	}
}

// TestCreateThenCommitsTogether: what an import records about an object is
// written in the transaction that creates it, so a failure in either leaves
// neither.
func TestCreateThenCommitsTogether(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newServices(t, st)
		fail := func(*store.Tx, int64) error { return errors.New("recording failed") }
		in, err := integration.DecodeHosted([]byte(`{"name": "x", "http": {"url": "https://x.example.com", "triggers": ["ticket-created"]}}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.integrations.CreateThen(ctx, in, fail); err == nil {
			t.Fatal("CreateThen ignored the failure of then")
		}
		if _, err := s.macros.CreateThen(ctx, macro.Input{Name: "m", Actions: []macro.Action{{Type: macro.ActionSetStatus, Status: "closed"}}}, fail); err == nil {
			t.Fatal("macro CreateThen ignored the failure of then")
		}
		if got := s.counts(t); got != "0 integrations, 0 widgets, 0 macros" {
			t.Fatalf("after failed recordings: %s", got)
		}
		it, err := s.integrations.CreateThen(ctx, in, func(tx *store.Tx, id int64) error {
			return tx.RecordImport(ctx, importer.Source, "integration", "55", id)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.widgets.CreateThen(ctx, widget.Input{IntegrationID: it.ID, Template: &widget.Node{Type: widget.TypeWrapper}}, fail); err == nil {
			t.Fatal("widget CreateThen ignored the failure of then")
		}
		if id, ok, err := st.ImportedID(ctx, importer.Source, "integration", "55"); err != nil || !ok || id != it.ID {
			t.Fatalf("ImportedID = %d, %v, %v; want %d", id, ok, err, it.ID)
		}
		if got := s.counts(t); got != "1 integrations, 0 widgets, 0 macros" {
			t.Fatalf("after one recorded creation: %s", got)
		}
	})
}
