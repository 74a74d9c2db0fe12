// Package synctest runs a store's sync for tests: a hub with its database
// and embedded broker (or an external Mosquitto), and devices with their
// replicas, each restartable like a process, all on a test's temp dir and
// free ports. Tests of every app boot real parts with it.
package synctest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"accueil/internal/enrol"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// Quiet is the logger of tests: errors only (refusals are asserted, not read).
var Quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

// Config is the default store with two kiosks and two counters that serve
// any reason, and leases big enough for thousands of tickets.
func Config() queue.Config {
	cfg := withPINs(queue.DefaultConfig())
	cfg.Devices = append(cfg.Devices, queue.Device{ID: "kiosk-2", Kind: queue.DeviceKiosk})
	cfg.LeaseSize = 100
	for i := range cfg.Counters {
		cfg.Counters[i].Skills = nil // any counter serves any reason
	}
	return cfg
}

// PIN is the PIN of every test staff member.
const PIN = "1234"

// withPINs gives cfg's staff who have no first PIN the test PIN.
func withPINs(cfg queue.Config) queue.Config {
	cfg.Staff = slices.Clone(cfg.Staff)
	for i := range cfg.Staff {
		if cfg.Staff[i].PIN == "" {
			cfg.Staff[i].PIN = PIN
		}
	}
	return cfg
}

// Stranger is a device with a credential that the store's configuration
// does not list: the broker lets it in, the hub refuses what it sends.
const Stranger = "kiosk-9"

// Devices returns the devices every test hub enrols: those of Config, a
// third counter some tests add to their configuration, and Stranger.
func Devices() []queue.Device {
	return append(Config().Devices,
		queue.Device{ID: "counter-3", Kind: queue.DeviceCounter}, queue.Device{ID: Stranger, Kind: queue.DeviceKiosk})
}

// kindOf returns the kind of the test device id.
func kindOf(id string) string {
	for _, d := range Devices() {
		if d.ID == id {
			return d.Kind
		}
	}
	return ""
}

// Secret returns the broker secret of device id in tests.
func Secret(id string) string { return "test-secret-of-" + id }

// Pair writes device id's secret next to its database db, as pairing
// would: programs started on db connect with it.
func Pair(t testing.TB, db, id string) {
	t.Helper()
	if err := enrol.WriteSecret(enrol.SecretFile(db), Secret(id)); err != nil {
		t.Fatal(err)
	}
}

// Enrol gives Devices their test secrets in the keyring of the hub
// database at db, and Config's staff the test PIN, for a hub run as a
// program (it makes its own secret).
func Enrol(t testing.TB, db string) {
	t.Helper()
	ctx := context.Background()
	sdb, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if err := enrolAll(ctx, enrol.NewKeyring(sdb, nil), Devices()); err != nil {
		t.Fatal(err)
	}
	if err := putPINs(ctx, sdb, Config().Staff); err != nil {
		t.Fatal(err)
	}
}

// putPINs keeps the first PINs of staff, cheaply hashed (see
// enrol.CheapPINHash).
func putPINs(ctx context.Context, db *store.DB, staff []queue.Staff) error {
	for _, s := range staff {
		if err := db.PutPIN(ctx, s.ID, enrol.CheapPINHash(s.PIN)); err != nil {
			return err
		}
	}
	return nil
}

// enrolAll gives every device of devices (and the hub) its test secret in
// the keyring.
func enrolAll(ctx context.Context, keys *enrol.Keyring, devices []queue.Device) error {
	if err := keys.Set(ctx, queue.DeviceHub, queue.DeviceHub, Secret(queue.DeviceHub)); err != nil {
		return err
	}
	for _, d := range devices {
		if err := keys.Set(ctx, d.ID, d.Kind, Secret(d.ID)); err != nil {
			return err
		}
	}
	return nil
}

// Dial connects an MQTT client to broker as the enrolled device id (a
// test playing a device, or an attacker holding its credential); it is
// disconnected when the test ends. A connection the broker refuses fails
// the test.
func Dial(t testing.TB, broker, id string) paho.Client {
	t.Helper()
	c, err := DialAs(broker, id, id, Secret(id))
	if err != nil {
		t.Fatalf("connect as %s: %v", id, err)
	}
	t.Cleanup(func() { c.Disconnect(100) })
	return c
}

