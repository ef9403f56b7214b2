//go:build !unix

package server

import "errors"

// lockDataDir cannot lock here; the caller then leaves River's leader lease
// alone.
func lockDataDir(string) (func(), error) { return nil, errUnlockable }

var errUnlockable = errors.New("server: no data dir lock on this system")
