package attack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/google/uuid"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

var topics = mqttsync.Topics{Store: "s1"}

func TestAttacks(t *testing.T) {
	t.Run("Embedded", func(t *testing.T) {
		h := synctest.StartHub(t, "")
		attacks(t, h, h.URL())
	})
	t.Run("Mosquitto", func(t *testing.T) {
		m := synctest.StartMosquitto(t)
		attacks(t, synctest.StartHub(t, m.URL()), m.URL())
	})
}

// store is a running store under attack: the hub, a kiosk and a counter,
// and a witness (display-1, as a raw client) reading what a device may.
type store struct {
	h       *synctest.Hub
	broker  string
	kiosk   *synctest.Device
	counter *synctest.Device
	witness *witness
	clock   *mqttsync.Clock  // the attackers' stamps
	taken   map[string]int64 // by device, the last number the hub took from the attackers
}

func attacks(t *testing.T, h *synctest.Hub, broker string) {
	s := &store{h: h, broker: broker, clock: mqttsync.NewClock(time.Now), taken: map[string]int64{}}
	s.kiosk, s.counter = synctest.StartDevice(t, "kiosk-1", broker), synctest.StartDevice(t, "counter-1", broker)
	s.kiosk.Ready()
	s.counter.Ready()
	s.witness = newWitness(t, broker, "display-1")
	connects := h.Stats.Connects.Load()

	t.Run("Anonymous", func(t *testing.T) {
		if _, err := synctest.DialAs(broker, "anon", "", ""); err == nil {
			t.Fatal("an anonymous client got in")
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		if _, err := synctest.DialAs(broker, "counter-3", "counter-3", "1234"); err == nil {
			t.Fatal("a wrong password got in")
		}
	})
	t.Run("HubTakeover", func(t *testing.T) {
		if _, err := synctest.DialAs(broker, queue.DeviceHub, queue.DeviceHub, "guess"); err == nil {
			t.Fatal("the hub's name without its secret got in")
		}
		// With a device's credential and the hub's client id: refused by
		// the embedded broker, renamed to the device by Mosquitto.
		if c, err := synctest.DialAs(broker, queue.DeviceHub, "kiosk-2", synctest.Secret("kiosk-2")); err == nil {
			c.Disconnect(100)
		}
		s.probe(t)
		if n := h.Stats.Connects.Load(); n != connects || !h.Online() {
			t.Fatalf("the hub connected %d times, online %v: it was kicked off", n-connects, h.Online())
		}
	})
	t.Run("KioskAsCounter", func(t *testing.T) {
		s.nothingApplied(t, func() {
			c := s.attacker(t, "kiosk-2")
			c.Publish(topics.Cmd("counter-1"), 1, false, envelope(t, "counter-1", queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "paper_out"}))
		})
	})
	t.Run("SubscribeAll", func(t *testing.T) {
		spy := newWitness(t, broker, "kiosk-2", "#")
		s.probe(t)
		if _, err := s.kiosk.Issue(context.Background(), queue.IssueBody{Reason: "purchase", Lang: "fr"}, false); err != nil {
			t.Fatal(err)
		}
		s.probe(t)
		for _, m := range spy.all() {
			if !topics.Allowed("kiosk-2", queue.DeviceKiosk, false, m.topic) {
				t.Errorf("# read %s", m.topic)
			}
		}
	})
	t.Run("KioskReadsWholeLog", func(t *testing.T) {
		spy := newWitness(t, broker, "kiosk-2", topics.Log())
		phone := "+33699001122"
		if _, err := s.kiosk.Issue(context.Background(), queue.IssueBody{Reason: "purchase", Lang: "fr", Phone: phone}, false); err != nil {
			t.Fatal(err)
		}
		s.probe(t)
		for _, m := range spy.all() {
			t.Errorf("a kiosk read the whole log: %s", m.payload)
		}
		for _, m := range s.witness.on(topics.PublicLog()) {
			if strings.Contains(string(m.payload), phone) {
				t.Errorf("the public log carries a phone number: %s", m.payload)
			}
		}
	})
	t.Run("ForgedLog", func(t *testing.T) {
		forged := envelope(t, "counter-1", queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "paper_out"})
		s.nothingApplied(t, func() { s.attacker(t, "kiosk-2").Publish(topics.Log(), 1, false, forged) })
		for _, m := range s.witness.on(topics.PublicLog()) {
			var e mqttsync.Envelope
			json.Unmarshal(m.payload, &e)
			if seq, ok, _ := h.DB.EventSeq(context.Background(), e.ID); !ok || seq != e.Seq {
				t.Errorf("a log event not from the hub reached a device: %s", m.payload)
			}
		}
		if s.counter.Seq() != h.State().Seq {
			t.Errorf("counter at seq %d, the hub at %d", s.counter.Seq(), h.State().Seq)
		}
	})
	t.Run("ForgedAck", func(t *testing.T) {
		s.nothingApplied(t, func() {
			a, _ := json.Marshal(mqttsync.Ack{ID: uuid.Must(uuid.NewV7()).String(), Code: queue.EFORBIDDEN})
			s.attacker(t, "kiosk-2").Publish(topics.Ack("display-1"), 1, false, a)
		})
		for _, m := range s.witness.on(topics.Ack("display-1")) {
			var a mqttsync.Ack
			json.Unmarshal(m.payload, &a)
			if !a.OK {
				t.Errorf("a forged ack reached the device: %s", m.payload)
			}
		}
	})
	t.Run("ForgedHubOffline", func(t *testing.T) {
		forged, _ := json.Marshal(mqttsync.Presence{State: "offline", Session: "forged"})
		s.nothingApplied(t, func() { s.attacker(t, "kiosk-2").Publish(topics.Hub(), 1, true, forged) })
		for _, m := range s.witness.on(topics.Hub()) {
			var p mqttsync.Presence
			if json.Unmarshal(m.payload, &p); p.State != "online" {
				t.Errorf("state/hub said %s", m.payload)
			}
		}
		if !s.kiosk.Online() || !s.counter.Online() {
			t.Error("a device believes the hub is away")
		}
	})
	t.Run("StaffActionWithoutSession", func(t *testing.T) {
		s.refused(t, "counter-2", queue.CallNextRequest, time.Now(), queue.CallNextBody{Staff: "manager", Counter: "c1"}, queue.EFORBIDDEN)
	})
	t.Run("BackdatedPriorityTicket", func(t *testing.T) {
		at := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
		s.refused(t, "kiosk-2", queue.TicketIssued, at, queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A001",
			Day: queue.Day(at, time.UTC), Reason: "purchase", Priority: queue.PriorityAccessibility, Token: strings.Repeat("ab", 16)}, "")
	})
	t.Run("ClockMaxInt64", func(t *testing.T) {
		s.refusedAt(t, "kiosk-2", queue.DeviceAlert, time.Now(), math.MaxInt64, queue.AlertBody{Kind: "printer", Status: "ready"}, mqttsync.CodeFuture)
		// The device id is not blocked, and no clock ran ahead.
		a := s.send(t, "kiosk-2", queue.DeviceAlert, time.Now(), 0, queue.AlertBody{Kind: "printer", Status: "ready"})
		if !a.OK {
			t.Fatalf("a good stamp after a huge one: %+v", a)
		}
		bound := mqttsync.NewClock(time.Now).Bound()
		for _, e := range h.Log() {
			if e.HLC > bound {
				t.Errorf("a stamp beyond the bound in the log: %s %d", e.Type, e.HLC)
			}
		}
		if hlc := s.probe(t).HLC; hlc > bound {
			t.Errorf("the counter's clock ran ahead: %d", hlc)
		}
	})
	t.Run("BackdatedTicket", func(t *testing.T) {
		start := time.Now()
		day := queue.Day(start, time.UTC)
		if a := s.send(t, "kiosk-2", queue.LeaseRequest, start, 0, queue.LeaseRequestBody{Prefix: "I", Day: day}); !a.OK {
			t.Fatalf("lease: %+v", a)
		}
		var first int
		for _, l := range h.State().Leases {
			if l.Device == "kiosk-2" && l.Prefix == "I" {
				first = l.First
			}
		}
		id := uuid.Must(uuid.NewV7()).String()
		at := start.Add(-3 * time.Hour)
		if midnight := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 1, 0, time.UTC); at.Before(midnight) {
			at = midnight
		}
		a := s.send(t, "kiosk-2", queue.TicketIssued, at, 0, queue.IssueBody{Ticket: id, Number: fmt.Sprintf("I%03d", first), Day: day,
			Reason: "other", Lang: "fr", Token: strings.Repeat("ab", 16)})
		if tk := h.State().Tickets[id]; a.OK && tk.ArrivedAt.Before(start.Add(-time.Second)) {
			t.Errorf("a ticket backdated to %s arrived at %s, before the kiosk last synced (%s)", at, tk.ArrivedAt, start)
		}
	})
	t.Run("PINGuesses", func(t *testing.T) {
		c := s.attacker(t, "counter-2")
		acks := make(chan mqttsync.Ack, 20000)
		c.Subscribe(topics.Ack("counter-2"), 1, func(_ paho.Client, m paho.Message) {
			var a mqttsync.Ack
			json.Unmarshal(m.Payload(), &a)
			acks <- a
		}).WaitTimeout(30 * time.Second)
		clock := mqttsync.NewClock(time.Now)
		before := h.State().Seq
		// At most 256 guesses in flight: the broker cuts a client that
		// sends more than its receive maximum unacknowledged.
		var window []paho.Token
		for pin := range 10000 {
			e, _ := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), "counter-2", queue.LoginRequest, time.Now(),
				queue.StaffBody{Staff: "manager", Counter: "c2", PIN: fmt.Sprintf("%04d", pin)})
			e.HLC = clock.Now()
			p, _ := mqttsync.Encode(e)
			if window = append(window, c.Publish(topics.Cmd("counter-2"), 1, false, p)); len(window) == 256 {
				for _, tok := range window {
					tok.WaitTimeout(time.Minute)
				}
				window = window[:0]
			}
		}
		codes := map[string]int{}
		for range 10000 {
			select {
			case a := <-acks:
				if a.OK {
					t.Fatalf("a guess logged in: %+v", a)
				}
				codes[a.Code]++
			case <-time.After(2 * time.Minute):
				t.Fatalf("answers: %v", codes)
			}
		}
		if codes[queue.EFORBIDDEN] > 10 || codes[mqttsync.CodeLocked] == 0 {
			t.Errorf("answers: %v, want locked after 5 wrong PINs", codes)
		}
		t.Logf("10,000 guesses answered: %v", codes)
		// Meanwhile a real login elsewhere goes through.
		began := time.Now()
		if err := login(s.counter, "conseil", "c1", "1234"); err != nil {
			t.Fatalf("a real login during the attack: %v", err)
		}
		t.Logf("a real login on another device took %v", time.Since(began))
		for _, e := range h.Log()[before:] {
			if e.Type == queue.StaffLoggedIn && e.Device == "counter-2" {
				t.Errorf("logged in by guessing: %s", e.Body)
			}
		}
	})
	t.Run("RetainedFlood", func(t *testing.T) {
		big := strings.Repeat("x", 200<<10)
		s.nothingApplied(t, func() {
			c := s.attacker(t, "kiosk-2")
			for i := range 400 {
				topic := topics.State("flood" + string(rune('a'+i%26)) + uuid.NewString())
				if i%2 == 0 {
					topic = topics.Cmd("kiosk-2") // its own topic, where it may write
				}
				c.Publish(topic, 0, true, big)
			}
		})
		if b := h.Embedded(); b != nil && b.Retained() > 2 {
			t.Errorf("the broker keeps %d retained messages, want the hub's 2", b.Retained())
		}
		late := newWitness(t, broker, "counter-3", topics.State("#"))
		s.probe(t)
		for _, m := range late.all() {
			if m.topic != topics.Hub() && m.topic != topics.State("queue") {
				t.Errorf("a retained message on %s", m.topic)
			}
		}
	})
}

