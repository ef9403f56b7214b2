package tmpl

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestRenderLimits renders, for every limit, a template that goes past it
// only when it runs (its counts come from variables), and checks that the
// rendering stops with a LimitError that names the limit.
func TestRenderLimits(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct {
		name  string
		src   string
		place Place
		lim   Limits
		want  string
	}{
		{name: "range", src: "{% set n = 100000000 %}{% for i in range(n) %}x{% endfor %}", want: "range makes at most 10000 numbers"},
		{name: "range with step", src: "{% set n = -100000000 %}{{ range(0, n, -1)|length }}", want: "range makes at most 10000 numbers"},
		{name: "lipsum paragraphs", src: "{% set n = 1000000 %}{{ lipsum(n) }}", want: "lipsum makes at most 100 paragraphs"},
		{name: "lipsum words", src: "{% set n = 1000000 %}{{ lipsum(1, max=n) }}", want: "lipsum makes at most 100 paragraphs of at most 100 words"},
		{name: "string repetition", src: "{% set n = 300000000 %}{{ 'a' * n }}", want: "would make a string longer than 256 KiB"},
		{name: "repetition with the count first", src: "{% set n = 300000000 %}{{ n * 'ab' }}", want: "would make a string longer than 256 KiB"},
		{name: "list repetition", src: "{% set n = 300000000 %}{{ ([1, 2] * n)|length }}", want: "more than 10000 items"},
		{name: "concatenation", src: "{% set a = 'a' * 200000 %}{{ (a ~ a)|length }}", want: "limited to 256 KiB"},
		{name: "values made in all", src: "{% set a = 'a' * 200000 %}{% for i in range(10) %}{{ (a ~ 'b')|length }}{% endfor %}", want: "more than 1 MiB of values"},
		{name: "loop iterations", src: "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", want: "loops ran more than 10000 times"},
		{name: "loop if counts", src: "{% for i in range(100) %}{% for j in range(10000) if false %}{% endfor %}{% endfor %}", want: "loops ran more than 10000 times"},
		{name: "loop over too many items", src: "{% set l = 'x' * 20000 %}{% for c in l %}{% endfor %}", want: "a loop over 20000 items"},
		{name: "body output", src: "{% for i in range(3000) %}{{ 'x' * 100 }}{% endfor %}", place: PlaceText, want: "larger than 256 KiB"},
		{name: "url output", src: "https://x.example/{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", place: PlaceURL, want: "larger than 8 KiB"},
		{name: "header output", src: "{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", place: PlaceHeader, want: "larger than 8 KiB"},
		{name: "json output", src: `{"a": "{% for i in range(3000) %}{{ 'x' * 100 }}{% endfor %}"}`, place: PlaceJSON, want: "larger than 256 KiB"},
		{name: "output cap given", src: "{{ 'x' * 100 }}", lim: Limits{Output: 50}, want: "larger than 50 bytes"},
		{name: "time", src: "{% for i in range(10000) %}{{ i }}{% endfor %}", lim: Limits{Timeout: time.Nanosecond}, want: "took longer than 1ns"},
		{name: "center width", src: "{% set n = 1000000 %}{{ 'x'|center(n) }}", want: "center takes a width or count from 0 to 10000"},
		{name: "center method", src: "{% set n = 1000000 %}{{ 'x'.center(n) }}", want: "center takes a width or count from 0 to 10000"},
		{name: "zfill method", src: "{% set n = 1000000 %}{{ 'x'.zfill(n) }}", want: "zfill takes a width or count"},
		{name: "batch count", src: "{{ [1]|batch(100000000, 0) }}", want: "batch takes a width or count"},
		{name: "indent string", src: "{% set s = 'a\n' * 1000 %}{{ s|indent('x' * 1000) }}", want: "limited to 256 KiB"},
		{name: "tojson indent", src: "{{ ticket|tojson(indent=100000000) }}", want: "tojson takes an indent from 0 to 16"},
		{name: "replace", src: "{{ ('x' * 1000)|replace('x', 'y' * 1000) }}", want: "limited to 256 KiB"},
		{name: "replace method", src: "{{ ('x' * 1000).replace('x', 'y' * 1000) }}", want: "limited to 256 KiB"},
		{name: "join separator", src: "{{ range(10000)|join('x' * 1000) }}", want: "limited to 256 KiB"},
		{name: "join method", src: "{{ ('x' * 1000).join(range(10000)) }}", want: "limited to 256 KiB"},
		{name: "format widths", src: "{{ '%999999d%999999d'|format(1, 2) }}", want: "limited to 256 KiB"},
		{name: "format method widths", src: "{{ '{:>99999999}'.format(1) }}", want: "limited to 256 KiB"},
		{name: "list of characters", src: "{{ ('x' * 20000)|list|length }}", want: "list would have 20000 items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := mustParse(t, tt.src)
			_, err := tpl.RenderWithin(ctx, tt.place, tt.lim)
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("Render(%q) error = %v, want a limit error", tt.src, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Render(%q) error = %q, want it to say %q", tt.src, err, tt.want)
			}
		})
	}
}

