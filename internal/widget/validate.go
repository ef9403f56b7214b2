package widget

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Text limits: a title is a label, a card template a short line. They keep
// imported widgets to a sane size.
const (
	maxTitleLen    = 200
	maxTemplateLen = 1000
)

// colorPattern is the CSS hex colour the UI puts in a style attribute; only
// this form is accepted so a colour can never carry other CSS.
var colorPattern = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// Validate checks a widget tree before it is saved or imported. The error is
// a *validate.Error whose Field is the JSON path of the offending value as
// the API receives it ("template.widgets[1].meta.color").
func Validate(root Node) error {
	_, err := compile(root)
	return err
}

// templates maps a card template's source to its parsed form, so Render
// parses each template once per call.
type templates map[string]*tmpl.Template

// compile validates the tree and parses its card templates.
func compile(root Node) (templates, error) {
	if countNodes(root, MaxNodes) > MaxNodes {
		return nil, validate.Errorf("template", "has more than %d widgets; split it into several widgets", MaxNodes)
	}
	if root.Type != TypeWrapper {
		return nil, validate.Errorf("template.type", "must be %q: a widget's root is a wrapper, not %q", TypeWrapper, root.Type)
	}
	tpls := templates{}
	return tpls, tpls.node(root, "template", 1, false)
}

// countNodes counts the nodes of n, stopping once it passes limit so a huge
// tree costs no more than a legal one.
func countNodes(n Node, limit int) int {
	count := 1
	for _, c := range n.Widgets {
		if count > limit {
			break
		}
		count += countNodes(c, limit-count)
	}
	return count
}

// node checks n, found at field and depth (the root is at depth 1).
// itemOfList is true for a list's item template, whose path may be empty.
func (t templates) node(n Node, field string, depth int, itemOfList bool) error {
	if depth > MaxDepth {
		return validate.Errorf(field, "is nested too deeply: a widget may have at most %d levels", MaxDepth)
	}
	if err := checkType(n.Type, field, depth); err != nil {
		return err
	}
	if err := t.texts(n, field); err != nil {
		return err
	}
	if err := checkNodePath(n, field, itemOfList); err != nil {
		return err
	}
	if err := t.meta(n, field+".meta"); err != nil {
		return err
	}
	return t.children(n, field, depth)
}

// checkType accepts a wrapper only at the root and the other known types
// below it.
func checkType(typ, field string, depth int) error {
	switch {
	case typ == TypeWrapper && depth > 1:
		return validate.Errorf(field+".type", "a wrapper can only be the root of a widget; use a card to group fields")
	case typ == TypeWrapper, typ == TypeCard, typ == TypeList, IsLeaf(typ):
		return nil
	}
	return validate.Errorf(field+".type", "must be one of %s, %s, %s, not %q",
		TypeCard, TypeList, strings.Join(leafTypes, ", "), typ)
}

// texts checks the title: plain text for most nodes, a template for cards.
func (t templates) texts(n Node, field string) error {
	if n.Type != TypeCard {
		return validate.MaxLen(field+".title", n.Title, maxTitleLen)
	}
	return t.parse(field+".title", n.Title)
}

// parse checks a card template and keeps its parsed form.
func (t templates) parse(field, src string) error {
	if err := validate.MaxLen(field, src, maxTemplateLen); err != nil {
		return err
	}
	if _, ok := t[src]; ok {
		return nil
	}
	p, err := tmpl.Parse(src)
	if err != nil {
		return validate.Errorf(field, "is not a valid template: %v", err)
	}
	t[src] = p
	return nil
}

// checkNodePath requires a path where the node would otherwise have no data
// of its own: a list needs an array, a leaf a value (except as a list's item
// template, where the item itself is the value).
func checkNodePath(n Node, field string, itemOfList bool) error {
	if n.Path == "" {
		switch {
		case n.Type == TypeList:
			return validate.Errorf(field+".path", "is required: a list shows the array at its path, such as orders")
		case IsLeaf(n.Type) && !itemOfList:
			return validate.Errorf(field+".path", "is required: a %s field shows the value at its path, such as customer.email", n.Type)
		}
		return nil
	}
	if msg := pathProblem(n.Path); msg != "" {
		return validate.Errorf(field+".path", "%s", msg)
	}
	return nil
}

