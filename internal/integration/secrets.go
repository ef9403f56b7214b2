package integration

import (
	"fmt"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// seal returns a copy of h with every secret encrypted, for storage.
func seal(box *secret.Box, h HTTP) (HTTP, error) {
	return transform(h, box.Seal)
}

// open returns a copy of stored h with every secret decrypted, for delivery.
func open(box *secret.Box, h HTTP) (HTTP, error) {
	return transform(h, box.Open)
}

// Masked returns a copy of h with every secret replaced by secret.Mask, for
// API responses: secrets are write-only.
func Masked(h HTTP) HTTP {
	out, _ := transform(h, func(s string) (string, error) {
		if s == "" {
			return "", nil
		}
		return secret.Mask, nil
	})
	return out
}

// transform applies f to every secret value of a copy of h.
func transform(h HTTP, f func(string) (string, error)) (HTTP, error) {
	var err error
	h.Headers, err = transformKVs(h.Headers, f)
	if err != nil {
		return h, err
	}
	if h.Form, err = transformKVs(h.Form, f); err != nil {
		return h, err
	}
	if h.OAuth2 != nil {
		o := *h.OAuth2
		o.Scopes = append([]string(nil), o.Scopes...)
		if o.ClientSecret, err = f(o.ClientSecret); err != nil {
			return h, err
		}
		h.OAuth2 = &o
	}
	if h.PreviousSigningSecret != "" {
		if h.PreviousSigningSecret, err = f(h.PreviousSigningSecret); err != nil {
			return h, err
		}
	}
	h.SigningSecret, err = f(h.SigningSecret)
	return h, err
}

func transformKVs(kvs []KV, f func(string) (string, error)) ([]KV, error) {
	if kvs == nil {
		return nil, nil
	}
	out := make([]KV, len(kvs))
	for i, kv := range kvs {
		out[i] = kv
		if kv.Secret {
			v, err := f(kv.Value)
			if err != nil {
				return nil, err
			}
			out[i].Value = v
		}
	}
	return out, nil
}

// keepSecrets replaces every secret.Mask in incoming with the stored value it
// stands for (stored is in clear), so a client can PUT back what it read.
// Every mask that stands for nothing stored is named.
func keepSecrets(incoming *HTTP, stored HTTP) error {
	var errs validate.List
	errs.Add(keepKVs("http.headers", incoming.Headers, stored.Headers))
	errs.Add(keepKVs("http.form", incoming.Form, stored.Form))
	if incoming.OAuth2 != nil && incoming.OAuth2.ClientSecret == secret.Mask {
		if stored.OAuth2 == nil || stored.OAuth2.ClientSecret == "" {
			errs.Add(validate.Errorf("http.oauth2.client_secret", "must be the secret itself: %s keeps a stored secret, and none is stored", secret.Mask))
		} else {
			incoming.OAuth2.ClientSecret = stored.OAuth2.ClientSecret
		}
	}
	if incoming.SigningSecret == secret.Mask {
		incoming.SigningSecret = stored.SigningSecret
	}
	return errs.Err()
}

// rotate keeps the stored signing secret as the previous one for overlap
// when incoming replaces it, keeps a previous one still in its overlap when
// the secret stays, and drops it when the secret is removed. Both secrets
// are in clear here.
func rotate(incoming *HTTP, stored HTTP, now time.Time, overlap time.Duration) {
	incoming.PreviousSigningSecret, incoming.PreviousSigningExpires = "", nil
	switch {
	case incoming.SigningSecret == "":
	case stored.SigningSecret != "" && incoming.SigningSecret != stored.SigningSecret && overlap > 0:
		until := now.Add(overlap).UTC()
		incoming.PreviousSigningSecret, incoming.PreviousSigningExpires = stored.SigningSecret, &until
	case incoming.SigningSecret == stored.SigningSecret && len(stored.SigningSecrets(now)) == 2:
		incoming.PreviousSigningSecret, incoming.PreviousSigningExpires = stored.PreviousSigningSecret, stored.PreviousSigningExpires
	}
}

func keepKVs(field string, incoming, stored []KV) error {
	var errs validate.List
	for i := range incoming {
		kv := &incoming[i]
		if kv.Value != secret.Mask {
			continue
		}
		found := false
		for _, s := range stored {
			if s.Secret && strings.EqualFold(s.Key, kv.Key) {
				kv.Value, kv.Secret, found = s.Value, true, true
				break
			}
		}
		if !found {
			errs.Add(validate.Errorf(fmt.Sprintf("%s[%d].value", field, i), "must be the value itself: %s keeps a stored secret, and no secret %q is stored", secret.Mask, kv.Key))
		}
	}
	return errs.Err()
}
