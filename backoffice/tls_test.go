package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	paho "github.com/eclipse/paho.mqtt.golang"

	"accueil/internal/enrol"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestTLS runs the hub with --tls: a tablet pairs over HTTPS with the
// fingerprint `backoffice enrol` printed, then syncs over tls://; the web
// pages and the broker refuse clients in clear, and a device pinned to
// another certificate refuses the hub.
func TestTLS(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "hub.db")
	httpAddr, broker := bootOn(t, db, "--tls")
	if !strings.HasPrefix(broker, "tls://") {
		t.Fatalf("broker at %s, want tls://", broker)
	}
	if resp, err := http.Get("http://" + httpAddr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("the web pages answered in clear")
		}
	}

	var out bytes.Buffer
	if _, err := Admin(ctx, []string{"enrol", "--db", db, "counter-2", "counter"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "--hub-fingerprint ") {
		t.Fatalf("enrol printed %q, want the code and the hub's fingerprint", out.String())
	}
	code, pin := lines[0], strings.Fields(lines[1])[len(strings.Fields(lines[1]))-1]
	dev := filepath.Join(t.TempDir(), "counter-2.db")
	cred, err := enrol.DeviceCredential(ctx, dev, "counter-2", code, "https://"+httpAddr, pin)
	if err != nil {
		t.Fatal(err)
	}
	c, err := mqttsync.OpenDevice(ctx, dev, mqttsync.ClientConfig{Store: "s1", Device: "counter-2", Secret: cred.Secret, TLS: cred.TLS(), Broker: broker, Log: synctest.Quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	synctest.WaitFor(t, "the tablet synced over TLS", func() bool { return len(c.View().Config.Reasons) > 0 })

	clear := strings.Replace(broker, "tls://", "tcp://", 1)
	if cl, err := synctest.DialAs(clear, "counter-1", "counter-1", synctest.Secret("counter-1")); err == nil {
		cl.Disconnect(0)
		t.Error("the broker let a client in clear in")
	}
	_, otherPin, err := enrol.HubCertificate(filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	wrong := paho.NewClient(paho.NewClientOptions().AddBroker(broker).SetClientID("counter-1").SetUsername("counter-1").
		SetPassword(synctest.Secret("counter-1")).SetTLSConfig(enrol.PinnedTLS(otherPin)).SetAutoReconnect(false))
	if tok := wrong.Connect(); tok.Wait() && tok.Error() == nil {
		wrong.Disconnect(0)
		t.Error("a device pinned to another certificate connected")
	}
}

// TestMosquittoTLS runs the store on an external Mosquitto configured by
// `backoffice mosquitto --tls`: the hub and a tablet connect to it over
// TLS with the hub's certificate, which the tablet pinned; a client in
// clear is refused.
func TestMosquittoTLS(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	synctest.Enrol(t, db)
	synctest.Pair(t, db, queue.DeviceHub) // the hub's credential, as the files will have it
	addr := synctest.FreeAddr(t)
	if _, err := Admin(ctx, []string{"mosquitto", "--db", db, "--store", "s1", "--listen", addr, "--tls", filepath.Join(dir, "mq")}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	synctest.StartMosquittoOn(t, filepath.Join(dir, "mq"), addr)
	_, pin, err := enrol.HubCertificate(db)
	if err != nil {
		t.Fatal(err)
	}
	bootOn(t, db, "--broker", "tls://"+addr)

	dev := filepath.Join(t.TempDir(), "counter-1.db")
	c, err := mqttsync.OpenDevice(ctx, dev, mqttsync.ClientConfig{Store: "s1", Device: "counter-1", Secret: synctest.Secret("counter-1"),
		TLS: enrol.PinnedTLS(pin), Broker: "tls://" + addr, Log: synctest.Quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	synctest.WaitFor(t, "the tablet synced over Mosquitto's TLS", func() bool { return c.Online() && len(c.View().Config.Reasons) > 0 })
	if cl, err := synctest.DialAs("tcp://"+addr, "counter-2", "counter-2", synctest.Secret("counter-2")); err == nil {
		cl.Disconnect(0)
		t.Error("Mosquitto let a client in clear in")
	}
}
