// Package widget owns the widgets of the ticket sidebar: the tree that says
// how to show one integration's fetched data (the same JSON the API takes, so
// widgets can be exported and imported), its validation, the default tree
// built from a customer's data, and the view model the sidebar renders.
//
// The tree functions are pure functions over JSON. Service (service.go,
// sidebar.go) is the thin layer over the store that saves widgets, builds a
// default tree from a customer's stored data and renders the sidebar.
package widget

import "slices"

// The node types. A widget is a wrapper at the root; cards and lists group
// the leaves, which show one value each.
const (
	// TypeWrapper is the root of a widget: its title and border colour.
	TypeWrapper = "wrapper"
	// TypeCard shows an object: a title and an optional link, both templates.
	TypeCard = "card"
	// TypeList shows an array: its one child is the template of each item.
	TypeList = "list"

	// TypeText shows a value as it is.
	TypeText = "text"
	// TypeBoolean shows Yes or No.
	TypeBoolean = "boolean"
	// TypeDate shows a date such as "Mar 1, 2026".
	TypeDate = "date"
	// TypeArray shows the values of an array, joined with commas.
	TypeArray = "array"
	// TypeEmail shows an email address, linked with mailto:.
	TypeEmail = "email"
	// TypeAge shows the age in years of a birth date.
	TypeAge = "age"
	// TypeURL shows a URL, linked when it is http or https.
	TypeURL = "url"
	// TypeSentiment shows a sentiment score.
	TypeSentiment = "sentiment"
	// TypeRating shows a rating.
	TypeRating = "rating"
	// TypePoints shows a number of points.
	TypePoints = "points"
	// TypePercent shows a number with a % sign.
	TypePercent = "percent"
)

// leafTypes is in the order the UI offers them when an admin changes a
// field's type.
var leafTypes = []string{
	TypeText, TypeBoolean, TypeDate, TypeArray, TypeEmail, TypeAge,
	TypeURL, TypeSentiment, TypeRating, TypePoints, TypePercent,
}

// LeafTypes returns the types a field (a leaf) can have, for the UI's type
// picker. The slice is a copy.
func LeafTypes() []string { return slices.Clone(leafTypes) }

// IsLeaf reports whether typ is one of the leaf types.
func IsLeaf(typ string) bool { return slices.Contains(leafTypes, typ) }

// Limits on a widget. An imported widget is input like any other: the depth
// and size limits keep a crafted one from making every ticket page slow. 8
// levels hold wrapper → list → card → list → card with room to spare, and 500
// nodes is far more than a sidebar can usefully show.
const (
	// MaxDepth is how many levels a widget may have, the wrapper included.
	MaxDepth = 8
	// MaxNodes is how many nodes a widget may have, the wrapper included.
	MaxNodes = 500
	// DefaultLimit is how many items a list shows when meta.limit is unset.
	DefaultLimit = 3
	// MaxLimit is the largest meta.limit.
	MaxLimit = 100
)

// Node is one node of a widget tree, in the JSON shape of the API (fields
// in the order API.md writes them, so an exported widget reads the same).
type Node struct {
	// Type is one of the Type constants.
	Type string `json:"type"`
	// Path is the dotted path of the node's data, relative to its parent's
	// ("customer.address.city", "orders", "orders.0.id"). Empty means the
	// parent's data itself: a list's item template usually has no path.
	Path string `json:"path,omitempty"`
	// Title is plain text for the wrapper, lists and leaves, and a template
	// rendered with the card's object for cards ("Order {{id}}").
	Title string `json:"title,omitempty"`
	// Meta holds the settings of the node's type.
	Meta Meta `json:"meta,omitzero"`
	// Widgets are the children of a wrapper, card or list.
	Widgets []Node `json:"widgets,omitempty"`
}

// Meta holds the settings that only some node types use.
type Meta struct {
	// Color is the wrapper's border colour, #rgb or #rrggbb.
	Color string `json:"color,omitempty"`
	// Link is a card's link, a template rendered with the card's object.
	// As in an integration's URL, each value is percent-encoded, so a value
	// that is a whole URL is written {{url|safe}}. The link is shown only
	// when the result is an http or https URL.
	Link string `json:"link,omitempty"`
	// Limit is how many items a list shows, 1 to MaxLimit; 0 means
	// DefaultLimit.
	Limit int `json:"limit,omitempty"`
	// OrderBy sorts a list's items by one of their fields, descending when
	// prefixed with "-" ("-created_at").
	OrderBy string `json:"orderBy,omitempty"`
	// DisplayCard is the hosted helpdesk's switch for showing a card (or
	// the wrapper) as a card; kept as given so its widgets round-trip.
	DisplayCard *bool `json:"displayCard,omitempty"`
	// PictureURL is a card's picture, a template like Link, as the hosted
	// helpdesk stores it.
	PictureURL string `json:"pictureUrl,omitempty"`
	// Custom holds a card's links and buttons (actions.go).
	Custom *Custom `json:"custom,omitempty"`

	// badLimit is a limit given as a string that is not a number, kept for
	// Validate to report with the node's path.
	badLimit string
}
