package enrol

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"accueil/internal/queue"
)

// SecretFile is where a device (or the hub) keeps its secret: next to its
// database.
func SecretFile(db string) string { return db + ".secret" }

// WriteSecret writes secret to path, mode 0600, replacing it whole.
func WriteSecret(path, secret string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(secret+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ErrNotPaired is returned by DeviceSecret for a device that has no
// secret and no pairing code.
var ErrNotPaired = errors.New("this device is not paired with its store: start it once with --pair CODE (`backoffice enrol <device> <kind>` on the hub prints one)")

// ReadSecret reads the secret at path; ErrNotPaired when there is none.
// A secret file others can read is refused.
func ReadSecret(path string) (string, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNotPaired
	} else if err != nil {
		return "", err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s: mode %v, others may read the secret: chmod 600 it", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", ErrNotPaired
	}
	return s, nil
}

// Credential is what a device connects to its store's broker with.
type Credential struct {
	Secret string // its broker password
	HubPin string // the fingerprint of the hub's TLS certificate; "" for a hub without TLS
}

// TLS returns the device's TLS configuration towards the hub's broker,
// pinned to the certificate it paired with; nil for a hub without TLS.
func (c Credential) TLS() *tls.Config {
	if c.HubPin == "" {
		return nil
	}
	return PinnedTLS(c.HubPin)
}

// PinFile is where a device keeps the fingerprint of its hub's certificate.
func PinFile(db string) string { return db + ".hub" }

// DeviceCredential returns the device's credential, kept in files next to
// its database db. With a pairing code, it first trades the code with the
// hub at hubURL: over HTTPS, it takes the hub's certificate on first use
// (only hubPin's, when given) and pins it from then on.
func DeviceCredential(ctx context.Context, db, device, code, hubURL, hubPin string) (Credential, error) {
	if code != "" {
		c, err := Exchange(ctx, hubURL, device, code, hubPin)
		if err != nil {
			return Credential{}, err
		}
		if err := WriteSecret(SecretFile(db), c.Secret); err != nil {
			return Credential{}, err
		}
		if err := WriteSecret(PinFile(db), c.HubPin); err != nil {
			return Credential{}, err
		}
		return c, nil
	}
	secret, err := ReadSecret(SecretFile(db))
	if err != nil {
		return Credential{}, err
	}
	pin, err := ReadSecret(PinFile(db))
	if errors.Is(err, ErrNotPaired) {
		pin, err = "", nil // paired with a hub without TLS
	}
	return Credential{Secret: secret, HubPin: pin}, err
}

// Exchange trades device's pairing code for its secret at the hub's web
// server hubURL ("https://host:8443", or "http://127.0.0.1:8080" on the
// hub's own machine). Over HTTPS the hub's certificate must be hubPin's,
// when given; the credential carries the fingerprint it showed.
func Exchange(ctx context.Context, hubURL, device, code, hubPin string) (Credential, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	form := url.Values{"device": {device}, "code": {code}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(hubURL, "/")+"/pair", strings.NewReader(form.Encode()))
	if err != nil {
		return Credential{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var seen string
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: firstUseTLS(hubPin, &seen)}}
	resp, err := client.Do(req)
	if err != nil {
		return Credential{}, fmt.Errorf("pair with the hub at %s: %w", hubURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if err != nil {
		return Credential{}, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return Credential{Secret: strings.TrimSpace(string(body)), HubPin: seen}, nil
	case http.StatusForbidden:
		return Credential{}, ErrBadCode
	}
	return Credential{}, fmt.Errorf("pair with the hub at %s: %s", hubURL, resp.Status)
}

// Handler serves POST /pair: a device's pairing code (form values device
// and code) answered with its secret, as text.
func (k *Keyring) Handler() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(rw, r.Body, 1<<10)
		device, code := r.PostFormValue("device"), r.PostFormValue("code")
		if ValidID(device) != nil || code == "" || len(code) > 32 {
			http.Error(rw, "device and code wanted", http.StatusBadRequest)
			return
		}
		secret, err := k.Pair(r.Context(), device, code)
		if errors.Is(err, ErrBadCode) {
			http.Error(rw, "wrong or expired pairing code", http.StatusForbidden)
			return
		} else if err != nil {
			http.Error(rw, "the hub could not pair the device", http.StatusInternalServerError)
			return
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Header().Set("Cache-Control", "no-store")
		io.WriteString(rw, secret)
	})
}

// HubSecret returns the hub's own broker secret, kept in the file of its
// database db (made at first start), and puts it in the keyring.
func HubSecret(ctx context.Context, k *Keyring, db string) (string, error) {
	secret, err := LocalSecret(SecretFile(db))
	if err != nil {
		return "", err
	}
	return secret, k.Set(ctx, queue.DeviceHub, queue.DeviceHub, secret)
}

// LocalSecret returns the secret kept in the file at path (mode 0600), made
// at its first use.
func LocalSecret(path string) (string, error) {
	secret, err := ReadSecret(path)
	if errors.Is(err, ErrNotPaired) {
		secret = NewSecret()
		err = WriteSecret(path, secret)
	}
	return secret, err
}
