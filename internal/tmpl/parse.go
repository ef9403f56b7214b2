package tmpl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
	"github.com/nikolalohinski/gonja/v2/parser"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// SyntaxError is a template that cannot be parsed. Line and Col are 1-based
// and point at the place the parser stopped; callers add the field name
// ("http.body: line 1, column 14: …").
type SyntaxError struct {
	Line int
	Col  int
	Msg  string
}

// Error names the position first, as the API's 422 messages do.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// templateName is the only key of the memory loader. The loader requires keys
// to start with "/"; with this one entry nothing else can ever be loaded.
const templateName = "/t"

// Parse parses src once, when the integration or macro is saved. A template
// that cannot be parsed returns a *SyntaxError.
func Parse(src string) (t *Template, err error) {
	defer func() {
		// gonja's parser has Go panics on some inputs; a template must
		// never take the process down.
		if p := recover(); p != nil {
			t, err = nil, &SyntaxError{Line: 1, Col: 1, Msg: "the template could not be parsed"}
		}
	}()
	cfg := config.New()
	inString, err := scanLiteralText(src, cfg)
	if err != nil {
		return nil, err
	}

	loader, err := loaders.NewMemoryLoader(map[string]string{templateName: src})
	if err != nil {
		return nil, fmt.Errorf("tmpl: memory loader: %w", err)
	}
	tpl, err := exec.NewTemplate(templateName, cfg, loader, environment)
	if err != nil {
		return nil, toSyntaxError(err, src, cfg)
	}

	t = &Template{src: src, tpl: tpl}
	rw := &rewriter{t: t, inString: inString}
	if err := rw.nodes(tpl.Root().Nodes); err != nil {
		return nil, err
	}
	return t, nil
}

// scanLiteralText walks the tokens of src once. It reports a lexing error
// (which gonja's parser would otherwise turn into a silently shortened
// template or a message without a position) and records, for each {{ … }}
// tag by its offset, whether the literal text before it leaves a JSON string
// literal open. Only literal text counts: a value printed inside a string is
// escaped as string content, so it never opens or closes one.
func scanLiteralText(src string, cfg *config.Config) (map[int]bool, error) {
	stream := tokens.LexAll(src, cfg)
	inString := map[int]bool{}
	var js jsonScanner
	var nest nesting
	for ; !stream.End(); stream.Next() {
		tok := stream.Current()
		switch tok.Type {
		case tokens.Data:
			js.scan(tok.Val)
		case tokens.VariableBegin:
			inString[tok.Pos] = js.inString
			js.escaped = false
		}
		if msg := nest.scan(tok); msg != "" {
			line, col := position(src, cfg, tok.Pos)
			return nil, &SyntaxError{Line: line, Col: col, Msg: msg}
		}
	}
	if tok := stream.Current(); tok.Type == tokens.Error {
		return nil, lexError(src, cfg, tok)
	}
	return inString, nil
}

// lexError words the lexer's errors. One that reaches the end of the text is
// an unclosed string or tag, and its token then holds the text it read, not
// a message.
func lexError(src string, cfg *config.Config, tok *tokens.Token) *SyntaxError {
	line, col := position(src, cfg, tok.Pos)
	msg := tok.Val
	if tok.Pos >= len(normalize(src, cfg)) {
		msg = fmt.Sprintf("the template ends inside a string or a tag (near %q)", tok.Val)
	}
	return &SyntaxError{Line: line, Col: col, Msg: msg}
}

// MaxNesting bounds how deep brackets, unary operators and {% if %} or
// {% for %} blocks may nest. gonja parses and renders them by recursion, and
// a few kilobytes of "(((…" took seconds and a gigabyte; real templates
// nest a handful of levels.
const MaxNesting = 64

// MaxTagTokens bounds the words and symbols of one tag. gonja nests the
// operators of a tag into one tree and an error repeats the printed tree at
// every level, so a tag of thousands of "+ 1" costs minutes to fail.
const MaxTagTokens = 1000

