// Package secret encrypts secrets at rest (header values marked secret,
// OAuth2 client secrets, signing secrets) with AES-256-GCM, and holds the
// rules for showing them masked through the API.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Mask is what the API and UI show instead of a stored secret.
const Mask = "********"

// prefix versions the sealed format so the algorithm or key can change later
// while old values stay readable.
const prefix = "v1:"

// ErrDecrypt is returned by Open for a value that was tampered with or
// sealed with another key.
var ErrDecrypt = errors.New("secret: cannot decrypt value: wrong key (TICKETWIRE_SECRET_KEY or secret.key changed?) or corrupted data")

// Box seals and opens secrets with one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// NewBox returns a Box for a 32-byte key, as returned by LoadKey.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	// A random 96-bit nonce per value, prepended to the ciphertext: safe for
	// far more secrets than a helpdesk will ever store under one key.
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext into a printable string, "v1:" followed by the
// base64 of nonce, ciphertext and tag. The empty string stays empty, so an
// unset secret needs no special case in storage.
func (b *Box) Seal(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	sealed := b.aead.Seal(nil, nil, []byte(plaintext), nil)
	return prefix + base64.StdEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value made by Seal. The empty string opens to itself.
func (b *Box) Open(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	data, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", fmt.Errorf("secret: value is not sealed with a known format (want prefix %q)", prefix)
	}
	sealed, err := base64.StdEncoding.DecodeString(data)
	if err != nil || len(sealed) < b.aead.Overhead() {
		return "", ErrDecrypt
	}
	plain, err := b.aead.Open(nil, nil, sealed, nil)
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}