// TestParseRefusesPastLimits checks the limits that are known from the
// text alone: they are refused when the template is saved.
func TestParseRefusesPastLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{name: "lipsum", src: "{{ lipsum(1000000) }}", want: "line 1, column 4: lipsum makes at most 100 paragraphs"},
		{name: "lipsum keyword", src: "{{ lipsum(max=1000000) }}", want: "lipsum makes at most 100 paragraphs"},
		{name: "range", src: "{% for i in range(100000000) %}x{% endfor %}", want: "range makes at most 10000 numbers; this one would make 100000000"},
		{name: "range with start", src: "{{ range(-100000000, 0) }}", want: "range makes at most 10000 numbers"},
		{name: "string repetition", src: "{{ 'a' * 300000000 }}", want: "column 8: repeating 1 characters 300000000 times would make a string longer than 256 KiB"},
		{name: "repetition count first", src: "{{ 50000000 * 'a' }}", want: "longer than 256 KiB"},
		{name: "list repetition", src: "{{ [1, 2, 3] * 100000 }}", want: "more than 10000 items"},
		{name: "recursive loop", src: "{% for x in l recursive %}{{ loop(x) }}{% endfor %}", want: "recursive loops are not supported"},
		{name: "append", src: "{% set l = [] %}{{ l.append(l) }}", want: ".append() is not supported: a template cannot change values"},
		{name: "dict update", src: "{{ ticket.customer.update({}) }}", want: ".update() is not supported"},
		{name: "deep brackets", src: "{{ " + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100) + " }}", want: "brackets nest more than 64 deep"},
		{name: "deep blocks", src: strings.Repeat("{% if 1 %}", 100) + strings.Repeat("{% endif %}", 100), want: "blocks nest more than 64 deep"},
		{name: "operators in a row", src: "{{ " + strings.Repeat("not ", 100) + "x }}", want: "more than 64 operators in a row"},
		{name: "long tag", src: "{{ 1" + strings.Repeat(" + 1", 1000) + " }}", want: "a tag holds more than 1000 words and symbols"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.src)
			var serr *SyntaxError
			if !errors.As(err, &serr) {
				t.Fatalf("Parse(%.60q) error = %v, want a *SyntaxError", tt.src, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%.60q) error = %q, want it to say %q", tt.src, err, tt.want)
			}
		})
	}
}

