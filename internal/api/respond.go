package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// maxBody bounds a request body; messages may carry up to 1 MiB of text.
const maxBody = 4 << 20

// retryAfter is the Retry-After of a 503, in seconds: long enough not to
// hammer a database that is coming back, short enough for a client to be
// served soon after it is.
const retryAfter = "5"

// errorBody is the API's one error shape. A validation error also lists
// every field error of the input in Errors, the first one being Field and
// Message.
type errorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Field   string         `json:"field,omitempty"`
		Errors  []fieldProblem `json:"errors,omitempty"`
	} `json:"error"`
}

// fieldProblem is one field's error or warning: {"field", "message"}, the
// message in the same words as the error's own ("http.url: is required").
type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problems lists validation errors (or warnings) in the API's shape.
func problems(list []*validate.Error) []fieldProblem {
	out := make([]fieldProblem, len(list))
	for i, e := range list {
		out[i] = fieldProblem{Field: e.Field, Message: e.Error()}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeProblem(w http.ResponseWriter, status int, code, field, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Field, b.Error.Message = code, field, msg
	writeJSON(w, status, b)
}

// writeError answers err with the status it calls for. Only unexpected
// failures are 500, and their details go to the log, not the client.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if v, ok := validate.As(err); ok {
		var b errorBody
		b.Error.Code, b.Error.Field, b.Error.Message = "validation_failed", v.Field, v.Error()
		b.Error.Errors = problems(validate.All(err))
		writeJSON(w, http.StatusUnprocessableEntity, b)
		return
	}
	var bad *badRequest
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(throttled.Seconds()))
		writeProblem(w, http.StatusTooManyRequests, "too_many_attempts", "", throttled.Error())
	case errors.As(err, &bad):
		writeProblem(w, http.StatusBadRequest, "malformed_json", "", bad.msg)
	case errors.Is(err, query.ErrNotFound):
		writeProblem(w, http.StatusNotFound, "not_found", "", "not found")
	case errors.Is(err, query.ErrConflict):
		writeProblem(w, http.StatusConflict, "conflict", "", "already exists: "+conflictWhat(err))
	case errors.Is(err, delivery.ErrDisabled):
		writeProblem(w, http.StatusConflict, "conflict", "", err.Error())
	case errors.Is(err, query.ErrUnavailable):
		a.log.Warn("api: database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", retryAfter)
		writeProblem(w, http.StatusServiceUnavailable, "unavailable", "", "the database is unavailable (unreachable or out of space); nothing was changed, try again shortly")
	case errors.Is(err, auth.ErrUnauthenticated):
		writeProblem(w, http.StatusUnauthorized, "unauthenticated", "", "a valid API token is required")
	case errors.Is(err, auth.ErrForbidden):
		writeProblem(w, http.StatusForbidden, "forbidden", "", "only admins may do this")
	default:
		a.log.Error("api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeProblem(w, http.StatusInternalServerError, "internal", "", "internal error; see the server log")
	}
}

// conflictWhat names the write that broke a unique rule, from the error the
// store made; an ErrConflict from elsewhere names nothing more.
func conflictWhat(err error) string {
	var c *query.ConflictError
	if errors.As(err, &c) {
		return c.Op
	}
	return query.ErrConflict.Error()
}

// badRequest is a body that is not the JSON the endpoint takes.
type badRequest struct{ msg string }

func (b *badRequest) Error() string { return b.msg }

// decode reads a JSON body into v. Malformed JSON is a 400; a known field of
// the wrong type or an unknown field is a 422 naming it, so typos do not pass
// silently. Text that no field may hold (NUL, invalid UTF-8) is refused here
// for every endpoint at once, with the path of the key or value that holds it.
func decode(r *http.Request, w http.ResponseWriter, v any) error {
	raw, err := readBody(r, w)
	if err != nil {
		return err
	}
	if err := validate.JSONText(raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		if dec.More() {
			return &badRequest{"the body must hold one JSON value"}
		}
		return nil
	case isValidation(err):
		// A type that reads itself (an integration) names the field itself.
		return err
	case errors.Is(err, io.EOF):
		return &badRequest{"the body is empty; send a JSON object"}
	case errors.As(err, &typeErr):
		return validate.Errorf(typeErr.Field, "must be a JSON %s, not %s", jsonType(typeErr.Type.String()), typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return validate.Errorf(field, "is not a known field")
	default:
		var fieldErr interface{ Unwrap() error }
		if errors.As(err, &fieldErr) {
			return validate.Errorf("", "%v", err)
		}
		return &badRequest{"malformed JSON: " + err.Error()}
	}
}

func isValidation(err error) bool {
	_, ok := validate.As(err)
	return ok
}

// readBody reads the whole body, up to maxBody.
func readBody(r *http.Request, w http.ResponseWriter) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return nil, &badRequest{fmt.Sprintf("the body is larger than %d bytes", maxBody)}
	case err != nil:
		return nil, &badRequest{"could not read the body: " + err.Error()}
	}
	return raw, nil
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "int"), strings.Contains(goType, "float"):
		return "number"
	case goType == "string", strings.Contains(goType, "Time"):
		return "string"
	case goType == "bool":
		return "boolean"
	case strings.HasPrefix(goType, "[]"):
		return "array"
	}
	return "object"
}

// pathID reads a positive integer path value; anything else is a 404, since
// no such resource can exist.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, http.StatusNotFound, "not_found", "", "no such endpoint: "+r.Method+" "+r.URL.Path)
}
