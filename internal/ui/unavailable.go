package ui

import (
	"net/http"
)

// unavailablePage is shown while the database is unreachable or full. It is
// plain and self-contained: the layout would need the database for the
// signed-in user and the notification banner.
const unavailablePage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Try again in a moment · ticketwire</title></head>
<body>
<h1>Try again in a moment</h1>
<p>ticketwire cannot reach its database right now, so nothing was changed. This usually passes by itself within a minute.</p>
<p>Reload this page, or go back and send the form again.</p>
</body>
</html>
`

// unavailable answers 503 with the "try again" page and Retry-After.
func (u *UI) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	u.Log.Warn("ui: database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Retry-After", "5")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(unavailablePage))
}
