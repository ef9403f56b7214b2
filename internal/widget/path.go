package widget

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// maxPathLen bounds a path or orderBy; real keys are short, and the bound
// keeps an imported widget from carrying megabytes in a field.
const maxPathLen = 200

// pathProblem says what is wrong with a dotted path, or "" when it is valid.
// Keys that start with "_" are refused because DESIGN.md promises they are
// never shown (among them "__integration_type__").
func pathProblem(p string) string {
	if utf8.RuneCountInString(p) > maxPathLen {
		return "must be at most " + strconv.Itoa(maxPathLen) + " characters"
	}
	for seg := range strings.SplitSeq(p, ".") {
		if strings.TrimSpace(seg) == "" {
			return "must be a dotted path of keys such as customer.address.city or orders.0.id, without empty parts"
		}
		if strings.IndexFunc(seg, unicode.IsControl) >= 0 {
			return "must not hold control characters"
		}
		if strings.HasPrefix(seg, "_") {
			return "cannot name a key that starts with _ (" + strconv.Quote(seg) + "): such keys are never shown"
		}
	}
	return ""
}

// lookup follows a dotted path from v. Objects are read by key, arrays by a
// whole-number segment (negative counts from the end, as in templates) or by
// a name, which picks the item whose "key" is that name (tmpl.KeyedItem:
// metafields.loyalty_points is the metafield with key loyalty_points). An
// empty path is v itself. ok is false when the path leads nowhere.
func lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for seg := range strings.SplitSeq(path, ".") {
		var ok bool
		if v, ok = step(v, seg); !ok {
			return nil, false
		}
	}
	return v, true
}

// step reads one key or index of v.
func step(v any, seg string) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		if strings.HasPrefix(seg, "_") {
			return nil, false
		}
		e, ok := x[seg]
		return e, ok
	case []any:
		i, err := strconv.Atoi(seg)
		if err != nil {
			// A name picks the item whose "key" it is, as in templates.
			e := tmpl.KeyedItem(x, seg)
			return e, e != nil
		}
		if i < 0 {
			i += len(x)
		}
		if i < 0 || i >= len(x) {
			return nil, false
		}
		return x[i], true
	}
	return nil, false
}

// acronyms are the words humanize writes in capitals, so a key "order_id"
// reads "Order ID" and not "Order id".
var acronyms = map[string]string{
	"id": "ID", "url": "URL", "uri": "URI", "api": "API", "ip": "IP",
	"uuid": "UUID", "sku": "SKU", "vip": "VIP", "vat": "VAT",
}

// humanize turns a JSON key into a title: "shipping_address" and
// "shippingAddress" both become "Shipping address".
func humanize(key string) string {
	words := strings.Fields(strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' {
			return ' '
		}
		return r
	}, splitCamel(key)))
	for i, w := range words {
		w = strings.ToLower(w)
		if a, ok := acronyms[w]; ok {
			w = a
		} else if i == 0 {
			r, n := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[n:]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

// splitCamel puts a space before each capital that follows a lower-case
// letter or a digit: "createdAt" → "created At".
func splitCamel(s string) string {
	var b strings.Builder
	var prev rune
	for _, r := range s {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
