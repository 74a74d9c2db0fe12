package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"accueil/hardware/printer"
	"accueil/hardware/simprinter"
	"accueil/internal/queue"
)

// quiet is the logger of tests: errors only.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fakeBackend is the device client the way the kiosk sees it, over a real
// queue.State: the store's configuration and a block of numbers leased to
// the kiosk, tickets issued as TicketIssued or AppointmentCheckIn events.
// The end-to-end tests (main_test.go) use the real client.
type fakeBackend struct {
	t      testing.TB
	now    func() time.Time
	device string

	mu        sync.Mutex
	st        *queue.State
	n         int
	online    bool
	events    []queue.Event // what the kiosk did
	listeners []func()
}

func newFakeBackend(t testing.TB, now func() time.Time) *fakeBackend {
	return &fakeBackend{t: t, now: now, device: "kiosk-1", st: queue.NewState(queue.Config{}), online: true}
}

// configure gives the store its configuration and the kiosk its numbers,
// as the hub does.
func (b *fakeBackend) configure(cfg queue.Config) {
	b.hub(queue.ConfigChanged, cfg)
	day := queue.Day(b.now(), cfg.Location())
	for _, r := range cfg.Reasons {
		b.hub(queue.LeaseGranted, queue.Lease{Device: b.device, Day: day, Prefix: r.Prefix, First: 1, Last: cfg.LeaseSize})
	}
}

// hub applies an event of the hub (or another device) and tells the kiosk.
func (b *fakeBackend) hub(typ string, body any) {
	b.t.Helper()
	if _, err := b.apply("hub", typ, body); err != nil {
		b.t.Fatalf("%s: %v", typ, err)
	}
	b.changed()
}

func (b *fakeBackend) apply(device, typ string, body any) (queue.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	e, err := queue.NewEvent(fmt.Sprintf("e%05d", b.n), device, typ, b.now(), body)
	if err != nil {
		return e, err
	}
	e.Seq = int64(b.n)
	if err := b.st.Apply(e); err != nil {
		return e, err
	}
	if device == b.device {
		b.events = append(b.events, e)
	}
	return e, nil
}

func (b *fakeBackend) changed() {
	b.mu.Lock()
	fns := slices.Clone(b.listeners)
	b.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

func (b *fakeBackend) View() *queue.State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.st.Clone()
}

func (b *fakeBackend) OnChange(fn func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, fn)
}

func (b *fakeBackend) Online() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.online
}

func (b *fakeBackend) setOnline(on bool) {
	b.mu.Lock()
	b.online = on
	b.mu.Unlock()
	b.changed()
}

// Issue does what mqttsync.Client.Issue does, without the outbox.
func (b *fakeBackend) Issue(ctx context.Context, body queue.IssueBody, checkIn bool) (queue.Ticket, error) {
	st := b.View()
	is, err := st.PrepareIssue(b.device, body, checkIn, b.now())
	if err != nil {
		return queue.Ticket{}, err
	}
	body, typ := is.Body, is.Type
	token := make([]byte, 16)
	rand.Read(token)
	body.Ticket, body.Token = fmt.Sprintf("t-%d", len(st.Tickets)+1), hex.EncodeToString(token)
	if _, err := b.apply(b.device, typ, body); err != nil {
		return queue.Ticket{}, err
	}
	b.changed()
	return *b.View().Tickets[body.Ticket], nil
}

func (b *fakeBackend) Submit(ctx context.Context, typ string, body any) (queue.Event, error) {
	e, err := b.apply(b.device, typ, body)
	if err == nil {
		b.changed()
	}
	return e, err
}

// issued returns the bodies of the tickets the kiosk issued, in order.
func (b *fakeBackend) issued() []queue.IssueBody {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []queue.IssueBody
	for _, e := range b.events {
		if e.Type == queue.TicketIssued || e.Type == queue.AppointmentCheckIn {
			var body queue.IssueBody
			if err := e.Decode(&body); err != nil {
				b.t.Fatal(err)
			}
			out = append(out, body)
		}
	}
	return out
}

// alerts returns the device alerts the kiosk sent.
func (b *fakeBackend) alerts() []queue.AlertBody {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []queue.AlertBody
	for _, e := range b.events {
		if e.Type == queue.DeviceAlert {
			var a queue.AlertBody
			if err := e.Decode(&a); err != nil {
				b.t.Fatal(err)
			}
			out = append(out, a)
		}
	}
	return out
}

// book books an appointment or a web order, as the back office does.
func (b *fakeBackend) book(code, kind, reason string) {
	b.t.Helper()
	b.hub(queue.AppointmentBooked, queue.Appointment{Code: code, Kind: kind, Reason: reason, At: b.now().Add(5 * time.Minute), Customer: "C-" + code})
}

// fakeClock is a clock the test moves by hand; timers fire in Advance, on
// the test's goroutine.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	at      time.Time
	f       func()
	stopped bool
}

