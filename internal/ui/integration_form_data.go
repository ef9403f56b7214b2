package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// The JSON body editor's two presets, as the helpdesk we follow offers them.
const (
	presetJSONTemplate = `{"ticket_id": "{{ticket.id}}"}`
	presetContext      = `{{context}}`
)

// kvRow is one header or form-field row of the integration form.
type kvRow struct {
	Index  int
	Key    string
	Value  string
	Secret bool
}

// integrationForm is the state of the integration form: what the admin
// typed (or what is stored, secrets masked) and, after a refused save, the
// error beside the field it concerns. Inputs of the other body editor than
// the one chosen are kept, so switching back loses nothing.
type integrationForm struct {
	ID            int64 // 0 while adding
	Name          string
	URL           string
	Method        string
	ContentType   string
	Body          string
	Headers       []kvRow
	Form          []kvRow
	OAuth2        bool
	TokenURL      string
	ClientID      string
	ClientSecret  string
	TokenLocation string
	TokenKey      string
	Scopes        string
	SigningSecret string
	Limits        formLimits
	// PreviousExpires says until when a replaced signing secret still signs.
	PreviousExpires string
	Triggers        map[string]bool
	Errors          map[string]string // message by input name
	Problems        []formProblem     // every error of a refused save, for the summary
	Warnings        map[string]string // unknown variables by input name, one per line
	WarningList     []formProblem     // every warning, for the summary
}

// formProblem is one line of the form's error or warning summary.
type formProblem struct {
	Input   string // the input's name, "" when no single input holds it
	Message string
}

// Anchor is the id of the input, for the summary's link.
func (p formProblem) Anchor() string { return inputID(p.Input) }

// Label names the input for the summary.
func (p formProblem) Label() string { return inputLabel(p.Input) }

// newIntegrationForm is the form of a new integration.
func newIntegrationForm() integrationForm {
	return integrationForm{Method: http.MethodGet, ContentType: integration.ContentJSON, Body: presetJSONTemplate,
		TokenLocation: integration.TokenInHeader, Triggers: map[string]bool{}, Errors: map[string]string{}, Warnings: map[string]string{}}
}

