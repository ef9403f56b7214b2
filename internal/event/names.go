package event

import "strings"

// Names completes a person's full name and first and last names from each
// other, as the hosted helpdesk shows people: an empty name is the first and
// last names joined by a space; empty first and last names are the name cut
// at its first space ("Ann Marie Lee" → "Ann", "Marie Lee"). Names that are
// all given are kept as they are.
func Names(name, first, last string) (string, string, string) {
	name, first, last = strings.TrimSpace(name), strings.TrimSpace(first), strings.TrimSpace(last)
	switch {
	case name == "":
		name = strings.TrimSpace(first + " " + last)
	case first == "" && last == "":
		first, last, _ = strings.Cut(name, " ")
		last = strings.TrimSpace(last)
	}
	return name, first, last
}
