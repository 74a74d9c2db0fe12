// Package enrol gives each device of a store its own broker credential.
//
// The manager (or `backoffice enrol <device> <kind>` on the hub's machine)
// makes a one-time pairing code; the device, started once with it
// (--pair), trades it at the hub's /pair for a secret of 256 random bits,
// which it keeps in a file of mode 0600 next to its database. The hub keeps
// only argon2id hashes of secrets and codes, in its keyring (the
// credentials table of its database). The broker checks every connection
// against the keyring: username = device id, password = secret; a revoked
// device is refused and disconnected.
package enrol

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// PairingTTL is how long a pairing code serves.
const PairingTTL = 15 * time.Minute

// pairingTries is how many wrong codes drop a device's pairing.
const pairingTries = 5

// Errors of pairing.
var (
	ErrBadCode = errors.New("enrol: wrong or expired pairing code")
	ErrUnknown = errors.New("enrol: no such device")
)

// Keyring holds a store's device credentials, in the hub's database.
type Keyring struct {
	db  *store.DB
	now func() time.Time

	mu       sync.Mutex
	failures map[string]int // wrong pairing codes, by device
	revoked  map[string]bool
	readAt   time.Time // when revoked was read
}

// NewKeyring returns the keyring of db; now is the clock (nil: time.Now).
func NewKeyring(db *store.DB, now func() time.Time) *Keyring {
	if now == nil {
		now = time.Now
	}
	return &Keyring{db: db, now: now, failures: map[string]int{}}
}

// Kinds lists the kinds of device a credential may have.
var Kinds = []string{queue.DeviceKiosk, queue.DeviceCounter, queue.DeviceDisplay, queue.DeviceHub}

// ValidID checks a device id: it names MQTT topics and a username.
func ValidID(id string) error {
	if id == "" || len(id) > 64 || strings.ContainsAny(id, "/+#$: \t\n\x00") {
		return fmt.Errorf("device id %q: use letters, digits, - and _ (64 at most)", id)
	}
	return nil
}

func validKind(kind string) error {
	for _, k := range Kinds {
		if k == kind {
			return nil
		}
	}
	return fmt.Errorf("kind %q: one of %s", kind, strings.Join(Kinds, ", "))
}

// Enrol makes a pairing code for device, valid PairingTTL, replacing any
// code it had. The device keeps its current credential until it pairs.
func (k *Keyring) Enrol(ctx context.Context, device, kind string) (string, error) {
	if err := ValidID(device); err != nil {
		return "", err
	}
	if err := validKind(kind); err != nil {
		return "", err
	}
	code := newCode()
	err := k.db.PutPairing(ctx, store.Pairing{Device: device, Kind: kind, Hash: hash(normCode(code), secretCost), Expires: k.now().Add(PairingTTL)})
	if err != nil {
		return "", err
	}
	k.mu.Lock()
	delete(k.failures, device)
	k.mu.Unlock()
	return code, nil
}

// Pair trades device's pairing code for a new secret, once. After
// pairingTries wrong codes the pairing is dropped.
func (k *Keyring) Pair(ctx context.Context, device, code string) (string, error) {
	p, err := k.db.Pairing(ctx, device)
	if errors.Is(err, store.ErrNotFound) {
		return "", ErrBadCode
	} else if err != nil {
		return "", err
	}
	if k.now().After(p.Expires) || !Verify(p.Hash, normCode(code)) {
		k.mu.Lock()
		k.failures[device]++
		drop := k.failures[device] >= pairingTries
		k.mu.Unlock()
		if drop {
			k.db.DropPairing(ctx, device) // the device keeps a credential it had
		}
		return "", ErrBadCode
	}
	secret := NewSecret()
	c := store.Credential{Device: device, Kind: p.Kind, Hash: hash(secret, secretCost), Mosquitto: MosquittoHash(secret), Created: k.now()}
	if err := k.db.Paired(ctx, c); errors.Is(err, store.ErrNotFound) {
		return "", ErrBadCode
	} else if err != nil {
		return "", err
	}
	k.forget()
	return secret, nil
}

// Set gives device the credential secret directly (the hub's own, tests).
func (k *Keyring) Set(ctx context.Context, device, kind, secret string) error {
	if err := ValidID(device); err != nil {
		return err
	}
	if err := validKind(kind); err != nil {
		return err
	}
	err := k.db.PutCredential(ctx, store.Credential{Device: device, Kind: kind, Hash: hash(secret, secretCost), Mosquitto: MosquittoHash(secret), Created: k.now()})
	k.forget()
	return err
}

