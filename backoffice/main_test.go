package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// boot runs the hub on a temp dir and free ports until the test ends.
func boot(t testing.TB) (httpAddr, broker string) {
	t.Helper()
	return bootOn(t, filepath.Join(t.TempDir(), "hub.db"))
}

// bootOn runs the hub on the database at db and free ports, with flags,
// until the test ends.
func bootOn(t testing.TB, db string, flags ...string) (httpAddr, broker string) {
	t.Helper()
	synctest.Enrol(t, db)
	cfg, err := ParseFlags(append([]string{"--db", db, "--mqtt", "127.0.0.1:0", "--http", "127.0.0.1:0", "--store", "s1"}, flags...))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan [2]string, 1)
	go func() { done <- RunReady(ctx, cfg, func(h, b string) { ready <- [2]string{h, b} }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	select {
	case a := <-ready:
		return a[0], a[1]
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("the hub did not start")
	}
	return "", ""
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// mqttTool runs mosquitto_sub or mosquitto_pub against the hub's broker.
func mqttTool(t *testing.T, broker, name string, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (make deps installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	u, _ := url.Parse(broker)
	return exec.Command(bin, append([]string{"-h", u.Hostname(), "-p", u.Port(), "-q", "1"}, args...)...)
}

// as returns the arguments of a Mosquitto client connecting as device.
func as(device string, args ...string) []string {
	return append([]string{"-i", device, "-u", device, "-P", synctest.Secret(device)}, args...)
}

// TestHubWithMosquittoClients drives a running hub with Mosquitto's own
// command-line clients with devices' credentials: the log is visible to
// mosquitto_sub, garbage sent with mosquitto_rr is refused while the hub
// keeps serving, and an anonymous client is refused.
func TestHubWithMosquittoClients(t *testing.T) {
	httpAddr, broker := boot(t)
	base := "http://" + httpAddr

	var health map[string]any
	getJSON(t, base+"/healthz", &health)
	if health["ok"] != true {
		t.Fatalf("healthz: %v", health)
	}

	// Listen to the public log, as display-1.
	var logOut bytes.Buffer
	sub := mqttTool(t, broker, "mosquitto_sub", as("display-1", "-t", "accueil/v1/s1/log/public", "-C", "1", "-W", "30")...)
	sub.Stdout = &logOut
	if err := sub.Start(); err != nil {
		t.Fatal(err)
	}
	subDone := make(chan error, 1)
	go func() { subDone <- sub.Wait() }()
	// As kiosk-1, garbage is refused, a well-formed lease request answered
	// and logged. mosquitto_rr subscribes to the answers before it sends.
	request := func(payload string) mqttsync.Ack {
		t.Helper()
		rr := mqttTool(t, broker, "mosquitto_rr", as("kiosk-1", "-t", "accueil/v1/s1/cmd/kiosk-1", "-e", "accueil/v1/s1/ack/kiosk-1", "-m", payload, "-W", "30")...)
		out, err := rr.Output()
		if err != nil {
			t.Fatalf("mosquitto_rr: %v %s", err, out)
		}
		var a mqttsync.Ack
		if err := json.Unmarshal(out, &a); err != nil {
			t.Fatalf("ack %q: %v", out, err)
		}
		return a
	}
	if a := request("{not json"); a.OK || a.Code != mqttsync.CodeMalformed {
		t.Errorf("garbage answered %+v, want %s", a, mqttsync.CodeMalformed)
	}
	day := queue.Day(time.Now(), time.UTC)
	var subErr error
	for heard := false; !heard; {
		lease, _ := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), "kiosk-1", queue.LeaseRequest, time.Now(), queue.LeaseRequestBody{Prefix: "A", Day: day})
		lease.HLC = time.Now().UnixMilli() << 16
		payload, _ := mqttsync.Encode(lease)
		if a := request(string(payload)); !a.OK {
			t.Fatalf("lease answered %+v", a)
		}
		select { // mosquitto_sub has no "subscribed" signal: lease again until it hears
		case subErr = <-subDone:
			heard = true
		case <-time.After(500 * time.Millisecond):
		}
	}
	if subErr != nil {
		t.Fatalf("mosquitto_sub: %v", subErr)
	}
	var env mqttsync.Envelope
	if err := json.Unmarshal(logOut.Bytes(), &env); err != nil || env.Type != queue.LeaseGranted || env.Seq < 2 {
		t.Fatalf("log event = %s (%v)", logOut.String(), err)
	}
	t.Run("Anonymous", func(t *testing.T) {
		if out, err := mqttTool(t, broker, "mosquitto_sub", "-t", "#", "-C", "1", "-W", "5").CombinedOutput(); err == nil {
			t.Fatalf("an anonymous mosquitto_sub got in: %s", out)
		}
	})

	// The hub keeps serving and counted the refusal.
	synctest.WaitFor(t, "the database check", func() bool {
		getJSON(t, base+"/healthz", &health)
		return health["integrity"] != "checking"
	})
	if health["rejected"].(float64) < 1 || health["integrity"] != "ok" {
		t.Errorf("healthz after garbage: %v (the database check runs beside the hub and finds it intact)", health)
	}
	var q struct {
		Store   string `json:"store"`
		Waiting []any  `json:"waiting"`
	}
	getJSON(t, base+"/api/queue", &q)
	if q.Store == "" || q.Waiting == nil {
		t.Errorf("/api/queue = %+v", q)
	}
}

// TestStatusPage opens a visitor's status page, from the link in the QR
// code: their number, people ahead and an honest wait; a wrong token shows
// nothing.
func TestStatusPage(t *testing.T) {
	httpAddr, broker := boot(t)
	kiosk := synctest.StartDevice(t, "kiosk-1", broker)
	kiosk.Ready()
	ctx := context.Background()
	if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim"}, false); err != nil {
		t.Fatal(err)
	}
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim"}, false)
	if err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the tickets on the hub", func() bool { return kiosk.Pending() == 0 })
	page := func(token string) (int, string) {
		resp, err := http.Get("http://" + httpAddr + "/t/" + tk.ID + "?k=" + token)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	code, body := page(tk.Token)
	if code != http.StatusOK || !strings.Contains(body, tk.Number) || !strings.Contains(body, "1 personne avant vous") ||
		!strings.Contains(body, "inconnue") {
		t.Errorf("status page %d:\n%s", code, body)
	}
	wrong := "0" + tk.Token[1:]
	if wrong == tk.Token {
		wrong = "1" + tk.Token[1:]
	}
	if code, _ := page(wrong); code != http.StatusNotFound {
		t.Errorf("a wrong token: %d, want 404", code)
	}
	// Once someone who can serve is at a counter, the wait is estimated.
	counter := synctest.StartDevice(t, "counter-1", broker)
	counter.Synced()
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	if _, body := page(tk.Token); !strings.Contains(body, " min</p>") || strings.Contains(body, "inconnue") {
		t.Errorf("status page with a conseiller at work:\n%s", body)
	}
}
