package widget

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
)

// sortRank orders values of different kinds: numbers, then strings, then
// booleans, then anything else; missing or empty values always come last,
// in descending order too, since they say nothing about the item.
type sortRank int

const (
	rankNumber sortRank = iota
	rankString
	rankBool
	rankOther
	rankMissing
)

// sortKey is an item's value of the orderBy field, read once.
type sortKey struct {
	rank sortRank
	num  float64
	str  string
}

// sortOrder returns the indexes of items in the order of orderBy ("field" ascending,
// "-field" descending): numbers numerically, strings lexically (which sorts
// ISO dates by time). The sort is stable, so equal items keep the order the
// integration's API gave them. Without orderBy the order is the
// items' own. Indexes, not items, so a card in a sorted list keeps the
// address of its item in the stored array.
func sortOrder(items []any, orderBy string) []int {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	if orderBy == "" || len(items) < 2 {
		return order
	}
	path, desc := strings.CutPrefix(orderBy, "-")
	keys := make([]sortKey, len(items))
	for i, it := range items {
		keys[i] = keyOf(it, path)
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareKeys(keys[a], keys[b], desc) })
	return order
}

// keyOf reads the sort key of one item.
func keyOf(item any, path string) sortKey {
	v, ok := lookup(item, path)
	if !ok || isEmpty(v) {
		return sortKey{rank: rankMissing}
	}
	switch x := v.(type) {
	case json.Number:
		if f, ok := numberOf(x); ok {
			return sortKey{rank: rankNumber, num: f}
		}
	case string:
		return sortKey{rank: rankString, str: x}
	case bool:
		if x {
			return sortKey{rank: rankBool, num: 1}
		}
		return sortKey{rank: rankBool}
	}
	return sortKey{rank: rankOther}
}

// compareKeys compares two keys; desc reverses the order within a kind but
// not the order of kinds, so missing values stay last.
func compareKeys(a, b sortKey, desc bool) int {
	if a.rank != b.rank {
		return cmp.Compare(a.rank, b.rank)
	}
	c := cmp.Or(cmp.Compare(a.num, b.num), strings.Compare(a.str, b.str))
	if desc {
		return -c
	}
	return c
}
