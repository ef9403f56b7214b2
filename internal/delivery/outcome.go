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
)

// Outcomes lists every outcome, for filters.
var Outcomes = []string{OutcomeSuccess, OutcomeFailed, OutcomeRetrying, OutcomeGaveUp, OutcomeSkipped, OutcomeBlocked, OutcomeBuildFailed}

// Error classes say what kind of failure a row records.
const (
	ClassTimeout    = "timeout"
	ClassConnection = "connection"
	ClassBlocked    = "blocked"
	ClassTemplate   = "template"
	ClassOAuth      = "oauth2"
	ClassHTTPStatus = "http_status"
)