// nesting follows the depth of the tokens gonja handles by recursion.
type nesting struct {
	brackets, blocks, unary, inTag int
	afterBlockBegin                bool
}

// scan takes one token and says what went past MaxNesting or MaxTagTokens,
// if anything.
func (n *nesting) scan(tok *tokens.Token) string {
	first := n.afterBlockBegin
	n.afterBlockBegin = tok.Type == tokens.BlockBegin
	switch tok.Type {
	case tokens.VariableBegin, tokens.BlockBegin:
		n.inTag = 0
	case tokens.Data:
	default:
		n.inTag++
		if n.inTag > MaxTagTokens {
			return fmt.Sprintf("a tag holds more than %d words and symbols; split it", MaxTagTokens)
		}
	}
	switch tok.Type {
	case tokens.LeftParenthesis, tokens.LeftBracket, tokens.LeftBrace:
		n.brackets++
	case tokens.RightParenthesis, tokens.RightBracket, tokens.RightBrace:
		n.brackets--
	case tokens.Addition, tokens.Subtraction, tokens.Not:
		n.unary++
		if n.unary > MaxNesting {
			return fmt.Sprintf("more than %d operators in a row", MaxNesting)
		}
		return ""
	case tokens.Name:
		if tok.Val == "not" {
			n.unary++
			if n.unary > MaxNesting {
				return fmt.Sprintf("more than %d operators in a row", MaxNesting)
			}
			return ""
		}
		if first {
			switch tok.Val {
			case "if", "for":
				n.blocks++
			case "endif", "endfor":
				n.blocks--
			}
		}
	}
	n.unary = 0
	switch {
	case n.brackets > MaxNesting:
		return fmt.Sprintf("brackets nest more than %d deep", MaxNesting)
	case n.blocks > MaxNesting:
		return fmt.Sprintf("{%% if %%} and {%% for %%} blocks nest more than %d deep", MaxNesting)
	}
	return ""
}

// jsonScanner follows whether literal text is inside a JSON string literal.
type jsonScanner struct {
	inString bool
	escaped  bool
}

func (s *jsonScanner) scan(text string) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case !s.inString:
			s.inString = c == '"'
		case s.escaped:
			s.escaped = false
		case c == '\\':
			s.escaped = true
		case c == '"':
			s.inString = false
		}
	}
}

// toSyntaxError turns gonja's parse errors into a *SyntaxError. gonja reports
// a position for most of them; the few without one (an empty {% if %}) are
// placed at the end of the template, where the parser stopped.
func toSyntaxError(err error, src string, cfg *config.Config) error {
	var own *SyntaxError
	if errors.As(err, &own) {
		return own
	}
	var perr *parser.SyntaxError
	if errors.As(err, &perr) && perr.Line > 0 {
		msg := perr.Message
		if perr.Raw != "" {
			msg += fmt.Sprintf(" (near %q)", perr.Raw)
		}
		return &SyntaxError{Line: perr.Line, Col: perr.Column, Msg: msg}
	}
	line, col := position(src, cfg, len(normalize(src, cfg)))
	return &SyntaxError{Line: line, Col: col, Msg: parserMessage(err)}
}

// parserMessage drops gonja's outer wrapping ("failed to parse template
// '<whole source>': …"), which would repeat the template in the error.
func parserMessage(err error) string {
	if inner := errors.Unwrap(err); inner != nil {
		return inner.Error()
	}
	return err.Error()
}

// position turns a byte offset of the lexer's input into a 1-based line and
// column (in characters), counted the way gonja counts them.
func position(src string, cfg *config.Config, offset int) (line, col int) {
	text := normalize(src, cfg)
	offset = min(max(offset, 0), len(text))
	before := text[:offset]
	line = strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCountInString(before[lineStart:]) + 1
}

// normalize repeats the lexer's input normalisation so that offsets match.
func normalize(src string, cfg *config.Config) string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	if !cfg.KeepTrailingNewline {
		src = strings.TrimSuffix(src, "\n")
	}
	return src
}