// Authenticate returns the kind of device when secret is its credential
// and it is not revoked.
func (k *Keyring) Authenticate(ctx context.Context, device, secret string) (string, bool) {
	c, err := k.db.Credential(ctx, device)
	if err != nil || c.Revoked || !Verify(c.Hash, secret) {
		return "", false
	}
	return c.Kind, true
}

// Revoke revokes device's credential (and drops its pairing code).
func (k *Keyring) Revoke(ctx context.Context, device string) error {
	err := k.db.Revoke(ctx, device)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s", ErrUnknown, device)
	}
	k.forget()
	return err
}

// Revoked returns the revoked devices, read from the database now.
func (k *Keyring) Revoked(ctx context.Context) (map[string]bool, error) { return k.db.Revoked(ctx) }

// revokedEvery is how stale IsRevoked's answer may be: another process
// (`backoffice revoke`) may have revoked a device.
const revokedEvery = time.Second

// IsRevoked reports whether device is revoked, from a list read at most
// revokedEvery ago. It is cheap enough for every envelope.
func (k *Keyring) IsRevoked(ctx context.Context, device string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.revoked == nil || k.now().Sub(k.readAt) > revokedEvery {
		if r, err := k.db.Revoked(ctx); err == nil {
			k.revoked, k.readAt = r, k.now()
		}
	}
	return k.revoked[device]
}

// forget drops the cached revocations.
func (k *Keyring) forget() {
	k.mu.Lock()
	k.revoked = nil
	k.mu.Unlock()
}

// Credentials returns every credential.
func (k *Keyring) Credentials(ctx context.Context) ([]store.Credential, error) {
	return k.db.Credentials(ctx)
}

// NewSecret returns 256 random bits in hex.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// codeAlphabet has no 0/O, 1/I/L: codes are read off a screen and typed.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode returns a pairing code: 10 characters (about 49 bits), as
// "XXXXX-XXXXX".
func newCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	out := make([]byte, 0, 11)
	for i, c := range b {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out)
}

// normCode makes a typed code comparable: upper case, no dash or space.
func normCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// WriteMosquitto writes, in dir, Mosquitto's password_file ("passwd")
// for creds (every device not revoked), its acl_file ("acl", see
// mqttsync.Topics.MosquittoACL) and "accueil.conf", the settings that apply
// them and a listener on listen ("host:port"), for mosquitto.conf to
// include (Debian's includes /etc/mosquitto/conf.d/*.conf). Mosquitto
// reads them again on SIGHUP. With the hub's certificate and key (PEM, see
// HubCertificate), the listener speaks TLS 1.3 only, with that
// certificate, which the devices pinned when they paired.
func WriteMosquitto(dir, listen string, creds []store.Credential, acl string, hubCert []byte) error {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("listener %q: want host:port", listen)
	}
	var passwd strings.Builder
	for _, c := range creds {
		if !c.Revoked {
			fmt.Fprintf(&passwd, "%s:%s\n", c.Device, c.Mosquitto)
		}
	}
	// use_username_as_clientid belongs to the listener: before any, it
	// would open the default one on 1883.
	conf := fmt.Sprintf("# Accueil: written by `backoffice mosquitto`, do not edit.\n"+
		"per_listener_settings false\nallow_anonymous false\npassword_file %s\nacl_file %s\n"+
		"listener %s %s\nuse_username_as_clientid true\n",
		filepath.Join(dir, "passwd"), filepath.Join(dir, "acl"), port, host)
	files := map[string]string{"passwd": passwd.String(), "acl": acl}
	if hubCert != nil {
		var cert, key []byte
		for rest := hubCert; ; {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			if strings.HasSuffix(b.Type, "PRIVATE KEY") {
				key = append(key, pem.EncodeToMemory(b)...)
			} else {
				cert = append(cert, pem.EncodeToMemory(b)...)
			}
		}
		if cert == nil || key == nil {
			return fmt.Errorf("the hub's certificate file holds no certificate and key")
		}
		files["hub.crt"], files["hub.key"] = string(cert), string(key)
		conf += fmt.Sprintf("certfile %s\nkeyfile %s\ntls_version tlsv1.3\n", filepath.Join(dir, "hub.crt"), filepath.Join(dir, "hub.key"))
	}
	files["accueil.conf"] = conf
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	return nil
}
