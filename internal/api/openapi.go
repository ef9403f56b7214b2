package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3.1 document of the API, served at
// GET /api/openapi.json; docs/openapi.json is a copy of it.
//
//go:embed openapi.json
var OpenAPI []byte

// openAPIPath is the one API path served without a token: the document
// says what the API is, nothing about what it holds.
const openAPIPath = "/api/openapi.json"

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(OpenAPI)
}
