package tmpl

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseSyntaxError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		line    int
		col     int
		message string
	}{
		{name: "empty filter name", src: `{"email": "{{ ticket.customer.email | }}"}`, line: 1, col: 39, message: "filter name"},
		{name: "unclosed variable", src: "Hello {{ ticket.", line: 1, col: 17, message: "expected name or integer"},
		{name: "second line", src: "line one\n  {{ a b }}", line: 2, col: 8, message: "expected"},
		{name: "unterminated string", src: `{{ "abc }}`, line: 1, col: 11, message: "ends inside a string"},
		{name: "unknown filter", src: "{{ x|nope }}", line: 1, col: 6, message: `unknown filter "nope"`},
		{name: "unknown test", src: "{% if x is nope %}{% endif %}", line: 1, col: 12, message: `unknown test "nope"`},
		{name: "unclosed for", src: "{% for m in ticket.messages %}", line: 1, col: 31, message: "endfor"},
		{name: "empty if", src: "{% if %}", line: 1, col: 9, message: "if"},
		{name: "block set", src: "{% set x %}a{% endset %}", line: 1, col: 8, message: "block form"},
		{name: "macro", src: "\n{% macro m() %}{% endmacro %}", line: 2, col: 10, message: "macros are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.src)
			var serr *SyntaxError
			if !errors.As(err, &serr) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", tt.src, err)
			}
			if serr.Line != tt.line || serr.Col != tt.col || !strings.Contains(serr.Msg, tt.message) {
				t.Errorf("Parse(%q) = line %d col %d %q, want line %d col %d containing %q",
					tt.src, serr.Line, serr.Col, serr.Msg, tt.line, tt.col, tt.message)
			}
			prefix := fmt.Sprintf("line %d, column %d: ", tt.line, tt.col)
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("Error() = %q, want the prefix %q", err.Error(), prefix)
			}
		})
	}
}

// TestParseRefusesFiles checks that no tag can read a file: each is refused
// when the template is parsed, so nothing is ever read.
func TestParseRefusesFiles(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		`{% include "/etc/passwd" %}`,
		`{% include "/etc/passwd" ignore missing %}`,
		`{% import "/etc/passwd" as p %}`,
		`{% from "/etc/passwd" import x %}`,
		`{% extends "/etc/passwd" %}`,
		`{% include "/t" %}`,
	} {
		t.Run(src, func(t *testing.T) {
			t.Parallel()
			tpl, err := Parse(src)
			var serr *SyntaxError
			if !errors.As(err, &serr) || !strings.Contains(serr.Msg, "not allowed") {
				t.Fatalf("Parse(%q) = %v, %v; want a SyntaxError saying it is not allowed", src, tpl, err)
			}
			if strings.Contains(err.Error(), "root:") {
				t.Errorf("error shows file content: %v", err)
			}
		})
	}
}

func TestParseAcceptsHelpdeskSyntax(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"{{ticket.customer.email}}",
		"{{ticket.messages[-1].body_text}}",
		"{{ticket.messages[-1]['body_html']}}",
		"{{ticket.customer.integrations[12].plan}}",
		`{{ticket.created_datetime|datetime_format("MMM Do YY")}}`,
		`{{ticket.customer.firstname|fallback("there")}}`,
		"{{context}}",
		"",
	} {
		if _, err := Parse(src); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}
