package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// maxExport bounds an export file: the hosted helpdesk pages its lists by
// 100, and even thousands of objects stay far below this.
const maxExport = 64 << 20

// Item is one object of an export, as it came, with the fields every kind
// has read out.
type Item struct {
	Raw  json.RawMessage
	ID   string // the source id, as text
	Name string
	Type string
}

// ReadList reads an export file: a list as the hosted helpdesk's REST API
// returns it ({"data": [...], "meta": {...}}) or a bare array of objects.
func ReadList(r io.Reader, what string) ([]Item, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxExport+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", what, err)
	}
	if len(b) > maxExport {
		return nil, fmt.Errorf("importer: %s: larger than %d MiB", what, maxExport>>20)
	}
	// NUL bytes and invalid UTF-8 are refused here as the API refuses them,
	// before anything is created, rather than by one database and not the
	// other.
	if err := validate.JSONText(b); err != nil {
		return nil, fmt.Errorf("importer: %s: %w", what, err)
	}
	raws, err := listOf(b)
	if err != nil {
		return nil, fmt.Errorf("importer: %s: %w", what, err)
	}
	items := make([]Item, 0, len(raws))
	for i, raw := range raws {
		it, err := itemOf(raw)
		if err != nil {
			return nil, fmt.Errorf("importer: %s: item %d: %w", what, i, err)
		}
		items = append(items, it)
	}
	return items, nil
}

func listOf(b []byte) ([]json.RawMessage, error) {
	b = bytes.TrimSpace(b)
	var list []json.RawMessage
	switch {
	case len(b) > 0 && b[0] == '[':
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("not a JSON array of objects: %w", err)
		}
	case len(b) > 0 && b[0] == '{':
		var page struct {
			Data *[]json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(b, &page); err != nil || page.Data == nil {
			return nil, errors.New(`must be the API's list ({"data": [...]}) or a JSON array of objects`)
		}
		list = *page.Data
	default:
		return nil, errors.New(`must be the API's list ({"data": [...]}) or a JSON array of objects`)
	}
	return list, nil
}

func itemOf(raw json.RawMessage) (Item, error) {
	var head struct {
		ID   json.RawMessage `json:"id"`
		Name string          `json:"name"`
		Type string          `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return Item{}, fmt.Errorf("not an object with id, name and type: %w", err)
	}
	id := strings.Trim(string(bytes.TrimSpace(head.ID)), `"`)
	if id == "" || id == "null" {
		return Item{}, errors.New("has no id; the import needs the id the export gave it")
	}
	return Item{Raw: raw, ID: id, Name: head.Name, Type: head.Type}, nil
}
