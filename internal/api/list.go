package api

import (
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// listBody is the API's list shape.
type listBody[T any] struct {
	Data []T `json:"data"`
	Meta struct {
		NextCursor *string `json:"next_cursor"`
	} `json:"meta"`
}

// page reads ?limit= (default 30, max 100) and ?cursor= (an opaque string
// from a previous page's meta.next_cursor).
func page(r *http.Request) (query.Page, error) {
	p := query.Page{Limit: 30}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return p, validate.Errorf("limit", "must be a whole number from 1 to 100")
		}
		p.Limit = n
	}
	if s := r.URL.Query().Get("cursor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return p, validate.Errorf("cursor", "is not a cursor this API returned")
		}
		p.BeforeID = n
	}
	return p, nil
}

// writeList answers one page; a full page carries the cursor of the next.
func writeList[T any](w http.ResponseWriter, p query.Page, items []T, id func(T) int64) {
	body := listBody[T]{Data: items}
	if body.Data == nil {
		body.Data = []T{}
	}
	if len(items) == p.Limit && len(items) > 0 {
		c := strconv.FormatInt(id(items[len(items)-1]), 10)
		body.Meta.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, body)
}

// queryID reads an optional positive integer query parameter.
func queryID(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, validate.Errorf(name, "must be a positive whole number")
	}
	return n, nil
}
