package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
)

// formLimits are the delivery limits of the integration form, as typed.
type formLimits struct {
	MaxConcurrency string // empty for the default
	RateRPS        string // empty for no rate limit
	RateBurst      string // empty for a second's worth
	Retry5xx       bool
}

func limitsOf(h integration.HTTP) formLimits {
	l := formLimits{Retry5xx: h.RetriesOn5xx()}
	if h.MaxConcurrency > 0 {
		l.MaxConcurrency = strconv.Itoa(h.MaxConcurrency)
	}
	if r := h.RateLimit; r != nil {
		l.RateRPS = strconv.FormatFloat(r.RequestsPerSecond, 'f', -1, 64)
		l.RateBurst = strconv.Itoa(r.Burst)
	}
	return l
}

func limitsFromForm(v url.Values) formLimits {
	return formLimits{MaxConcurrency: strings.TrimSpace(v.Get("max_concurrency")), RateRPS: strings.TrimSpace(v.Get("rate_limit_rps")),
		RateBurst: strings.TrimSpace(v.Get("rate_limit_burst")), Retry5xx: v.Get("retry_5xx") != ""}
}

// apply puts the limits on h. A number that does not parse is passed on as
// -1, which the service refuses with the field's rule, shown at the input.
func (l formLimits) apply(h *integration.HTTP) {
	if l.Retry5xx {
		h.RetryOn = []string{integration.RetryOn5xx}
	}
	if l.MaxConcurrency != "" {
		h.MaxConcurrency = atoiOr(l.MaxConcurrency, -1)
	}
	if l.RateRPS == "" {
		return
	}
	rps, err := strconv.ParseFloat(l.RateRPS, 64)
	if err != nil {
		rps = -1
	}
	h.RateLimit = &integration.RateLimit{RequestsPerSecond: rps}
	if l.RateBurst != "" {
		h.RateLimit.Burst = atoiOr(l.RateBurst, -1)
	}
}

func atoiOr(s string, bad int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return bad
	}
	return n
}

// limitInput maps the limits' error fields to their inputs.
func limitInput(f string) string {
	switch {
	case f == "max_concurrency":
		return f
	case f == "rate_limit.burst":
		return "rate_limit_burst"
	case strings.HasPrefix(f, "rate_limit"):
		return "rate_limit_rps"
	case strings.HasPrefix(f, "retry_on"):
		return "retry_5xx"
	}
	return ""
}
