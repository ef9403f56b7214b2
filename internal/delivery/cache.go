package delivery

import (
	"sync"

	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// parsed caches parsed templates by their source: parsing costs far more than
// rendering, and an integration's templates change rarely. The cache is
// dropped whole when it grows past maxParsed, which bounds memory without
// bookkeeping.
var parsed struct {
	sync.RWMutex
	m map[string]*tmpl.Template
}

const maxParsed = 2000

func parseCached(src string) (*tmpl.Template, error) {
	parsed.RLock()
	t, ok := parsed.m[src]
	parsed.RUnlock()
	if ok {
		return t, nil
	}
	t, err := tmpl.Parse(src)
	if err != nil {
		return nil, err
	}
	parsed.Lock()
	if parsed.m == nil || len(parsed.m) >= maxParsed {
		parsed.m = map[string]*tmpl.Template{}
	}
	parsed.m[src] = t
	parsed.Unlock()
	return t, nil
}