// formFromIntegration fills the form from a stored integration.
func formFromIntegration(it integration.Integration) integrationForm {
	h := it.HTTP
	f := newIntegrationForm()
	f.ID, f.Name, f.URL, f.Method, f.SigningSecret = it.ID, it.Name, h.URL, h.Method, h.SigningSecret
	if h.RequestContentType != "" {
		f.ContentType = h.RequestContentType
	}
	if h.Method != http.MethodGet {
		f.Body = h.Body
	}
	f.Headers, f.Form = rowsOf(h.Headers), rowsOf(h.Form)
	if o := h.OAuth2; o != nil {
		f.OAuth2, f.TokenURL, f.ClientID, f.ClientSecret = true, o.TokenURL, o.ClientID, o.ClientSecret
		f.TokenLocation, f.TokenKey, f.Scopes = o.TokenLocation, o.TokenKey, strings.Join(o.Scopes, " ")
	}
	f.Limits = limitsOf(h)
	if len(h.SigningSecrets(time.Now())) == 2 {
		f.PreviousExpires = h.PreviousSigningExpires.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	for _, k := range h.Triggers {
		f.Triggers[string(k)] = true
	}
	return f
}

func rowsOf(kvs []integration.KV) []kvRow {
	out := make([]kvRow, len(kvs))
	for i, kv := range kvs {
		out[i] = kvRow{Index: i, Key: kv.Key, Value: kv.Value, Secret: kv.Secret}
	}
	return out
}

// formFromRequest reads a posted integration form.
func formFromRequest(r *http.Request) integrationForm {
	_ = r.ParseForm()
	v := r.PostForm
	f := newIntegrationForm()
	f.Name, f.URL, f.Body = v.Get("name"), v.Get("url"), v.Get("body")
	f.Method = strings.ToUpper(strings.TrimSpace(v.Get("method")))
	if f.Method == "" {
		f.Method = http.MethodGet
	}
	if v.Get("request_content_type") == integration.ContentForm {
		f.ContentType = integration.ContentForm
	}
	f.Headers, f.Form = rowsFromForm(v, "headers"), rowsFromForm(v, "form")
	f.OAuth2 = v.Get("oauth2") != ""
	f.TokenURL, f.ClientID, f.ClientSecret = v.Get("oauth2_token_url"), v.Get("oauth2_client_id"), v.Get("oauth2_client_secret")
	f.TokenKey, f.Scopes, f.SigningSecret = v.Get("oauth2_token_key"), v.Get("oauth2_scopes"), v.Get("signing_secret")
	if v.Get("oauth2_token_location") == integration.TokenInQuery {
		f.TokenLocation = integration.TokenInQuery
	}
	f.Limits = limitsFromForm(v)
	for _, k := range v["triggers"] {
		f.Triggers[k] = true
	}
	return f
}

// rowField names the inputs of header and form rows: headers[0].key, form[2].secret.
var rowField = regexp.MustCompile(`^(headers|form)\[(\d{1,4})\]\.(key|value|secret)$`)

// rowsFromForm collects one list's rows in index order; rows left blank are
// dropped (that is also how rows are removed without scripts), and the rest
// are numbered from zero, as the service's error fields count them.
func rowsFromForm(v url.Values, list string) []kvRow {
	byIndex := map[int]*kvRow{}
	for name, vals := range v {
		m := rowField.FindStringSubmatch(name)
		if m == nil || m[1] != list || len(vals) == 0 {
			continue
		}
		i, _ := strconv.Atoi(m[2])
		if byIndex[i] == nil {
			byIndex[i] = &kvRow{}
		}
		switch m[3] {
		case "key":
			byIndex[i].Key = vals[0]
		case "value":
			byIndex[i].Value = vals[0]
		case "secret":
			byIndex[i].Secret = vals[0] != ""
		}
	}
	indices := make([]int, 0, len(byIndex))
	for i := range byIndex {
		indices = append(indices, i)
	}
	sort.Ints(indices)
	var out []kvRow
	for _, i := range indices {
		row := byIndex[i]
		if strings.TrimSpace(row.Key) == "" && row.Value == "" {
			continue
		}
		row.Index = len(out)
		out = append(out, *row)
	}
	return out
}

// input is what the form asks the integration service to store: only the
// body editor that the method and content type use is sent.
func (f integrationForm) input() integration.Input {
	h := &integration.HTTP{URL: strings.TrimSpace(f.URL), Method: f.Method, Headers: kvsOf(f.Headers),
		SigningSecret: f.SigningSecret, Triggers: f.triggerList()}
	if f.Method != http.MethodGet {
		h.RequestContentType = f.ContentType
		if f.ContentType == integration.ContentForm {
			h.Form = kvsOf(f.Form)
		} else {
			h.Body = f.Body
		}
	}
	if f.OAuth2 {
		h.OAuth2 = &integration.OAuth2{TokenURL: strings.TrimSpace(f.TokenURL), ClientID: strings.TrimSpace(f.ClientID),
			ClientSecret: f.ClientSecret, TokenLocation: f.TokenLocation, TokenKey: strings.TrimSpace(f.TokenKey),
			Scopes: strings.Fields(strings.ReplaceAll(f.Scopes, ",", " "))}
	}
	f.Limits.apply(h)
	return integration.Input{Name: f.Name, HTTP: h}
}

func kvsOf(rows []kvRow) []integration.KV {
	out := make([]integration.KV, len(rows))
	for i, r := range rows {
		out[i] = integration.KV{Key: r.Key, Value: r.Value, Secret: r.Secret}
	}
	return out
}

// triggerList is the ticked triggers, known kinds in the product's order
// first; an unknown one is passed on for the service to refuse.
func (f integrationForm) triggerList() integration.Triggers {
	var out integration.Triggers
	for _, k := range event.Kinds {
		if f.Triggers[string(k)] {
			out = append(out, k)
		}
	}
	for k, on := range f.Triggers {
		if on && !event.Kind(k).Valid() {
			out = append(out, event.Kind(k))
		}
	}
	return out
}

// withSpareRows adds one blank header row and one blank form row, so that
// a browser without scripts can still add one of each per save.
func (f integrationForm) withSpareRows() integrationForm {
	f.Headers = append(append([]kvRow(nil), f.Headers...), kvRow{Index: len(f.Headers)})
	f.Form = append(append([]kvRow(nil), f.Form...), kvRow{Index: len(f.Form)})
	return f
}

// setErrors puts each error of a refused save beside the input it names
// (the first one, when two name the same input) and lists them all for the
// summary.
func (f *integrationForm) setErrors(list []*validate.Error) {
	for _, v := range list {
		name := errorInput(v.Field)
		if name != "" {
			if _, ok := f.Errors[name]; ok {
				continue
			}
			f.Errors[name] = v.Message
		}
		f.Problems = append(f.Problems, formProblem{Input: name, Message: v.Message})
	}
}

// setWarnings puts the warnings of the form's settings (variables that
// exist nowhere) beside their inputs and lists them for the summary.
func (f *integrationForm) setWarnings(list []*validate.Error) {
	for _, v := range list {
		name := errorInput(v.Field)
		if name != "" {
			if f.Warnings[name] != "" {
				f.Warnings[name] += "\n"
			}
			f.Warnings[name] += v.Message
		}
		f.WarningList = append(f.WarningList, formProblem{Input: name, Message: v.Message})
	}
}

// errorInput maps a service error's field ("http.url",
// "http.headers[0].key", "http.oauth2.scopes[1]") to the form input that
// holds it; "" when no single input does.
func errorInput(field string) string {
	f := strings.TrimPrefix(field, "http.")
	switch {
	case f == "name", f == "url", f == "method", f == "request_content_type", f == "body", f == "signing_secret",
		f == "headers", f == "form":
		return f
	case strings.HasPrefix(f, "triggers"):
		return "triggers"
	case strings.HasPrefix(f, "oauth2.scopes"):
		return "oauth2_scopes"
	case strings.HasPrefix(f, "oauth2."):
		return "oauth2_" + strings.TrimPrefix(f, "oauth2.")
	case rowField.MatchString(f):
		return f
	}
	return limitInput(f)
}

// inputLabel names an input for the summaries.
func inputLabel(name string) string {
	if m := rowField.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[2])
		what := map[string]string{"headers": "Header", "form": "Form field"}[m[1]]
		return what + " " + strconv.Itoa(n+1) + " " + map[string]string{"key": "name", "value": "value", "secret": "secret"}[m[3]]
	}
	labels := map[string]string{"name": "Name", "url": "URL", "method": "HTTP method", "request_content_type": "Request content type",
		"body": "Request body", "headers": "Headers", "form": "Form fields", "signing_secret": "Signing secret", "triggers": "Triggers",
		"oauth2_token_url": "OAuth2 token URL", "oauth2_client_id": "OAuth2 client ID", "oauth2_client_secret": "OAuth2 client secret",
		"oauth2_token_location": "OAuth2 token location", "oauth2_token_key": "OAuth2 token key", "oauth2_scopes": "OAuth2 scopes",
		"max_concurrency": "Requests at once", "rate_limit_rps": "Requests per second", "rate_limit_burst": "Burst",
		"retry_5xx": "Retry server errors"}
	return labels[name]
}

// inputID is the element id of an input name: headers[0].key → f-headers-0-key.
func inputID(name string) string {
	if name == "" {
		return ""
	}
	return "f-" + strings.NewReplacer("[", "-", "]", "", ".", "-", "_", "-").Replace(name)
}

// applyPreset puts one of the JSON editor's presets in the body.
func (f *integrationForm) applyPreset(name string) {
	f.ContentType = integration.ContentJSON
	if name == "context" {
		f.Body = presetContext
		return
	}
	f.Body = presetJSONTemplate
}

// triggerOption is one trigger checkbox.
type triggerOption struct {
	Value     string
	Label     string
	Exclusive bool
	Checked   bool
}

// TriggerOptions lists the seven trigger checkboxes in the product's order.
func (f integrationForm) TriggerOptions() []triggerOption {
	out := make([]triggerOption, len(event.Kinds))
	for i, k := range event.Kinds {
		out[i] = triggerOption{Value: string(k), Label: kindLabel(string(k)), Exclusive: k.Exclusive(), Checked: f.Triggers[string(k)]}
	}
	return out
}

// Methods lists the HTTP methods an integration may use.
func (f integrationForm) Methods() []string { return integration.Methods }
