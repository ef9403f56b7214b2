package ui

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// jobsWayBack is the link River's job UI gets, at the end of its page's
// body: River's handler has no option for a header link, and its page is
// a single-page app that renders into #root, so an element outside #root
// stays. Its look comes from /static/jobs.css (the page's policy allows
// styles from this site).
const jobsWayBack = `<link rel="stylesheet" href="/static/jobs.css">` +
	`<a class="tw-jobs-back" href="/tickets" data-test="jobs-back"><span aria-hidden="true">←</span> Back to ticketwire</a>`

// withWayBack adds jobsWayBack to the HTML page of River's UI mounted at
// prefix; its API, its assets and anything that is not a 200 HTML page pass
// through unchanged.
func withWayBack(prefix string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, prefix)
		if r.Method != http.MethodGet || strings.HasPrefix(rest, "/api/") || strings.Contains(rest, ".") {
			next.ServeHTTP(w, r)
			return
		}
		// The page is rewritten, so it is always sent whole.
		for _, h := range []string{"Range", "If-Range", "If-Modified-Since", "If-None-Match"} {
			r.Header.Del(h)
		}
		rec := &pageRecorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if rec.status == http.StatusOK && strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
				body = append(body[:i:i], append([]byte(jobsWayBack), body[i:]...)...)
				rec.header.Set("Content-Length", strconv.Itoa(len(body)))
				rec.header.Del("Last-Modified")
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
	})
}

// pageRecorder keeps a handler's response to change it before sending.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (p *pageRecorder) Header() http.Header         { return p.header }
func (p *pageRecorder) WriteHeader(status int)      { p.status = status }
func (p *pageRecorder) Write(b []byte) (int, error) { return p.body.Write(b) }
