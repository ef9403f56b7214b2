//go:build unix

package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on the data dir's serve.lock, held
// until release or until the process ends (the kernel drops it even after
// SIGKILL). It fails when another process holds it.
func lockDataDir(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "serve.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("server: lock the data dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("server: another ticketwire serve is using the SQLite database in %s; one process serves a data dir (use PostgreSQL to run several)", dir)
		}
		return nil, fmt.Errorf("server: lock the data dir: %w", err)
	}
	return func() { _ = f.Close() }, nil
}

// errUnlockable is never returned where locks work.
var errUnlockable = errors.New("server: no data dir lock on this system")
