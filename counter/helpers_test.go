package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/assets"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// quiet is the logger of tests.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestMain(m *testing.M) {
	if err := assets.SetLanguage("fr"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// testConfig is the default store with a second conseiller and numbers
// enough for hundreds of tickets of one reason.
func testConfig() queue.Config {
	cfg := queue.DefaultConfig()
	cfg.Staff = append(cfg.Staff, queue.NewStaff("conseil2", "Camille", queue.RoleConseiller, []string{"sales", "sim"}, "1234"))
	cfg.Devices = append(cfg.Devices, queue.Device{ID: "counter-3", Kind: queue.DeviceCounter})
	cfg.LeaseSize = 200
	return cfg
}

// shop is one store running for real on loopback: an embedded broker, the
// hub with its database, and the devices the test starts.
type shop struct {
	t      *testing.T
	addr   string
	broker *mqttsync.Broker
	db     *store.DB
	hub    *mqttsync.Hub
}

func startShop(t *testing.T) *shop {
	t.Helper()
	s := &shop{t: t, addr: freeAddr(t)}
	test.NewTempApp(t).Settings().SetTheme(counterTheme{})
	var err error
	if s.broker, err = mqttsync.StartBroker(s.addr, quiet); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if s.db, err = store.Open(ctx, filepath.Join(t.TempDir(), "hub.db")); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	if s.hub, err = mqttsync.NewHub(ctx, mqttsync.HubConfig{Store: "s1", Broker: s.URL(), DB: s.db, Config: &cfg, Log: quiet}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.hub.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		s.stopBroker()
		s.db.Close()
	})
	waitFor(t, "the hub online", s.hub.Online)
	return s
}

// stopBroker stops the broker, as a network failure would.
func (s *shop) stopBroker() {
	if s.broker != nil {
		s.broker.Close()
		s.broker = nil
	}
}

func (s *shop) URL() string { return "tcp://" + s.addr }

// device starts a device's client on its own database and waits until it
// has the configuration and numbers for every reason.
func (s *shop) device(id string) (*mqttsync.Client, *store.DB) {
	s.t.Helper()
	return s.deviceWith(id, true)
}

// deviceWith is device, waiting for numbers only when leases.
func (s *shop) deviceWith(id string, leases bool) (*mqttsync.Client, *store.DB) {
	t := s.t
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), id+".db"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := mqttsync.NewClient(context.Background(), mqttsync.ClientConfig{Store: "s1", Device: id, Broker: s.URL(), DB: db, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); db.Close() })
	waitFor(t, id+" ready", func() bool {
		v := c.View()
		day := queue.Day(time.Now(), v.Config.Location())
		for _, r := range v.Config.Reasons {
			if leases && len(v.FreeNumbers(id, day, r.Prefix)) == 0 {
				return false
			}
		}
		return len(v.Config.Reasons) > 0
	})
	return c, db
}

// events returns the hub's log.
func (s *shop) events() []queue.Event {
	s.t.Helper()
	es, err := s.db.Events(context.Background(), 1, 1_000_000)
	if err != nil {
		s.t.Fatal(err)
	}
	return es
}

// book books an appointment through the hub, as the back office does.
func (s *shop) book(a queue.Appointment) {
	s.t.Helper()
	if _, err := s.hub.Submit(context.Background(), queue.AppointmentBooked, a); err != nil {
		s.t.Fatal(err)
	}
}

// tablet is the counter app on a device of the shop, with the UI work
// done on the test goroutine: what the app hands to fyne.Do waits in
// a queue that pump runs.
type tablet struct {
	t  *testing.T
	UI *UI
	C  *mqttsync.Client
	W  fyne.Window

	mu   sync.Mutex
	todo []func()
}

func (s *shop) tablet(device string) *tablet {
	s.t.Helper()
	c, db := s.device(device)
	tb := &tablet{t: s.t, C: c}
	sess := &Session{Client: c, DB: db, Lang: "fr", Now: time.Now, Log: quiet}
	tb.UI = NewUI(sess, tb.do)
	c.OnChange(tb.UI.Changed)
	tb.W = test.NewTempWindow(s.t, tb.UI.Content())
	tb.W.Resize(fyne.NewSize(1280, 800))
	return tb
}

func (tb *tablet) do(fn func()) {
	tb.mu.Lock()
	tb.todo = append(tb.todo, fn)
	tb.mu.Unlock()
}

// pump runs the UI work handed over so far.
func (tb *tablet) pump() {
	for {
		tb.mu.Lock()
		fns := tb.todo
		tb.todo = nil
		tb.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// until pumps the UI work until cond holds.
func (tb *tablet) until(what string, cond func() bool) {
	tb.t.Helper()
	waitFor(tb.t, what, func() bool {
		tb.pump()
		return cond()
	})
}

// settle waits for the requests under way and refreshes.
func (tb *tablet) settle() {
	tb.t.Helper()
	tb.until("requests answered", func() bool { return tb.UI.Busy() == 0 })
	tb.UI.refresh()
}

// login signs in through the login screen.
func (tb *tablet) login(staff, counter, pin string) {
	tb.t.Helper()
	l := tb.UI.Login
	test.Type(l.StaffID, staff)
	l.Counter.Choose(counter)
	for _, d := range pin {
		test.Tap(l.Keys[d-'0'])
	}
	test.Tap(l.Submit)
	tb.settle()
}

// waitFor polls cond until it holds, failing after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// issue issues a ticket from a kiosk client, waiting for the next block
// of numbers when the kiosk ran out.
func issue(t *testing.T, kiosk *mqttsync.Client, b queue.IssueBody) queue.Ticket {
	t.Helper()
	var tk queue.Ticket
	var err error
	waitFor(t, "a ticket number", func() bool {
		tk, err = kiosk.Issue(context.Background(), b, false)
		return queue.ErrorCode(err) != queue.ELIMIT
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// code is the error code of what the tablet shows.
func (tb *tablet) code() string { return queue.ErrorCode(tb.UI.Err) }
