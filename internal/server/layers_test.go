package server_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ticketwire/ticketwire/internal/"

// imports lists the ticketwire packages (relative to internal/) that the
// non-test files of internal/<dir> import.
func imports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range ast.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok {
				out[rest] = true
			}
		}
	}
	return out
}

// TestDependenciesPointOneWay holds DESIGN.md's "Dependencies point one
// way": pages and handlers ask a domain package, never the store; no domain
// package knows the web layers; the store knows no domain package.
func TestDependenciesPointOneWay(t *testing.T) {
	for _, dir := range []string{"api", "ui"} {
		if imports(t, dir)["store"] {
			t.Errorf("internal/%s imports internal/store; ask a domain package (and use internal/query for pages and filters)", dir)
		}
	}
	for _, domain := range []string{"helpdesk", "integration", "widget", "macro", "delivery", "auth"} {
		if imports(t, "store")[domain] {
			t.Errorf("internal/store imports domain package internal/%s; keep the row structs in the store", domain)
		}
	}
	// Nothing but the server (and the binary) wires the web layers in; this
	// holds for packages added later too.
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || slices.Contains([]string{"api", "ui", "server"}, e.Name()) {
			continue
		}
		for _, bad := range []string{"api", "ui", "server"} {
			if imports(t, e.Name())[bad] {
				t.Errorf("internal/%s imports internal/%s; only internal/server wires the web layers", e.Name(), bad)
			}
		}
	}
}
