// Package integration owns the HTTP-integration model: its JSON form, the
// rules an integration must obey (methods, content types, trigger
// exclusivity, template syntax), and storing it with its secrets sealed.
package integration

import (
	"time"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// Methods an integration may use.
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// Request content types for methods other than GET.
const (
	ContentJSON = "application/json"
	ContentForm = "application/x-www-form-urlencoded"
)

// Where an OAuth2 access token is placed.
const (
	TokenInHeader = "header"
	TokenInQuery  = "query"
)

// Integration is an HTTP integration as the API shows it.
type Integration struct {
	ID                  int64      `json:"id"`
	Type                string     `json:"type"`
	Name                string     `json:"name"`
	HTTP                HTTP       `json:"http"`
	Enabled             bool       `json:"enabled"`
	DeactivatedDatetime *time.Time `json:"deactivated_datetime"`
	DeactivationReason  *string    `json:"deactivation_reason"`
	ConsecutiveFailures int        `json:"consecutive_failures"`
	CreatedDatetime     time.Time  `json:"created_datetime"`
	UpdatedDatetime     time.Time  `json:"updated_datetime"`
	// Warnings are set by Create and Update: what may be wrong with the
	// saved settings without being an error (see Warnings).
	Warnings []*validate.Error `json:"-"`
}

// HTTP is the request an integration sends, every text a template.
type HTTP struct {
	URL                string   `json:"url"`
	Method             string   `json:"method"`
	RequestContentType string   `json:"request_content_type"`
	Headers            []KV     `json:"headers"`
	Body               string   `json:"body"`
	Form               []KV     `json:"form"`
	OAuth2             *OAuth2  `json:"oauth2"`
	SigningSecret      string   `json:"signing_secret"`
	Triggers           Triggers `json:"triggers"`
	// RetryOn widens what is retried on the schedule: "5xx" retries any
	// 500–599 answer. Connection errors, timeouts and 429 (and 503 with
	// Retry-After) are always retried.
	RetryOn []string `json:"retry_on,omitempty"`
	// PreviousSigningSecret is the secret a new signing_secret replaced; it
	// still signs every request (beside the new one) until
	// PreviousSigningExpires, so receivers can switch without losing one.
	// The service sets both; what a client sends for them is ignored.
	PreviousSigningSecret  string     `json:"previous_signing_secret,omitempty"`
	PreviousSigningExpires *time.Time `json:"previous_signing_secret_expires,omitempty"`
	// MaxConcurrency caps this integration's requests in flight at once; 0
	// is the default, a quarter of the delivery workers, so that one slow
	// endpoint can never hold every worker.
	MaxConcurrency int `json:"max_concurrency,omitempty"`
	// RateLimit caps this integration's requests per second; nil is none.
	RateLimit *RateLimit `json:"rate_limit,omitempty"`
}

// RateLimit is a token bucket: RequestsPerSecond on average, up to Burst
// at once after a quiet spell.
type RateLimit struct {
	RequestsPerSecond float64 `json:"requests_per_second"`
	Burst             int     `json:"burst"`
}

// Bounds of the per-integration limits. They keep a typo (a rate of 1e9, a
// burst of a million) from meaning "no limit" in disguise.
const (
	MaxConcurrencyLimit = 1000
	MaxRequestsPerSec   = 10000
	MaxBurst            = 10000
)

// SigningSecrets are the secrets a request sent at now is signed with: the
// current one, then the previous one during its overlap.
func (h HTTP) SigningSecrets(now time.Time) []string {
	if h.SigningSecret == "" {
		return nil
	}
	out := []string{h.SigningSecret}
	if h.PreviousSigningSecret != "" && h.PreviousSigningExpires != nil && now.Before(*h.PreviousSigningExpires) {
		out = append(out, h.PreviousSigningSecret)
	}
	return out
}

// RetryOn5xx is the retry_on value that retries every 500–599 answer.
const RetryOn5xx = "5xx"

// RetriesOn5xx reports whether the integration retries 500–599 answers.
func (h HTTP) RetriesOn5xx() bool {
	for _, r := range h.RetryOn {
		if r == RetryOn5xx {
			return true
		}
	}
	return false
}

// KV is a header or form field; a secret value is write-only and sealed at rest.
type KV struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Secret bool   `json:"secret,omitempty"`
}

// OAuth2 is client-credentials authentication.
type OAuth2 struct {
	TokenURL      string   `json:"token_url"`
	ClientID      string   `json:"client_id"`
	ClientSecret  string   `json:"client_secret"`
	TokenLocation string   `json:"token_location"`
	TokenKey      string   `json:"token_key"`
	Scopes        []string `json:"scopes"`
}

// Input is what create and update take. It is read from the API's own
// shape and from the hosted helpdesk's, so that what either returned on a
// GET can be posted back as it is (see input.go for what is read how).
type Input struct {
	Type    string
	Name    string
	HTTP    *HTTP
	Enabled *bool
}
