package server_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in internal/%s: %v", dir, err)
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
	web := []string{"api", "ui"}
	domain := []string{"helpdesk", "integration", "widget", "macro", "delivery", "auth", "event"}
	for _, dir := range web {
		if imports(t, dir)["store"] {
			t.Errorf("internal/%s imports internal/store; ask a domain package (and use internal/query for pages and filters)", dir)
		}
	}
	for _, dir := range domain {
		for _, bad := range []string{"api", "ui", "server"} {
			if imports(t, dir)[bad] {
				t.Errorf("domain package internal/%s imports internal/%s", dir, bad)
			}
		}
	}
	for p := range imports(t, "store") {
		if p != "query" {
			t.Errorf("internal/store imports internal/%s; it may only share internal/query", p)
		}
	}
	// Every package directory is checked by one of the rules above or is
	// known to sit below them, so a new package gets a decision.
	known := map[string]bool{"clientaddr": true, "config": true, "fetched": true, "netguard": true, "oauth": true, "query": true, "secret": true,
		"server": true, "store": true, "tmpl": true, "validate": true, "version": true}
	for _, d := range append(web, domain...) {
		known[d] = true
	}
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !known[e.Name()] {
			t.Errorf("internal/%s is a package this test does not place in a layer; add it", e.Name())
		}
	}
}