// meta checks each setting and that it sits on the type that uses it, so a
// misplaced setting is reported rather than silently ignored.
func (t templates) meta(n Node, field string) error {
	m := n.Meta
	if m.Color != "" {
		if err := only(n.Type, TypeWrapper, field+".color", "the widget's border colour"); err != nil {
			return err
		}
		if !colorPattern.MatchString(m.Color) {
			return validate.Errorf(field+".color", "must be a CSS hex colour such as #a1b2c3 or #abc, not %q", m.Color)
		}
	}
	if m.Link != "" {
		if err := only(n.Type, TypeCard, field+".link", "the link of a card"); err != nil {
			return err
		}
		if err := t.parse(field+".link", m.Link); err != nil {
			return err
		}
	}
	if m.PictureURL != "" {
		if err := only(n.Type, TypeCard, field+".pictureUrl", "the picture of a card"); err != nil {
			return err
		}
		if err := t.parse(field+".pictureUrl", m.PictureURL); err != nil {
			return err
		}
	}
	if err := t.custom(n.Type, m.Custom, field+".custom"); err != nil {
		return err
	}
	if m.DisplayCard != nil && n.Type != TypeCard && n.Type != TypeWrapper {
		return validate.Errorf(field+".displayCard", "is whether a card is shown as a card and is only used on a card or the wrapper, not on a %s", n.Type)
	}
	return listMeta(n.Type, m, field)
}

// listMeta checks limit and orderBy.
func listMeta(typ string, m Meta, field string) error {
	if m.badLimit != "" {
		return validate.Errorf(field+".limit", "must be a whole number from 1 to %d (or a string of one, such as \"2\"; empty for the default of %d), not %s", MaxLimit, DefaultLimit, m.badLimit)
	}
	if m.Limit != 0 {
		if err := only(typ, TypeList, field+".limit", "how many items a list shows"); err != nil {
			return err
		}
		if m.Limit < 1 || m.Limit > MaxLimit {
			return validate.Errorf(field+".limit", "must be a whole number from 1 to %d, not %d", MaxLimit, m.Limit)
		}
	}
	if m.OrderBy != "" {
		if err := only(typ, TypeList, field+".orderBy", "how a list sorts its items"); err != nil {
			return err
		}
		key := strings.TrimPrefix(m.OrderBy, "-")
		msg := pathProblem(key)
		if strings.HasPrefix(key, "-") {
			msg = "has more than one leading -"
		}
		if msg != "" {
			return validate.Errorf(field+".orderBy", "must be a field of the items, prefixed with - for descending order (such as -created_at); it %s", msg)
		}
	}
	return nil
}

// only refuses a setting on a node type that does not use it.
func only(typ, want, field, what string) error {
	if typ == want {
		return nil
	}
	return validate.Errorf(field, "is %s and is only used on a %s, not on a %s", what, want, typ)
}

// children checks the children a node may have: none for a leaf, exactly
// the item template (a card or a leaf) for a list, any cards, lists and
// leaves for a wrapper or card.
func (t templates) children(n Node, field string, depth int) error {
	switch {
	case IsLeaf(n.Type) && len(n.Widgets) > 0:
		return validate.Errorf(field+".widgets", "must be empty: a %s field shows one value and has no widgets", n.Type)
	case n.Type == TypeList && len(n.Widgets) != 1:
		return validate.Errorf(field+".widgets", "must hold exactly one widget, the template of each item (a card or a field); it holds %d", len(n.Widgets))
	case n.Type == TypeList && n.Widgets[0].Type == TypeList:
		return validate.Errorf(field+".widgets[0].type", "the item template of a list must be a card or a field, not a list; put the inner list in a card")
	}
	for i, c := range n.Widgets {
		f := fmt.Sprintf("%s.widgets[%d]", field, i)
		if err := t.node(c, f, depth+1, n.Type == TypeList); err != nil {
			return err
		}
	}
	return nil
}