// DialAs connects an MQTT client to broker with clientID, user and
// password, once, and returns the broker's refusal if any.
func DialAs(broker, clientID, user, password string) (paho.Client, error) {
	c := paho.NewClient(paho.NewClientOptions().AddBroker(broker).SetClientID(clientID).
		SetUsername(user).SetPassword(password).SetAutoReconnect(false).SetConnectTimeout(10 * time.Second))
	tok := c.Connect()
	if !tok.WaitTimeout(30 * time.Second) {
		return nil, fmt.Errorf("connect as %s: timed out", user)
	}
	if err := tok.Error(); err != nil {
		return nil, err
	}
	return c, nil
}

// Hub is a hub with its database (and embedded broker, when it has one),
// restartable like a process. Its keyring, on a connection of its own to
// the database, outlives restarts as the credentials file would.
type Hub struct {
	*mqttsync.Hub
	DB *store.DB

	t      testing.TB
	path   string
	broker string // external broker, or "" for an embedded one
	addr   string // embedded broker address, kept across restarts
	cfg    queue.Config
	Keys   *enrol.Keyring
	emb    *mqttsync.Broker
	cancel context.CancelFunc
	done   chan error
}

// StartHub starts a hub with Config, on broker ("" for an embedded one),
// stopped when the test ends.
func StartHub(t testing.TB, broker string) *Hub {
	t.Helper()
	return StartHubWith(t, broker, Config())
}

// StartHubWith is StartHub for a store configured with cfg.
func StartHubWith(t testing.TB, broker string, cfg queue.Config) *Hub {
	t.Helper()
	h := &Hub{t: t, path: filepath.Join(t.TempDir(), "hub.db"), broker: broker, cfg: withPINs(cfg)}
	if broker == "" {
		h.addr = FreeAddr(t)
	}
	h.openKeys()
	h.Start()
	t.Cleanup(h.Stop)
	return h
}

// StartHubOn starts a hub, with an embedded broker, on the database at
// path (a copy of a store's history, say), stopped when the test ends.
func StartHubOn(t testing.TB, path string) *Hub {
	t.Helper()
	h := &Hub{t: t, path: path, addr: FreeAddr(t), cfg: Config()}
	h.openKeys()
	h.Start()
	t.Cleanup(h.Stop)
	return h
}

// openKeys opens the hub's keyring and enrols Devices and the
// configuration's devices with their test secrets.
func (h *Hub) openKeys() {
	ctx := context.Background()
	db, err := store.Open(ctx, h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	h.Keys = enrol.NewKeyring(db, nil)
	if err := enrolAll(ctx, h.Keys, append(Devices(), h.cfg.Devices...)); err != nil {
		h.t.Fatal(err)
	}
	if err := putPINs(ctx, db, h.cfg.Staff); err != nil {
		h.t.Fatal(err)
	}
}

// Path is where the hub's database is.
func (h *Hub) Path() string { return h.path }

// Embedded returns the hub's embedded broker, nil on an external one.
func (h *Hub) Embedded() *mqttsync.Broker { return h.emb }

// URL is where devices connect.
func (h *Hub) URL() string {
	if h.broker != "" {
		return h.broker
	}
	return "tcp://" + h.addr
}

// Start starts the stopped hub, and its embedded broker, again on the same
// database and address.
func (h *Hub) Start() {
	h.StartBroker()
	h.StartHub()
}

// StartBroker starts the embedded broker again (nothing for an external
// one).
func (h *Hub) StartBroker() {
	if h.broker != "" {
		return
	}
	var err error
	if h.emb, err = mqttsync.StartBroker(h.addr, "s1", h.Keys, nil, Quiet); err != nil {
		h.t.Fatal(err)
	}
}

// StopBroker stops the embedded broker as a crash would, the hub running
// on.
func (h *Hub) StopBroker() {
	if h.emb != nil {
		h.emb.Close()
		h.emb = nil
	}
}

// StartHub starts the hub process alone again, on the broker as it is.
func (h *Hub) StartHub() {
	t := h.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	if h.DB, err = store.Open(ctx, h.path); err != nil {
		t.Fatal(err)
	}
	if h.Hub, err = mqttsync.NewHub(ctx, mqttsync.HubConfig{Store: "s1", Broker: h.URL(), Secret: Secret(queue.DeviceHub), DB: h.DB, Config: &h.cfg, Revoked: h.Keys.IsRevoked, Log: Quiet}); err != nil {
		t.Fatal(err)
	}
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.Hub.Run(ctx) }()
	WaitFor(t, "the hub online", func() bool { return h.Hub.Online() })
}

