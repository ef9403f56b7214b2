package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of an AES-256 key in bytes.
const KeySize = 32

// KeyFileName is the key file created in the data directory when
// TICKETWIRE_SECRET_KEY is not set.
const KeyFileName = "secret.key"

// LoadKey returns the key for secrets at rest. envValue
// (TICKETWIRE_SECRET_KEY, the base64 of exactly 32 bytes) wins when set;
// otherwise the key is read from <dataDir>/secret.key, which is created with
// a new random key on first start. Losing that file makes every stored
// secret unreadable, so it is never overwritten.
func LoadKey(dataDir, envValue string) ([]byte, error) {
	if v := strings.TrimSpace(envValue); v != "" {
		key, err := decodeKey(v)
		if err != nil {
			return nil, fmt.Errorf("secret: TICKETWIRE_SECRET_KEY: %w", err)
		}
		return key, nil
	}
	path := filepath.Join(dataDir, KeyFileName)
	key, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKeyFile(dataDir, path)
	}
	return key, err
}

// decodeKey accepts standard base64 with or without padding, since keys are
// pasted by hand into environment files.
func decodeKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, fmt.Errorf("not valid base64 (generate a key with: openssl rand -base64 32)")
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("decodes to %d bytes, want exactly %d (generate a key with: openssl rand -base64 32)",
			len(key), KeySize)
	}
	return key, nil
}

func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	key, err := decodeKey(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("secret: key file %s: %w", path, err)
	}
	return key, nil
}

// createKeyFile writes a new random key. O_EXCL makes two processes starting
// at once agree on one key: the loser reads the winner's file.
func createKeyFile(dataDir, path string) ([]byte, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("secret: create data directory: %w", err)
	}
	key := make([]byte, KeySize)
	rand.Read(key) // never fails: crypto/rand aborts the process instead
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("secret: create key file: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Nothing was sealed with this key yet; leave no half-written file
		// that would stop the next start.
		os.Remove(path)
		return nil, fmt.Errorf("secret: write key file %s: %w", path, err)
	}
	return key, nil
}
