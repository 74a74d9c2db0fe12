package mqttsync

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// quiet is the logger of tests: errors only (refusals are asserted, not read).
var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

// testConfig is the default store with two kiosks and two counters, and
// leases big enough for thousands of tickets.
func testConfig() queue.Config {
	cfg := queue.DefaultConfig()
	cfg.Devices = append(cfg.Devices, queue.Device{ID: "kiosk-2", Kind: queue.DeviceKiosk})
	cfg.LeaseSize = 100
	for i := range cfg.Counters {
		cfg.Counters[i].Skills = nil // any counter serves any reason
	}
	return cfg
}

// hubProc is a hub with its database (and embedded broker, when it has
// one), restartable like a process.
type hubProc struct {
	t      testing.TB
	path   string
	broker string // external broker, or "" for an embedded one
	addr   string // embedded broker address, kept across restarts
	cfg    queue.Config

	db     *store.DB
	hub    *Hub
	emb    *Broker
	cancel context.CancelFunc
	done   chan error
}

func startHub(t testing.TB, broker string) *hubProc {
	t.Helper()
	h := &hubProc{t: t, path: filepath.Join(t.TempDir(), "hub.db"), broker: broker, cfg: testConfig()}
	if broker == "" {
		h.addr = freeAddr(t)
	}
	h.start()
	t.Cleanup(h.stop)
	return h
}

// URL is where devices connect.
func (h *hubProc) URL() string {
	if h.broker != "" {
		return h.broker
	}
	return "tcp://" + h.addr
}

func (h *hubProc) start() {
	t := h.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	if h.broker == "" {
		if h.emb, err = StartBroker(h.addr, quiet); err != nil {
			t.Fatal(err)
		}
	}
	if h.db, err = store.Open(ctx, h.path); err != nil {
		t.Fatal(err)
	}
	if h.hub, err = NewHub(ctx, HubConfig{Store: "s1", Broker: h.URL(), DB: h.db, Config: &h.cfg, Log: quiet}); err != nil {
		t.Fatal(err)
	}
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.hub.Run(ctx) }()
	waitFor(t, "the hub online", func() bool { return h.hub.Online() })
}

// stop stops the hub as a killed process would: nothing is flushed.
func (h *hubProc) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Error(err)
	}
	if h.emb != nil {
		h.emb.Close()
	}
	h.db.Close()
	h.cancel = nil
}

func (h *hubProc) restart() {
	h.stop()
	h.start()
}

// state returns a copy of the hub's state.
func (h *hubProc) state() *queue.State {
	var st *queue.State
	if err := h.hub.Read(context.Background(), func(s *queue.State) { st = s.Clone() }); err != nil {
		h.t.Fatal(err)
	}
	return st
}

// deviceProc is a device's client with its database, restartable.
type deviceProc struct {
	t      testing.TB
	id     string
	path   string
	broker string
	db     *store.DB
	*Client
}

func startDevice(t testing.TB, id, broker string) *deviceProc {
	t.Helper()
	d := &deviceProc{t: t, id: id, path: filepath.Join(t.TempDir(), id+".db"), broker: broker}
	d.start()
	t.Cleanup(d.stop)
	return d
}

func (d *deviceProc) start() {
	var err error
	if d.db, err = store.Open(context.Background(), d.path); err != nil {
		d.t.Fatal(err)
	}
	if d.Client, err = NewClient(context.Background(), ClientConfig{Store: "s1", Device: d.id, Broker: d.broker, DB: d.db, Log: quiet}); err != nil {
		d.t.Fatal(err)
	}
}

func (d *deviceProc) stop() {
	if d.Client == nil {
		return
	}
	d.Client.Close()
	d.db.Close()
	d.Client = nil
}

func (d *deviceProc) restart() {
	d.stop()
	d.start()
}

// ready waits until the device has its configuration and numbers leased
// for every reason.
func (d *deviceProc) ready() {
	d.t.Helper()
	waitFor(d.t, d.id+" ready", func() bool {
		v := d.View()
		day := queue.Day(time.Now(), v.Config.Location())
		for _, r := range v.Config.Reasons {
			if len(v.FreeNumbers(d.id, day, r.Prefix)) == 0 {
				return false
			}
		}
		return len(v.Config.Reasons) > 0
	})
}

// waitFor polls cond until it holds, failing the test after three minutes
// (a loaded CI machine running everything with -race is slow).
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// mosquitto runs a Mosquitto broker on a free port for the test. Its
// defaults drop messages in bursts, so the limits are lifted. Outside CI a
// machine without mosquitto skips the test; in CI it is installed.
type mosquitto struct {
	t    testing.TB
	conf string
	addr string
	cmd  *exec.Cmd
}

func startMosquitto(t testing.TB) *mosquitto {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("mosquitto is not installed (make deps installs it)")
		}
		t.Skip("mosquitto is not installed")
	}
	m := &mosquitto{t: t, addr: freeAddr(t), conf: filepath.Join(t.TempDir(), "mosquitto.conf")}
	_, port, _ := net.SplitHostPort(m.addr)
	conf := fmt.Sprintf("listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 0\nmax_queued_bytes 0\nset_tcp_nodelay true\n", port)
	if err := os.WriteFile(m.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	m.cmd = exec.Command(bin, "-c", m.conf)
	m.start(bin)
	t.Cleanup(m.stop)
	return m
}

func (m *mosquitto) start(bin string) {
	m.cmd = exec.Command(bin, "-c", m.conf)
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	waitFor(m.t, "mosquitto listening", func() bool {
		c, err := net.Dial("tcp", m.addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

func (m *mosquitto) stop() {
	if m.cmd.Process != nil && m.cmd.ProcessState == nil {
		m.cmd.Process.Kill()
		m.cmd.Wait()
	}
}

func (m *mosquitto) URL() string { return "tcp://" + m.addr }
