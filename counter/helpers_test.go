package main

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/assets"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

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

// shop is one store running for real on loopback: an embedded broker and
// the hub with its database (synctest), and the devices the test starts.
type shop struct {
	*synctest.Hub
	t testing.TB
}

func startShop(t testing.TB) *shop {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(counterTheme{})
	return &shop{Hub: synctest.StartHubWith(t, "", testConfig()), t: t}
}

// stopBroker stops the hub and its broker, as a network failure would.
func (s *shop) stopBroker() { s.Stop() }

// device starts a device's client on its own database and waits until it
// has the configuration and numbers for every reason.
func (s *shop) device(id string) (*mqttsync.Client, *store.DB) {
	s.t.Helper()
	return s.deviceWith(id, true)
}

// deviceWith is device, waiting for numbers only when leases.
func (s *shop) deviceWith(id string, leases bool) (*mqttsync.Client, *store.DB) {
	s.t.Helper()
	d := synctest.StartDevice(s.t, id, s.URL())
	if leases {
		d.Ready()
	} else {
		d.Synced()
	}
	return d.Client, d.DB
}

// book books an appointment through the hub, as the back office does.
func (s *shop) book(a queue.Appointment) {
	s.t.Helper()
	if _, err := s.Submit(context.Background(), queue.AppointmentBooked, a); err != nil {
		s.t.Fatal(err)
	}
}

// tablet is the counter app on a device of the shop, with the UI work
// done on the test goroutine: what the app hands to fyne.Do waits in
// a queue that pump runs.
type tablet struct {
	t  testing.TB
	T  *Tablet
	UI *UI
	C  *mqttsync.Client
	W  fyne.Window

	mu   sync.Mutex
	todo []func()
}

func (s *shop) tablet(device string) *tablet {
	s.t.Helper()
	return s.tabletAt(device, "fr", time.Now)
}

// tabletAt is tablet, in language lang (the screens' language must be set
// with assets.SetLanguage before), its clock now.
func (s *shop) tabletAt(device, lang string, now func() time.Time) *tablet {
	s.t.Helper()
	c, _ := s.device(device)
	tb := &tablet{t: s.t, C: c}
	tb.T = NewTablet(TabletConfig{Backend: Replica{c}, Do: tb.do, Now: now, Log: synctest.Quiet, Lang: lang})
	tb.UI = NewUI(tb.T)
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
	synctest.WaitFor(tb.t, what, func() bool {
		tb.pump()
		return cond()
	})
}

// settle waits for the actions under way and redraws.
func (tb *tablet) settle() {
	tb.t.Helper()
	tb.until("actions done", func() bool { return tb.T.Busy() == 0 })
	tb.UI.render()
}

// tap taps b and waits for what it started.
func (tb *tablet) tap(b fyne.Tappable) {
	tb.t.Helper()
	test.Tap(b)
	tb.settle()
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
	tb.tap(l.Submit)
}

// message is what the message line says.
func (tb *tablet) message() string { return tb.T.Message().Text }

// issue issues a ticket from a kiosk client, waiting for the next block
// of numbers when the kiosk ran out.
func issue(t testing.TB, kiosk *mqttsync.Client, b queue.IssueBody) queue.Ticket {
	t.Helper()
	var tk queue.Ticket
	var err error
	synctest.WaitFor(t, "a ticket number", func() bool {
		tk, err = kiosk.Issue(context.Background(), b, false)
		return queue.ErrorCode(err) != queue.ELIMIT
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// code is the error code of what the tablet shows.
func (tb *tablet) code() string { return queue.ErrorCode(tb.T.Message().Err) }
