package enrol_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/enrol"
	"accueil/internal/store"
)

func openKeyring(t testing.TB, now func() time.Time) *enrol.Keyring {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return enrol.NewKeyring(db, now)
}

// TestPairing enrols a device, pairs it over HTTP as a device started with
// --pair does, and checks the code serves once, the secret file is private,
// and a revoked device no longer authenticates.
func TestPairing(t *testing.T) {
	ctx := context.Background()
	keys := openKeyring(t, nil)
	srv := httptest.NewServer(keys.Handler())
	defer srv.Close()
	code, err := keys.Enrol(ctx, "kiosk-1", "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "kiosk-1.db")
	cred, err := enrol.DeviceCredential(ctx, db, "kiosk-1", code, srv.URL, "")
	secret := cred.Secret
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(enrol.SecretFile(db)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", fi, err)
	}
	if again, err := enrol.DeviceCredential(ctx, db, "kiosk-1", "", srv.URL, ""); err != nil || again != cred {
		t.Fatalf("secret read back: %q %v", again, err)
	}
	if kind, ok := keys.Authenticate(ctx, "kiosk-1", secret); !ok || kind != "kiosk" {
		t.Fatalf("authenticate: %q %v", kind, ok)
	}
	t.Run("CodeServesOnce", func(t *testing.T) {
		if _, err := enrol.Exchange(ctx, srv.URL, "kiosk-1", code, ""); !errors.Is(err, enrol.ErrBadCode) {
			t.Fatalf("second exchange: %v", err)
		}
	})
	t.Run("WrongSecret", func(t *testing.T) {
		if _, ok := keys.Authenticate(ctx, "kiosk-1", secret[1:]+"0"); ok {
			t.Fatal("a wrong secret authenticates")
		}
	})
	t.Run("NotPaired", func(t *testing.T) {
		if _, err := enrol.DeviceCredential(ctx, filepath.Join(t.TempDir(), "x.db"), "x", "", srv.URL, ""); !errors.Is(err, enrol.ErrNotPaired) {
			t.Fatalf("no secret: %v", err)
		}
	})
	t.Run("Revoked", func(t *testing.T) {
		if err := keys.Revoke(ctx, "kiosk-1"); err != nil {
			t.Fatal(err)
		}
		if _, ok := keys.Authenticate(ctx, "kiosk-1", secret); ok {
			t.Fatal("a revoked device authenticates")
		}
		if !keys.IsRevoked(ctx, "kiosk-1") {
			t.Fatal("IsRevoked")
		}
	})
}

// TestPairingGuesses drops a pairing after five wrong codes, and refuses
// an expired code.
func TestPairingGuesses(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	keys := openKeyring(t, func() time.Time { return now })
	code, _ := keys.Enrol(ctx, "counter-1", "counter")
	for range 5 {
		if _, err := keys.Pair(ctx, "counter-1", "AAAAA-AAAAA"); !errors.Is(err, enrol.ErrBadCode) {
			t.Fatal(err)
		}
	}
	if _, err := keys.Pair(ctx, "counter-1", code); !errors.Is(err, enrol.ErrBadCode) {
		t.Fatalf("the right code after five guesses: %v", err)
	}
	code, _ = keys.Enrol(ctx, "counter-1", "counter")
	now = now.Add(enrol.PairingTTL + time.Second)
	if _, err := keys.Pair(ctx, "counter-1", code); !errors.Is(err, enrol.ErrBadCode) {
		t.Fatalf("an expired code: %v", err)
	}
}

// FuzzPairForm posts any form to /pair while a device waits to pair: the
// hub must answer 400 or 403, never a secret, and never panic.
func FuzzPairForm(f *testing.F) {
	keys := openKeyring(f, nil)
	if _, err := keys.Enrol(context.Background(), "kiosk-2", "kiosk"); err != nil {
		f.Fatal(err)
	}
	h := keys.Handler()
	f.Add("device=kiosk-2&code=23456-789AB", "application/x-www-form-urlencoded")
	f.Add("device=kiosk%2F2&code=%00", "application/x-www-form-urlencoded")
	f.Add("--x\r\nContent-Disposition: form-data; name=\"device\"\r\n\r\nkiosk-2\r\n--x--", "multipart/form-data; boundary=x")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		r := httptest.NewRequest("POST", "/pair", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest && w.Code != http.StatusForbidden {
			t.Fatalf("answered %d: %s", w.Code, w.Body.String())
		}
	})
}

// TestPairingTLS pairs a device with a hub that speaks TLS: the device pins
// the certificate it saw, refuses another one, and a fingerprint given
// beforehand must match.
func TestPairingTLS(t *testing.T) {
	ctx := context.Background()
	keys := openKeyring(t, nil)
	dir := t.TempDir()
	cert, pin, err := enrol.HubCertificate(filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, again, _ := enrol.HubCertificate(filepath.Join(dir, "hub.db")); again != pin {
		t.Fatal("the hub's certificate changed between two starts")
	}
	srv := httptest.NewUnstartedServer(keys.Handler())
	srv.TLS = enrol.ServerTLS(cert)
	srv.StartTLS()
	defer srv.Close()

	code, _ := keys.Enrol(ctx, "kiosk-1", "kiosk")
	if _, err := enrol.Exchange(ctx, srv.URL, "kiosk-1", code, strings.Repeat("0", 64)); err == nil {
		t.Fatal("paired with a hub whose certificate is not the one given")
	}
	db := filepath.Join(dir, "kiosk-1.db")
	code, _ = keys.Enrol(ctx, "kiosk-1", "kiosk")
	cred, err := enrol.DeviceCredential(ctx, db, "kiosk-1", code, srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if cred.HubPin != pin || cred.TLS() == nil {
		t.Fatalf("pinned %q, want the hub's %q", cred.HubPin, pin)
	}
	if again, err := enrol.DeviceCredential(ctx, db, "kiosk-1", "", "", ""); err != nil || again != cred {
		t.Fatalf("credential read back: %+v %v", again, err)
	}
	other, _, _ := enrol.HubCertificate(filepath.Join(dir, "other.db"))
	impostor := httptest.NewUnstartedServer(http.NotFoundHandler())
	impostor.TLS = enrol.ServerTLS(other)
	impostor.StartTLS()
	defer impostor.Close()
	c := http.Client{Transport: &http.Transport{TLSClientConfig: cred.TLS()}}
	if _, err := c.Get(impostor.URL); err == nil {
		t.Error("a device took another hub's certificate")
	}
	if resp, err := c.Get(srv.URL + "/nothing"); err != nil {
		t.Errorf("the device refused its own hub: %v", err)
	} else {
		resp.Body.Close()
	}
}
