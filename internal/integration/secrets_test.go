package integration_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func TestMasked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   integration.HTTP
		want string // headers|form|client secret|signing secret, masked
	}{
		{name: "nothing secret", in: integration.HTTP{Headers: []integration.KV{{Key: "X-A", Value: "a"}}},
			want: "[{X-A a false}]|[]|<nil>|"},
		{name: "secret header and form field", in: integration.HTTP{
			Headers: []integration.KV{{Key: "X-Key", Value: "k", Secret: true}, {Key: "X-A", Value: "a"}},
			Form:    []integration.KV{{Key: "pw", Value: "p", Secret: true}, {Key: "email", Value: "{{ticket.customer.email}}"}}},
			want: "[{X-Key ******** true} {X-A a false}]|[{pw ******** true} {email {{ticket.customer.email}} false}]|<nil>|"},
		{name: "oauth2 and signing secret", in: integration.HTTP{OAuth2: &integration.OAuth2{ClientID: "id", ClientSecret: "cs"}, SigningSecret: "whsec_x"},
			want: "[]|[]|********|********"},
		{name: "empty secrets stay empty", in: integration.HTTP{OAuth2: &integration.OAuth2{ClientID: "id"}, Headers: []integration.KV{{Key: "X", Value: "", Secret: true}}},
			want: "[{X  true}]|[]||"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := fmt.Sprint(tt.in.Headers, tt.in.Form, tt.in.OAuth2, tt.in.SigningSecret)
			m := integration.Masked(tt.in)
			cs := "<nil>"
			if m.OAuth2 != nil {
				cs = m.OAuth2.ClientSecret
			}
			got := fmt.Sprint(orEmpty(m.Headers), "|", orEmpty(m.Form), "|", cs, "|", m.SigningSecret)
			if got != tt.want {
				t.Errorf("Masked = %q, want %q", got, tt.want)
			}
			if after := fmt.Sprint(tt.in.Headers, tt.in.Form, tt.in.OAuth2, tt.in.SigningSecret); after != before {
				t.Errorf("Masked changed its input: %s → %s", before, after)
			}
		})
	}
}

func orEmpty(kvs []integration.KV) []integration.KV {
	if kvs == nil {
		return []integration.KV{}
	}
	return kvs
}

const secretIntegration = `{"name": "sealed", "http": {"url": "https://x.io", "method": "POST",
	"request_content_type": "application/x-www-form-urlencoded",
	"headers": [{"key": "X-Api-Key", "value": "hdr-value-1", "secret": true}, {"key": "authorization", "value": "Bearer auth-value-2"},
		{"key": "X-Plain", "value": "plain-value"}],
	"form": [{"key": "password", "value": "form-value-3", "secret": true}],
	"oauth2": {"token_url": "https://a.io/t", "client_id": "id", "client_secret": "client-value-4"},
	"signing_secret": "signing-value-5", "triggers": ["ticket-created"]}}`

var secretValues = []string{"hdr-value-1", "auth-value-2", "form-value-3", "client-value-4", "signing-value-5"}

func TestSecretsAreSealedMaskedAndKept(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc := newService(t, st)
		ctx := t.Context()
		it, err := svc.Create(ctx, input(t, secretIntegration))
		if err != nil {
			t.Fatal(err)
		}
		shown := fmt.Sprintf("%+v %+v", it, *it.HTTP.OAuth2)
		for _, s := range secretValues {
			if strings.Contains(shown, s) {
				t.Errorf("Create returned the secret %q", s)
			}
		}
		if !it.HTTP.Headers[1].Secret || it.HTTP.Headers[1].Value != secret.Mask || it.HTTP.Headers[2].Value != "plain-value" {
			t.Errorf("headers = %+v: an Authorization header is always a secret, others are shown", it.HTTP.Headers)
		}
		row, err := st.GetIntegration(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secretValues {
			if strings.Contains(string(row.Config), s) {
				t.Errorf("the stored config holds %q in plain text: %s", s, row.Config)
			}
		}
		clear := func() integration.HTTP {
			t.Helper()
			l, err := svc.Load(ctx, st.Q, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			return l.HTTP
		}
		h := clear()
		if got := fmt.Sprint(h.Headers[0].Value, h.Headers[1].Value, h.Form[0].Value, h.OAuth2.ClientSecret, h.SigningSecret); got != "hdr-value-1Bearer auth-value-2form-value-3client-value-4signing-value-5" {
			t.Fatalf("Load = %s", got)
		}

		// What Get returned, sent back, keeps every secret.
		shownIt, err := svc.Get(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		back := shownIt.HTTP
		if _, err := svc.Update(ctx, it.ID, integration.Input{Name: "renamed", HTTP: &back}); err != nil {
			t.Fatal(err)
		}
		if got := clear(); fmt.Sprint(got.Headers, got.Form, *got.OAuth2, got.SigningSecret) != fmt.Sprint(h.Headers, h.Form, *h.OAuth2, h.SigningSecret) {
			t.Fatalf("after PUT of the masked values: %+v, want %+v", got, h)
		}

		// A new value replaces; a header left out is gone.
		next := input(t, secretIntegration)
		next.HTTP.Headers = []integration.KV{{Key: "X-Api-Key", Value: "hdr-value-new", Secret: true}}
		next.HTTP.SigningSecret = secret.Mask
		if _, err := svc.Update(ctx, it.ID, next); err != nil {
			t.Fatal(err)
		}
		if got := clear(); len(got.Headers) != 1 || got.Headers[0].Value != "hdr-value-new" || got.SigningSecret != "signing-value-5" {
			t.Fatalf("after changing the header: %+v", got)
		}

		// A mask with nothing stored behind it names the field.
		for _, tt := range []struct{ name, json, field string }{
			{"oauth2 secret", `{"name": "n", "http": {"url": "https://x.io", "triggers": ["ticket-created"],
				"oauth2": {"token_url": "https://a.io/t", "client_id": "id", "client_secret": "********"}}}`, "http.oauth2.client_secret"},
			{"form field", `{"name": "n", "http": {"url": "https://x.io", "method": "POST", "triggers": ["ticket-created"],
				"request_content_type": "application/x-www-form-urlencoded", "form": [{"key": "other", "value": "********", "secret": true}]}}`, "http.form[0].value"},
		} {
			_, err := svc.Create(ctx, input(t, tt.json))
			if v, ok := validate.As(err); !ok || v.Field != tt.field {
				t.Errorf("%s: Create = %v, want a 422 on %s", tt.name, err, tt.field)
			}
		}
	})
}