// msg is a message a witness read.
type msg struct {
	topic   string
	payload []byte
}

// witness is a raw client that records what it reads.
type witness struct {
	mu   sync.Mutex
	msgs []msg
}

// newWitness connects as device and subscribes to filters (by default
// what a device reads: the log, its answers, the hub's state).
func newWitness(t *testing.T, broker, device string, filters ...string) *witness {
	t.Helper()
	if len(filters) == 0 {
		filters = []string{topics.PublicLog(), topics.Ack(device), topics.State("#")}
	}
	w := &witness{}
	c := synctest.Dial(t, broker, device)
	subs := map[string]byte{}
	for _, f := range filters {
		subs[f] = 1
	}
	tok := c.SubscribeMultiple(subs, func(_ paho.Client, m paho.Message) {
		w.mu.Lock()
		w.msgs = append(w.msgs, msg{m.Topic(), m.Payload()})
		w.mu.Unlock()
	})
	tok.WaitTimeout(30 * time.Second)
	return w
}

func (w *witness) all() []msg {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]msg(nil), w.msgs...)
}

func (w *witness) on(topic string) []msg {
	var out []msg
	for _, m := range w.all() {
		if m.topic == topic {
			out = append(out, m)
		}
	}
	return out
}

// attacker connects as device, with its credential (a stolen tablet).
func (s *store) attacker(t *testing.T, device string) paho.Client {
	c, err := synctest.DialAs(s.broker, device, device, synctest.Secret(device))
	if err != nil {
		t.Fatalf("connect as %s: %v", device, err)
	}
	t.Cleanup(func() { c.Disconnect(100) })
	return c
}

