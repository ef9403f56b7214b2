package importer

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
)

// LoadKey returns the key the imported secrets are sealed with: the
// server's key, from TICKETWIRE_SECRET_KEY (envKey) or the key file in
// dataDir. The import must never make a key of its own for a database that
// already holds secrets, since the server could then read none of what it
// imported: with no key and such a database it fails and says which key to
// give. A database without integrations or macros gets the key file that
// `ticketwire serve` would create.
func LoadKey(ctx context.Context, st *store.Store, dataDir, envKey string) ([]byte, error) {
	if strings.TrimSpace(envKey) == "" {
		_, err := os.Stat(filepath.Join(dataDir, secret.KeyFileName))
		if errors.Is(err, fs.ErrNotExist) {
			used, err := holdsSecrets(ctx, st)
			if err != nil {
				return nil, err
			}
			if used {
				return nil, errors.New("importer: no secret key: give the server's TICKETWIRE_SECRET_KEY, or the --data-dir that holds its " +
					secret.KeyFileName + ", so that the server can read the secrets this import stores")
			}
		}
	}
	return secret.LoadKey(dataDir, envKey)
}

// holdsSecrets reports whether the database has integrations or macros,
// whose secrets are sealed with some key already.
func holdsSecrets(ctx context.Context, st *store.Store) (bool, error) {
	ins, err := st.ListIntegrations(ctx, store.Page{Limit: 1})
	if err != nil || len(ins) > 0 {
		return len(ins) > 0, err
	}
	ms, err := st.ListMacros(ctx, store.MacroFilter{Page: store.Page{Limit: 1}})
	return len(ms) > 0, err
}
