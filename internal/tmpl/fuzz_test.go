package tmpl

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzTemplate parses and renders any text with a small context in every
// place: neither may panic, the output stays within its cap, and an error
// never shows the engine's insides.
func FuzzTemplate(f *testing.F) {
	for _, seed := range []string{
		"{{ticket.customer.email}}", "{{ticket.messages[-1]['body_html']}}", `{"a": "{{ticket.subject}}", "n": {{ticket.id}}}`,
		`{{ticket.created_datetime|datetime_format("MMM Do YY")|fallback("x")}}`, "{% for m in ticket.messages %}{{loop.index}}{% endfor %}",
		"{% if ticket.id > 1 %}a{% elif x %}b{% else %}c{% endif %}", "{% set n = 5 %}{{ range(n)|join(',') }}", "{{ lipsum(2) }}",
		"{{ 'a' * 3 }}{{ [1] * 2 }}{{ 1 % 2 }}{{ 'a' ~ 1 }}{{ [1] + [2] }}", "{{ 'x'|center(5) }}{{ '%d'|format(3) }}{{ ' '.join(['a']) }}",
		"{{ lipsum(1000000) }}", "{% for i in range(100000000) %}x{% endfor %}", "{{ 'a' * 300000000 }}", "{% raw %}{{x}}{% endraw %}",
		"{{ context }}", "{{ x|tojson(indent=2) }}", "{{ 1 % 0 }}", "{{ (((1))) }}", "{{ not not x }}", "{{ x if y else z }}",
	} {
		f.Add(seed)
	}
	ctx := BuildContext(ContextInput{
		Ticket: map[string]any{"id": 42.0, "subject": "Hi \"there\"", "customer": map[string]any{"email": "a@b.c"},
			"messages": []any{map[string]any{"id": 1.0, "body_text": "one"}}, "created_datetime": "2024-03-05T10:00:00Z"},
		Message: map[string]any{"id": 1.0},
	})
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		tpl, err := Parse(src)
		if err != nil {
			var serr *SyntaxError
			if !errors.As(err, &serr) {
				t.Fatalf("Parse(%q) error %T %v, want a *SyntaxError", src, err, err)
			}
			return
		}
		for _, place := range []Place{PlaceText, PlaceURL, PlaceJSON, PlaceForm, PlaceHeader} {
			lim := Limits{Output: 4096, Timeout: time.Second}
			res, err := tpl.RenderWithin(ctx, place, lim)
			if err == nil && len(res.Text) > 4096 {
				t.Fatalf("Render(%q, %v) made %d bytes past its cap", src, place, len(res.Text))
			}
			var rerr *RenderError
			if errors.As(err, &rerr) {
				for _, mark := range internals {
					if strings.Contains(rerr.Msg, mark) {
						t.Fatalf("Render(%q, %v) error %q shows %q", src, place, rerr.Msg, mark)
					}
				}
			}
		}
	})
}
