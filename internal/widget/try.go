package widget

import (
	"errors"
	"fmt"

	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// tryTemplates renders every card title and link of a tree against an
// empty object, so one past a template limit whatever the data holds is a
// 422 at save rather than a placeholder on every sidebar. It renders, so it
// runs before the save's transaction opens; syntax errors are left to
// Validate, which runs inside it.
func tryTemplates(n Node, field string) error { return tryNode(n, field, 1) }

func tryNode(n Node, field string, depth int) error {
	if depth > MaxDepth {
		return nil // Validate refuses the tree
	}
	if n.Type == TypeCard {
		if err := tryTemplate(field+".title", n.Title, tmpl.PlaceText); err != nil {
			return err
		}
		if err := tryTemplate(field+".meta.link", n.Meta.Link, tmpl.PlaceURL); err != nil {
			return err
		}
	}
	for i, c := range n.Widgets {
		if i >= MaxNodes {
			break
		}
		if err := tryNode(c, fmt.Sprintf("%s.widgets[%d]", field, i), depth+1); err != nil {
			return err
		}
	}
	return nil
}

func tryTemplate(field, src string, place tmpl.Place) error {
	if src == "" {
		return nil
	}
	t, err := tmpl.Parse(src)
	if err != nil {
		return nil
	}
	if _, err := t.RenderWithin(map[string]any{}, place, textLimits); errors.Is(err, tmpl.ErrLimit) {
		return validate.Errorf(field, "goes past a template limit: %v", err)
	}
	return nil
}
