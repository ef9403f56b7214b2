package tmpl

import "strconv"

// Variable is a variable a template reads from its context, as written:
// its root name and the steps after it.
type Variable struct {
	// Root is the first name: "ticket", "message", "account", …
	Root string
	// Steps are the attribute and item steps after Root, in order.
	Steps []Step
	// Text is the variable as the template author would write it:
	// ticket.customer.email, ticket.messages[-1]['body_text'].
	Text string
}

// Step is one step of a Variable.
type Step struct {
	// Key is the step's name or index: a string for ticket.customer or
	// ['body_text'], an int for [0] or [-1]. Dynamic steps (a[i]) have none.
	Key any
	// Dynamic says the key is computed when rendering.
	Dynamic bool
}

// Variables lists, once each and in order of appearance, the variables the
// template reads from the context: names it binds itself ({% set %}, loop
// variables, loop) and Jinja's global functions are left out, as are
// chains that start from another expression ((a|first).b). The list is
// what a save can compare with the names the context will hold, so that a
// misspelt name is pointed out before any request is sent.
func (t *Template) Variables() []Variable {
	var out []Variable
	seen := map[string]bool{}
	for _, c := range t.chains {
		if c.root == "" || t.bound[c.root] || c.root == contextName && len(c.keys) == 0 {
			continue
		}
		if c.root != contextName && environment.Context.Has(c.root) {
			continue
		}
		v := Variable{Root: c.root}
		text := []byte(c.root)
		for i, k := range c.keys {
			switch {
			case k == nil:
				v.Steps = append(v.Steps, Step{Dynamic: true})
				text = append(text, "[…]"...)
			case k.IsInteger():
				v.Steps = append(v.Steps, Step{Key: k.Integer()})
				text = append(text, "["+strconv.Itoa(k.Integer())+"]"...)
			default:
				s := k.String()
				if c.kinds[i] == '.' {
					text = append(text, "."+s...)
				} else {
					text = append(text, "['"+s+"']"...)
				}
				if n, err := strconv.Atoi(s); err == nil && strconv.Itoa(n) == s {
					v.Steps = append(v.Steps, Step{Key: n}) // messages.0
					continue
				}
				v.Steps = append(v.Steps, Step{Key: s})
			}
		}
		v.Text = string(text)
		if !seen[v.Text] {
			seen[v.Text] = true
			out = append(out, v)
		}
	}
	return out
}
