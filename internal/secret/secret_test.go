package secret_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/secret"
)

func newBox(t *testing.T, fill byte) *secret.Box {
	t.Helper()
	b, err := secret.NewBox(bytes.Repeat([]byte{fill}, secret.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	b := newBox(t, 1)
	for _, plain := range []string{"", "x", "s3cr3t-token", "ünïcødé 🔑", strings.Repeat("long", 1000)} {
		sealed, err := b.Seal(plain)
		if err != nil {
			t.Fatal(err)
		}
		// Short plaintexts may appear in base64 by chance; long ones must not.
		leaks := len(plain) > 4 && strings.Contains(sealed, plain)
		if plain != "" && (!strings.HasPrefix(sealed, "v1:") || leaks) {
			t.Errorf("Seal(%.10q) = %.20q, want a v1: value without the plaintext", plain, sealed)
		}
		got, err := b.Open(sealed)
		if err != nil || got != plain {
			t.Errorf("Open(Seal(%.10q)) = %.10q, %v", plain, got, err)
		}
	}
}

func TestSealEmptyIsEmpty(t *testing.T) {
	t.Parallel()
	if s, err := newBox(t, 1).Seal(""); s != "" || err != nil {
		t.Errorf(`Seal("") = %q, %v; want ""`, s, err)
	}
}

func TestSealUsesRandomNonce(t *testing.T) {
	t.Parallel()
	b := newBox(t, 1)
	a, _ := b.Seal("same")
	c, _ := b.Seal("same")
	if a == c {
		t.Error("two seals of the same value are identical; the nonce is not random")
	}
}

func TestOpenRejectsTamperedValues(t *testing.T) {
	t.Parallel()
	b := newBox(t, 1)
	sealed, _ := b.Seal("secret")
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	raw[len(raw)-1] ^= 1
	flipped := "v1:" + base64.StdEncoding.EncodeToString(raw)

	tests := []struct {
		name string
		in   string
	}{
		{name: "flipped bit", in: flipped},
		{name: "truncated", in: sealed[:10]},
		{name: "prefix only", in: "v1:"},
		{name: "not base64", in: "v1:!!!"},
		{name: "unknown version", in: "v9:" + strings.TrimPrefix(sealed, "v1:")},
		{name: "plaintext", in: "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, err := b.Open(tt.in); err == nil || got != "" {
				t.Errorf("Open(%q) = %q, %v; want an error", tt.in, got, err)
			}
		})
	}
}

func TestOpenWithWrongKey(t *testing.T) {
	t.Parallel()
	sealed, _ := newBox(t, 1).Seal("secret")
	_, err := newBox(t, 2).Open(sealed)
	if !errors.Is(err, secret.ErrDecrypt) || !strings.Contains(err.Error(), "wrong key") {
		t.Errorf("Open with another key: %v, want ErrDecrypt", err)
	}
}

func TestNewBoxRejectsBadKeyLength(t *testing.T) {
	t.Parallel()
	if _, err := secret.NewBox(make([]byte, 16)); err == nil {
		t.Error("NewBox accepted a 16-byte key")
	}
}

func TestLoadKeyCreatesAndReusesKeyFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data") // missing: LoadKey creates it
	key, err := secret.LoadKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != secret.KeySize {
		t.Fatalf("key is %d bytes", len(key))
	}
	assertMode(t, filepath.Join(dir, "secret.key"), 0o600)
	assertMode(t, dir, 0o700)

	again, err := secret.LoadKey(dir, "")
	if err != nil || !bytes.Equal(key, again) {
		t.Errorf("second LoadKey = %x, %v; want the same key", again, err)
	}
}

func TestLoadKeyRefusesBadKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	if err := os.WriteFile(filepath.Join(dir, "secret.key"), []byte(short), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := secret.LoadKey(dir, "")
	if err == nil || !strings.Contains(err.Error(), "16 bytes") {
		t.Errorf("LoadKey with a 16-byte key file: %v, want an error naming the length", err)
	}
}

func TestLoadKeyFromEnv(t *testing.T) {
	t.Parallel()
	good := bytes.Repeat([]byte{7}, secret.KeySize)
	tests := []struct {
		name    string
		env     string
		want    []byte
		wantErr string
	}{
		{name: "valid", env: base64.StdEncoding.EncodeToString(good), want: good},
		{name: "valid with newline", env: base64.StdEncoding.EncodeToString(good) + "\n", want: good},
		{name: "valid unpadded", env: base64.RawStdEncoding.EncodeToString(good), want: good},
		{name: "too short", env: base64.StdEncoding.EncodeToString(good[:31]), wantErr: "31 bytes"},
		{name: "too long", env: base64.StdEncoding.EncodeToString(append(good, 1)), wantErr: "33 bytes"},
		{name: "not base64", env: "not a key!", wantErr: "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			key, err := secret.LoadKey(dir, tt.env)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) ||
					!strings.Contains(err.Error(), "TICKETWIRE_SECRET_KEY") {
					t.Fatalf("LoadKey error = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(key, tt.want) {
				t.Fatalf("LoadKey = %x, %v", key, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "secret.key")); !os.IsNotExist(err) {
				t.Error("a key file was created although the environment key was set")
			}
		})
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %o, want %o", path, got, want)
	}
}
