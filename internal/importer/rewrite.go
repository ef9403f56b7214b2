package importer

import (
	"regexp"
	"strconv"
)

// integrationRef finds integrations[12], integrations['12'] and
// integrations["12"] in the raw JSON of an object, where a double quote is
// escaped (\"). Templates reach an integration's fetched data this way
// (ticket.customer.integrations[12].plan).
var integrationRef = regexp.MustCompile(`integrations\[\s*('|\\")?(\d+)('|\\")?\s*\]`)

// rewriteRefs replaces each reference to an integration of ids by its new
// id. It returns the new text, how many references it changed and the
// source ids referenced that ids does not hold. ids maps to 0 in a dry run,
// where the reference is counted and left as it is.
func rewriteRefs(raw []byte, ids map[string]int64) (out []byte, changed int, unknown []string) {
	seen := map[string]bool{}
	out = integrationRef.ReplaceAllFunc(raw, func(m []byte) []byte {
		sub := integrationRef.FindSubmatch(m)
		old := string(sub[2])
		id, ok := ids[old]
		if !ok {
			if !seen[old] {
				seen[old] = true
				unknown = append(unknown, old)
			}
			return m
		}
		changed++
		if id == 0 {
			return m
		}
		return []byte("integrations[" + strconv.FormatInt(id, 10) + "]")
	})
	return out, changed, unknown
}