// probe has counter-1 send an alert and waits until the hub logged it and
// every device and the witness have it: whatever was sent before has
// been handled by then.
func (s *store) probe(t *testing.T) queue.Event {
	t.Helper()
	e, err := s.counter.Submit(context.Background(), queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "ready"})
	if err != nil {
		t.Fatal(err)
	}
	var seq int64
	synctest.WaitFor(t, "the probe in the hub's log", func() bool {
		var ok bool
		seq, ok, _ = s.h.DB.EventSeq(context.Background(), e.ID)
		return ok
	})
	synctest.WaitFor(t, "the probe on the devices", func() bool {
		return s.counter.Seq() >= seq && s.kiosk.Seq() >= seq && len(s.witness.on(topics.PublicLog())) > 0 &&
			func() bool {
				var last mqttsync.Envelope
				logs := s.witness.on(topics.PublicLog())
				json.Unmarshal(logs[len(logs)-1].payload, &last)
				return last.Seq >= seq
			}()
	})
	return e
}

// nothingApplied runs attack, then checks that the next event in the
// hub's log is the probe's.
func (s *store) nothingApplied(t *testing.T, attack func()) {
	t.Helper()
	before := s.h.State().Seq
	attack()
	e := s.probe(t)
	events, err := s.h.DB.Events(context.Background(), before+1, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].ID != e.ID {
		for _, x := range events {
			t.Errorf("applied: %s from %s %s", x.Type, x.Device, x.Body)
		}
	}
}

