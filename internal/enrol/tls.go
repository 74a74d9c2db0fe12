package enrol

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"
)

// The hub's TLS certificate is its own, self-signed: devices do not check
// it against a certificate authority but pin its fingerprint, learnt when
// they pair (or given to them with --hub-fingerprint), as SSH pins a
// server's key.

// CertFile is where the hub keeps its TLS certificate and key, next to
// its database.
func CertFile(db string) string { return db + ".tls.pem" }

// HubCertificate returns the hub's TLS certificate, kept in CertFile(db)
// (made at first use), and its fingerprint.
func HubCertificate(db string) (tls.Certificate, string, error) {
	path := CertFile(db)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if b, err = newCertificate(); err == nil {
			err = WriteSecret(path, string(b))
		}
	}
	if err != nil {
		return tls.Certificate{}, "", err
	}
	cert, err := tls.X509KeyPair(b, b)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("%s: %w", path, err)
	}
	return cert, Fingerprint(cert.Certificate[0]), nil
}

// newCertificate returns a self-signed ECDSA certificate and its key, PEM.
func newCertificate() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "accueil hub"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})...), nil
}

// Fingerprint returns the SHA-256 of a DER certificate, in hex.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// ServerTLS returns the hub's listeners' TLS configuration.
func ServerTLS(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13}
}

// PinnedTLS returns a client TLS configuration that accepts only the
// certificate whose fingerprint is pin.
func PinnedTLS(pin string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS13,
		InsecureSkipVerify: true, // no authority to check against: the pin is checked instead
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || Fingerprint(cs.PeerCertificates[0].Raw) != pin {
				return fmt.Errorf("the hub's certificate is not the one this device paired with (%s…): someone may be in between", short(pin))
			}
			return nil
		},
	}
}

// firstUseTLS returns a client TLS configuration that accepts any
// certificate, when want is "", or only want's, and records in *seen the
// fingerprint it accepted.
func firstUseTLS(want string, seen *string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS13,
		InsecureSkipVerify: true, // trust on first use, see PinnedTLS
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("the hub showed no certificate")
			}
			got := Fingerprint(cs.PeerCertificates[0].Raw)
			if want != "" && !strings.EqualFold(got, want) {
				return fmt.Errorf("the hub's certificate is %s…, not %s…: someone may be in between", short(got), short(want))
			}
			*seen = got
			return nil
		},
	}
}

func short(fp string) string { return fp[:min(len(fp), 16)] }