func newFakeClock(now time.Time) *fakeClock { return &fakeClock{now: now} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

// Advance moves the clock by d, firing the timers due on the way, in
// order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
		var next *fakeTimer
		for i, t := range c.timers {
			if !t.stopped && !t.at.After(end) {
				next = t
				c.timers = slices.Delete(c.timers, i, i+1)
				break
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		next.stopped = true
		c.now = next.at
		c.mu.Unlock()
		next.f()
	}
}

// uiQueue stands for the UI goroutine: what the kiosk hands over with Do
// runs through run (on the test's goroutine, or a real driver's UI
// goroutine) when the test drains the queue.
type uiQueue struct {
	ch  chan func()
	run func(func())
}

func newUIQueue() *uiQueue {
	return &uiQueue{ch: make(chan func(), 4096), run: func(fn func()) { fn() }}
}

func (q *uiQueue) do(fn func()) { q.ch <- fn }

// drain runs what is queued.
func (q *uiQueue) drain() {
	for {
		select {
		case fn := <-q.ch:
			q.run(fn)
		default:
			return
		}
	}
}

// until runs what is queued until cond holds, failing after three minutes
// (a loaded machine running everything with -race is slow).
func (q *uiQueue) until(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(3 * time.Minute)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case fn := <-q.ch:
			q.run(fn)
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

var t0 = time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)

// harness is a kiosk on the headless driver with a fake backend, a fake
// clock and the simulated printer.
type harness struct {
	t       testing.TB
	ui      *uiQueue
	clock   *fakeClock
	backend *fakeBackend
	printer *simprinter.Printer
	tickets string // where the printer saves tickets
	flow    *Flow
	kiosk   *Kiosk
	app     fyne.App
	win     fyne.Window
}

type harnessOption func(*FlowConfig, *queue.Config, *harness)

// noStore is the configuration of a kiosk started before it ever reached
// the hub.
const noStore = "(none)"

func firstStart() harnessOption {
	return func(_ *FlowConfig, c *queue.Config, _ *harness) { c.Store = noStore }
}

func withoutSMS() harnessOption {
	return func(f *FlowConfig, _ *queue.Config, _ *harness) { f.SMS = false }
}

// withWindow shows the kiosk in win of app a, whose UI goroutine runs
// what run is given, rather than on a new window of the test driver.
func withWindow(a fyne.App, win fyne.Window, run func(func())) harnessOption {
	return func(_ *FlowConfig, _ *queue.Config, h *harness) {
		h.app, h.win, h.ui.run = a, win, run
	}
}

// withBackend runs the flow on backend (a real device client) instead of
// the fake.
func withBackend(backend Backend) harnessOption {
	return func(f *FlowConfig, _ *queue.Config, _ *harness) { f.Backend = backend }
}

func withStore(fn func(*queue.Config)) harnessOption {
	return func(_ *FlowConfig, c *queue.Config, _ *harness) { fn(c) }
}

func newHarness(t testing.TB, size fyne.Size, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, ui: newUIQueue(), clock: newFakeClock(t0), tickets: t.TempDir()}
	cfg := queue.DefaultConfig()
	fc := FlowConfig{Clock: h.clock, Do: h.ui.do, Device: "kiosk-1", StatusURL: "http://localhost:8080", Lang: "fr", SMS: true, Log: quiet}
	for _, o := range opts {
		o(&fc, &cfg, h)
	}
	if fc.Backend == nil {
		h.backend = newFakeBackend(t, h.clock.Now)
		if cfg.Store != noStore {
			h.backend.configure(cfg)
		}
		fc.Backend = h.backend
	}
	var err error
	if h.printer, err = simprinter.New(h.tickets, printer.LayoutOptions{}); err != nil {
		t.Fatal(err)
	}
	fc.Printer = h.printer
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		h.ui.drain()
	})
	if h.flow, err = NewFlow(ctx, fc); err != nil {
		t.Fatal(err)
	}
	if h.app == nil {
		h.app = test.NewTempApp(t)
		h.win = test.NewTempWindow(t, widget.NewLabel(""))
	}
	h.ui.run(func() {
		h.win.Resize(size)
		h.kiosk = NewKiosk(h.app, h.win, h.flow)
	})
	return h
}

var (
	portrait  = fyne.NewSize(1080, 1920)
	landscape = fyne.NewSize(1920, 1080)
)

// screenAs returns the screen shown, which must be a T.
func screenAs[T screen](h *harness) T {
	h.t.Helper()
	s, ok := h.kiosk.cur.(T)
	if !ok {
		var want T
		h.t.Fatalf("screen %T shown (step %s), want %T", h.kiosk.cur, h.flow.Step(), want)
	}
	return s
}

// tapper is a button of a screen: a *widget.Button or a *bigButton.
type tapper interface {
	fyne.Tappable
	fyne.Disableable
	Visible() bool
}

// tap taps a button, which must be shown and enabled.
func (h *harness) tap(b tapper) {
	h.t.Helper()
	if b == nil || reflect.ValueOf(b).IsNil() {
		h.t.Fatal("tap: no such button")
	}
	if b.Disabled() {
		h.t.Fatalf("tap %#v: disabled", b)
	}
	if !b.Visible() {
		h.t.Fatalf("tap %#v: hidden", b)
	}
	h.ui.run(func() { test.Tap(b) })
	h.ui.drain()
}

// scan types code on the window then Enter, as a keyboard-wedge scanner.
func (h *harness) scan(code string) {
	h.t.Helper()
	c := h.win.Canvas()
	test.TypeOnCanvas(c, code)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.ui.drain()
}

// advance moves the clock by d and runs what the timers handed over.
func (h *harness) advance(d time.Duration) {
	h.clock.Advance(d)
	h.ui.drain()
}

// waitPrinted waits for the printer's answer.
func (h *harness) waitPrinted() *TicketView {
	h.t.Helper()
	h.ui.until(h.t, "the printer's answer", func() bool {
		tv := h.flow.Ticket()
		return tv != nil && tv.Print != Printing
	})
	return h.flow.Ticket()
}

// screenText returns the texts of the screen shown, one per line.
func screenText(h *harness) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		}
	}
	walk(h.win.Content())
	return b.String()
}
