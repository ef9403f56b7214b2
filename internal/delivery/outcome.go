package delivery

// Outcomes of an events-log row.
const (
	OutcomeSuccess     = "success"      // a 2xx response
	OutcomeFailed      = "failed"       // a response that was not 2xx (3xx included: redirects are not followed)
	OutcomeRetrying    = "retrying"     // a connection error or timeout; another attempt is scheduled
	OutcomeGaveUp      = "gave-up"      // a connection error or timeout on the last attempt
	OutcomeSkipped     = "skipped"      // the integration was disabled; nothing was sent
	OutcomeBlocked     = "blocked"      // the network guard refused the address
	OutcomeBuildFailed = "build-failed" // the request could not be built (template, JSON or OAuth2 token error)
	// OutcomeThrottled is a 429, or a 503 with Retry-After: the receiver
	// asked to be called later, and is, at the time it asked for. It does
	// not count toward auto-disable; only running out of retries does.
	OutcomeThrottled = "throttled"
)

// Outcomes lists every outcome, for filters.
var Outcomes = []string{OutcomeSuccess, OutcomeFailed, OutcomeRetrying, OutcomeGaveUp, OutcomeSkipped, OutcomeBlocked, OutcomeBuildFailed, OutcomeThrottled}

// Error classes say what kind of failure a row records.
const (
	ClassTimeout    = "timeout"
	ClassConnection = "connection"
	ClassBlocked    = "blocked"
	ClassTemplate   = "template"
	ClassOAuth      = "oauth2"
	ClassHTTPStatus = "http_status"
	ClassThrottled  = "throttled" // 429, or 503 with Retry-After
)