// TestRenderWithinLimitsStillWorks keeps what the limits must not break.
func TestRenderWithinLimitsStillWorks(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct{ name, src, want string }{
		{name: "range", src: "{{ range(3)|join(',') }} {{ range(1, 7, 2)|list }} {{ range(3, 0, -1)|list }}", want: "0,1,2 [1,3,5] [3,2,1]"},
		{name: "loop to the limit", src: "{% for i in range(10000) %}{% endfor %}done", want: "done"},
		{name: "lipsum", src: "{{ lipsum(2, html=false, min=3, max=5)|wordcount > 0 }}", want: "true"},
		{name: "repetition", src: "{{ 'ab' * 3 }} {{ 2 * 'c' }} {{ 'x' * 0 }}{{ 'x' * -2 }} {{ [1] * 2 }}", want: "ababab cc  [1,1]"},
		{name: "arithmetic", src: "{{ 6 * 7 }} {{ 1.5 * 2 }} {{ 7 % 3 }} {{ 1 + 2 }} {{ 0.5 + 1 }}", want: "42 3 1 3 1.5"},
		{name: "concatenation", src: "{{ 'a' + 'b' }} {{ 'n' ~ 1 }} {{ [1] + [2, 3] }}", want: "ab n1 [1,2,3]"},
		{name: "methods", src: "{{ '-'.join(['a', 'b']) }}|{{ 'a-b'.replace('-', '+', -1) }}|{{ '7'.zfill(3) }}", want: "a-b|a+b|007"},
		{name: "filters", src: "{{ 'x'|center(3) }}|{{ ['a', 'b']|join('-') }}|{{ 'a-b'|replace('-', '+') }}|{{ '%03d'|format(7) }}", want: " x |a-b|a+b|007"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, PlaceText).Text; got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestRenderErrorsArePlain checks that a template that cannot run says so
// without the engine's insides: no Go types, no internal filter names.
func TestRenderErrorsArePlain(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct{ name, src, want string }{
		{name: "modulo by zero", src: "{% set z = 0 %}{{ 1 % z }}", want: "line 1: division by zero in %"},
		{name: "not callable", src: "{{ nope(1) }}", want: "line 1: nope is not callable"},
		{name: "range argument", src: "{{ range('a') }}", want: "line 1: range takes whole numbers"},
		{name: "filter argument", src: "{{ ticket.id|fallback(1, 2) }}", want: "fallback takes one argument"},
		{name: "dict call", src: "{{ dict(1)|tojson }}", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mustParse(t, tt.src).Render(ctx, PlaceText)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Render(%q) error = %v, want none", tt.src, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render(%q) error = %v, want it to say %q", tt.src, err, tt.want)
			}
			for _, mark := range internals {
				if strings.Contains(err.Error(), mark) {
					t.Errorf("Render(%q) error %q shows engine internals (%q)", tt.src, err, mark)
				}
			}
		})
	}
}

// TestHugeTemplatesStayBounded renders the templates that took gigabytes
// and checks what the rendering allocated in all: a few megabytes, not the
// gigabytes they asked for. Not parallel, so that other tests' allocations
// do not count.
func TestHugeTemplatesStayBounded(t *testing.T) {
	ctx := testContext(t)
	srcs := []string{
		"{% set n = 1000000 %}{{ lipsum(n) }}",
		"{% set n = 100000000 %}{% for i in range(n) %}x{% endfor %}",
		"{% set n = 300000000 %}{{ 'a' * n }}",
		"{% set n = 50000000 %}{{ 'a' * n }}",
		"{% for i in range(10000) %}{{ 'x' * 10000 }}{% endfor %}",
		"{% set a = 'a' * 100000 %}{% for i in range(10000) %}{% set b = a ~ a %}{% endfor %}",
		"{% for i in range(10000) %}{% for j in range(10000) %}{{ i * j }}{% endfor %}{% endfor %}",
		"{{ range(10000)|join('x' * 100000) }}",
	}
	for _, src := range srcs {
		tpl := mustParse(t, src)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := tpl.Render(ctx, PlaceText)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrLimit) {
			t.Errorf("Render(%q) error = %v, want a limit error", src, err)
		}
		if made := after.TotalAlloc - before.TotalAlloc; made > 64<<20 {
			t.Errorf("Render(%q) allocated %d MiB, want at most 64 MiB", src, made>>20)
		}
	}
}

func TestSetTimeout(t *testing.T) {
	// Not parallel: it changes the process-wide budget and puts it back.
	defer SetTimeout(testTimeout)
	SetTimeout(time.Nanosecond)
	_, err := mustParse(t, "{% for i in range(100) %}{{ i }}{% endfor %}").Render(nil, PlaceText)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "TICKETWIRE_TEMPLATE_TIMEOUT") {
		t.Errorf("Render error = %v, want the time limit naming TICKETWIRE_TEMPLATE_TIMEOUT", err)
	}
	if Timeout() != time.Nanosecond {
		t.Errorf("Timeout() = %v after SetTimeout(1ns)", Timeout())
	}
}

// TestRenderShowsNoEngineValues: functions and the engine's own values
// print empty, never as Go types.
func TestRenderShowsNoEngineValues(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{name: "a function", src: "[{{ range }}][{{ lipsum }}][{{ dict }}][{{ joiner() }}]", want: "[][][][]"},
		{name: "the loop variable", src: "{% for i in [1] %}[{{ loop }}]{% endfor %}", want: "[]"},
		{name: "a namespace", src: "{{ namespace(a=1, b='x') }}", want: `{"a":1,"b":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, nil, PlaceText).Text; got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