// Stop stops the hub as a killed process would (nothing is flushed), then
// its embedded broker.
func (h *Hub) Stop() {
	h.StopHub()
	h.StopBroker()
}

// StopHub stops the hub process alone, its broker running on.
func (h *Hub) StopHub() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Error(err)
	}
	h.DB.Close()
	h.cancel = nil
}

// Pause hangs the hub, as SIGSTOP would its process: it takes no work
// until resume is called. Messages that arrive meanwhile wait.
func (h *Hub) Pause() (resume func()) {
	paused, release := make(chan struct{}), make(chan struct{})
	go h.Hub.Read(context.Background(), func(*queue.State) {
		close(paused)
		<-release
	})
	<-paused
	return sync.OnceFunc(func() { close(release) })
}

// Restart stops and starts the hub.
func (h *Hub) Restart() {
	h.Stop()
	h.Start()
}

// State returns a copy of the hub's state.
func (h *Hub) State() *queue.State {
	var st *queue.State
	if err := h.Hub.Read(context.Background(), func(s *queue.State) { st = s.Clone() }); err != nil {
		h.t.Fatal(err)
	}
	return st
}

// Log returns the hub's whole log.
func (h *Hub) Log() []queue.Event {
	h.t.Helper()
	events, err := h.DB.Events(context.Background(), 1, 1<<30)
	if err != nil {
		h.t.Fatal(err)
	}
	return events
}

// Device is a device's client with its database, restartable.
type Device struct {
	*mqttsync.Client
	ID string
	DB *store.DB

	t      testing.TB
	path   string
	broker string
}

// StartDevice starts the enrolled device id on broker, stopped when the
// test ends.
func StartDevice(t testing.TB, id, broker string) *Device {
	t.Helper()
	d := &Device{t: t, ID: id, path: filepath.Join(t.TempDir(), id+".db"), broker: broker}
	d.Start()
	t.Cleanup(d.Stop)
	return d
}

// Start starts the stopped device again on the same database.
func (d *Device) Start() {
	var err error
	if d.DB, err = store.Open(context.Background(), d.path); err != nil {
		d.t.Fatal(err)
	}
	if d.Client, err = mqttsync.NewClient(context.Background(), mqttsync.ClientConfig{Store: "s1", Device: d.ID, Secret: Secret(d.ID), Public: kindOf(d.ID) != queue.DeviceCounter, Broker: d.broker, DB: d.DB, Log: Quiet}); err != nil {
		d.t.Fatal(err)
	}
}

// Path is where the device's database is.
func (d *Device) Path() string { return d.path }

// Stop stops the device; its outbox keeps what the hub has not taken.
func (d *Device) Stop() {
	if d.Client == nil {
		return
	}
	d.Client.Close()
	d.DB.Close()
	d.Client = nil
}

// Restart stops and starts the device.
func (d *Device) Restart() {
	d.Stop()
	d.Start()
}

// Ready waits until the device has its configuration and numbers leased
// for every reason.
func (d *Device) Ready() { d.wait(true) }

// Synced waits until the device has its configuration (a device that
// issues no ticket gets no numbers).
func (d *Device) Synced() { d.wait(false) }