// refused sends an event of typ from device, with its own credential, and
// checks the hub refuses it (with code, when not empty) and applies
// nothing.
func (s *store) refused(t *testing.T, device, typ string, at time.Time, body any, code string) {
	t.Helper()
	s.refusedAt(t, device, typ, at, 0, body, code)
}

// refusedAt is refused for an event stamped hlc (0: now).
func (s *store) refusedAt(t *testing.T, device, typ string, at time.Time, hlc int64, body any, code string) {
	t.Helper()
	s.nothingApplied(t, func() {
		if a := s.send(t, device, typ, at, hlc, body); a.OK || (code != "" && a.Code != code) {
			t.Errorf("answer %+v, want refused (%s)", a, code)
		}
	})
}

// send sends an event of typ from device, with its own credential,
// stamped hlc (0: now), and returns the hub's answer.
func (s *store) send(t *testing.T, device, typ string, at time.Time, hlc int64, body any) mqttsync.Ack {
	t.Helper()
	acks := make(chan mqttsync.Ack, 8)
	c := s.attacker(t, device)
	c.Subscribe(topics.Ack(device), 1, func(_ paho.Client, m paho.Message) {
		var a mqttsync.Ack
		json.Unmarshal(m.Payload(), &a)
		acks <- a
	}).WaitTimeout(30 * time.Second)
	defer c.Disconnect(100)
	e, err := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), device, typ, at, body)
	if err != nil {
		t.Fatal(err)
	}
	if e.HLC = hlc; hlc == 0 {
		e.HLC = s.clock.Now()
	}
	if !queue.IsRequest(typ) {
		e.N = s.taken[device] + 1
	}
	p, _ := mqttsync.Encode(e)
	c.Publish(topics.Cmd(device), 1, false, p)
	for {
		select {
		case a := <-acks:
			if a.ID != e.ID {
				continue
			}
			if e.N > 0 && (a.OK || (a.Code != mqttsync.CodeUnknownDevice && !a.Retry())) {
				s.taken[device] = e.N
			}
			return a
		case <-time.After(time.Minute):
			t.Fatal("no answer")
		}
	}
}

// login logs staff in at counter from device d, as the tablet does.
func login(d *synctest.Device, staff, counter, pin string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := d.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: staff, Counter: counter, PIN: pin})
	return err
}

// envelope returns the wire form of a new event of device.
func envelope(t *testing.T, device, typ string, body any) []byte {
	e, err := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), device, typ, time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	e.HLC = mqttsync.NewClock(time.Now).Now()
	p, _ := mqttsync.Encode(e)
	return p
}
