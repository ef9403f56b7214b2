package ui

import (
	"bytes"
	"net/http"
	"time"
)

// faviconMaxAge is how long browsers keep the icon: a week, since it changes
// with a release at most, and browsers ask for it on every page otherwise.
const faviconMaxAge = "public, max-age=604800"

// favicon serves the embedded icon at /favicon.ico, where browsers look for
// it unasked (pages also name it in a <link>).
func (u *UI) favicon(w http.ResponseWriter, r *http.Request) {
	icon, err := assets.ReadFile("static/favicon.ico")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/x-icon")
	w.Header().Set("Cache-Control", faviconMaxAge)
	http.ServeContent(w, r, "favicon.ico", time.Time{}, bytes.NewReader(icon))
}