func (d *Device) wait(leases bool) {
	d.t.Helper()
	WaitFor(d.t, d.ID+" ready", func() bool {
		v := d.View()
		day := queue.Day(time.Now(), v.Config.Location())
		for _, r := range v.Config.Reasons {
			if leases && len(v.FreeNumbers(d.ID, day, r.Prefix)) == 0 {
				return false
			}
		}
		return len(v.Config.Reasons) > 0
	})
}

// WaitFor polls cond until it holds, failing the test after three minutes
// (a loaded CI machine running everything with -race is slow).
func WaitFor(t testing.TB, what string, cond func() bool) {
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

// FreeAddr returns a free loopback address.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Mosquitto runs a Mosquitto broker on a free port for the test, with the
// store's access rules (mqttsync.Topics.MosquittoACL) and the credentials
// of Devices, as `backoffice mosquitto` writes them. Its defaults drop
// messages in bursts, so the limits are lifted. Outside CI a machine
// without mosquitto skips the test; in CI it is installed.
type Mosquitto struct {
	t      testing.TB
	conf   string
	addr   string
	bin    string
	cmd    *exec.Cmd
	out    bytes.Buffer // what it said
	exited chan error
}

// StartMosquitto starts Mosquitto, stopped when the test ends.
func StartMosquitto(t testing.TB) *Mosquitto {
	t.Helper()
	dir, addr := t.TempDir(), FreeAddr(t)
	users := map[string]string{queue.DeviceHub: queue.DeviceHub}
	creds := []store.Credential{{Device: queue.DeviceHub, Mosquitto: enrol.MosquittoHash(Secret(queue.DeviceHub))}}
	for _, d := range Devices() {
		users[d.ID] = d.Kind
		creds = append(creds, store.Credential{Device: d.ID, Mosquitto: enrol.MosquittoHash(Secret(d.ID))})
	}
	if err := enrol.WriteMosquitto(dir, addr, creds, mqttsync.Topics{Store: "s1"}.MosquittoACL(users), nil); err != nil {
		t.Fatal(err)
	}
	return StartMosquittoOn(t, dir, addr)
}

// StartMosquittoOn starts Mosquitto, listening on addr, with the files
// `backoffice mosquitto` wrote in dir; it is stopped when the test ends.
func StartMosquittoOn(t testing.TB, dir, addr string) *Mosquitto {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("mosquitto is not installed (make deps installs it)")
		}
		t.Skip("mosquitto is not installed")
	}
	m := &Mosquitto{t: t, addr: addr, conf: filepath.Join(dir, "mosquitto.conf")}
	general, err := os.ReadFile(filepath.Join(dir, "accueil.conf"))
	if err != nil {
		t.Fatal(err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	// As the test's own user: run by root, Mosquitto would become user
	// mosquitto, who cannot read the test's files.
	conf := fmt.Sprintf("%suser %s\npersistence false\n"+
		"max_inflight_messages 0\nmax_queued_messages 0\nmax_queued_bytes 0\nset_tcp_nodelay true\n", general, me.Username)
	if err := os.WriteFile(m.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	m.bin = bin
	m.Start()
	t.Cleanup(m.Stop)
	return m
}

// Start starts the stopped Mosquitto again, on the same address.
func (m *Mosquitto) Start() {
	m.cmd = exec.Command(m.bin, "-c", m.conf)
	m.out.Reset()
	m.cmd.Stdout, m.cmd.Stderr = &m.out, &m.out
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	m.exited = make(chan error, 1)
	go func() { m.exited <- m.cmd.Wait() }()
	WaitFor(m.t, "mosquitto listening", func() bool {
		select {
		case err := <-m.exited:
			m.exited <- err
			m.t.Fatalf("mosquitto stopped (%v): %s", err, m.out.String())
		default:
		}
		c, err := net.Dial("tcp", m.addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// Stop kills Mosquitto.
func (m *Mosquitto) Stop() {
	if m.exited == nil {
		return
	}
	m.cmd.Process.Kill()
	<-m.exited
	m.exited = nil
}

// URL is where clients connect.
func (m *Mosquitto) URL() string { return "tcp://" + m.addr }

// CopyFile copies a closed database file (or any file) from to to.
func CopyFile(t testing.TB, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
