package mqttsync_test

import (
	"encoding/json"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/google/uuid"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// rawDevice publishes envelopes on devices' cmd topics as those devices
// can (each connected with its own credential), and reads the hub's
// answers.
type rawDevice struct {
	t       testing.TB
	broker  string
	clients map[string]paho.Client
	topics  mqttsync.Topics
	clock   *mqttsync.Clock
	taken   map[string]int64 // by device, the last number the hub took
	acks    chan mqttsync.Ack
}

func newRawDevice(t testing.TB, broker string) *rawDevice {
	return &rawDevice{t: t, broker: broker, clients: map[string]paho.Client{}, topics: mqttsync.Topics{Store: "s1"},
		clock: mqttsync.NewClock(time.Now), taken: map[string]int64{}, acks: make(chan mqttsync.Ack, 100)}
}

// publish sends payload on device's cmd topic, connected as device.
func (r *rawDevice) publish(device string, payload []byte) {
	c, ok := r.clients[device]
	if !ok {
		c = synctest.Dial(r.t, r.broker, device)
		tok := c.Subscribe(r.topics.Ack(device), 1, func(_ paho.Client, m paho.Message) {
			var a mqttsync.Ack
			if err := json.Unmarshal(m.Payload(), &a); err != nil {
				r.t.Errorf("ack %s: %v", m.Payload(), err)
			}
			r.acks <- a
		})
		if !tok.WaitTimeout(30*time.Second) || tok.Error() != nil {
			r.t.Fatalf("subscribe as %s: %v", device, tok.Error())
		}
		r.clients[device] = c
	}
	c.Publish(r.topics.Cmd(device), 1, false, payload)
}

// send publishes an event of device and returns the hub's answer.
func (r *rawDevice) send(device, typ string, body any) mqttsync.Ack {
	r.t.Helper()
	return r.sendAt(device, typ, time.Now(), body)
}

// sendAt is send for an event stamped at.
func (r *rawDevice) sendAt(device, typ string, at time.Time, body any) mqttsync.Ack {
	r.t.Helper()
	e, err := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), device, typ, at, body)
	if err != nil {
		r.t.Fatal(err)
	}
	e.HLC = r.clock.Now()
	if !queue.IsRequest(typ) {
		e.N = r.taken[device] + 1
	}
	payload, _ := mqttsync.Encode(e)
	r.publish(device, payload)
	for {
		select {
		case a := <-r.acks:
			if a.ID != e.ID {
				continue
			}
			if e.N > 0 && (a.OK || (a.Code != mqttsync.CodeUnknownDevice && !a.Retry())) {
				r.taken[device] = e.N
			}
			return a
		case <-time.After(30 * time.Second):
			r.t.Fatalf("no answer to %s from %s", typ, device)
		}
	}
}

// must sends an event the hub must take.
func (r *rawDevice) must(device, typ string, body any) mqttsync.Ack {
	r.t.Helper()
	a := r.send(device, typ, body)
	if !a.OK {
		r.t.Fatalf("%s from %s refused: %+v", typ, device, a)
	}
	return a
}

// TestRulesOverTheBroker sends a running hub, over the broker, each thing
// the domain forbids, as a device (or anyone on the network) could, and
// sees each refused with its code and nothing applied.
func TestRulesOverTheBroker(t *testing.T) {
	cfg := queue.DefaultConfig() // counters with skills: c1, c2 sales and sim; c3 expert
	cfg.Devices = append(cfg.Devices, queue.Device{ID: "counter-3", Kind: queue.DeviceCounter})
	h := synctest.StartHubWith(t, "", cfg)
	r := newRawDevice(t, h.URL())
	now := time.Now()
	day := queue.Day(now, cfg.Location())

	// A store at work: numbers leased, three tickets, conseil at c1 on
	// counter-1 with A001 called, an expert logged in at c1 (which does not
	// take expert visits) on counter-2, a manager on a pause at c2.
	for _, p := range []string{"A", "E"} {
		r.must("kiosk-1", queue.LeaseRequest, queue.LeaseRequestBody{Prefix: p, Day: day})
	}
	tickets := map[string]string{}
	for _, n := range []struct{ number, reason string }{{"A001", "purchase"}, {"A002", "purchase"}, {"E001", "expert"}} {
		id := uuid.Must(uuid.NewV7()).String()
		tickets[n.number] = id
		r.must("kiosk-1", queue.TicketIssued, queue.IssueBody{Ticket: id, Number: n.number, Day: day, Reason: n.reason, Token: "0123456789abcdef0123456789abcdef"})
	}
	r.must("counter-1", queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"})
	r.must("counter-2", queue.LoginRequest, queue.StaffBody{Staff: "expert", Counter: "c1", PIN: "1234"})
	r.must("counter-2", queue.LoginRequest, queue.StaffBody{Staff: "manager", Counter: "c2", PIN: "1234"})
	r.must("counter-2", queue.StaffPaused, queue.StaffBody{Staff: "manager", Why: "lunch"})
	if a := r.must("counter-1", queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); a.Ticket != tickets["A001"] {
		t.Fatalf("call next called %s, want A001", a.Ticket)
	}
	before := h.State()

	a001, a002, e001 := tickets["A001"], tickets["A002"], tickets["E001"]
	for _, tc := range []struct {
		name, device, typ string
		body              any
		code              string
	}{
		{"CallNextWithoutSession", "counter-3", queue.CallNextRequest, queue.CallNextBody{Staff: "orient", Counter: "c1"}, queue.EFORBIDDEN},
		{"CallNextAsSomeoneLoggedInElsewhere", "counter-3", queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}, queue.EFORBIDDEN},
		{"CallNextAtAnotherCounter", "counter-1", queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c2"}, queue.EFORBIDDEN},
		{"CallNextDeskBusy", "counter-1", queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}, queue.ECONFLICT},
		{"CallNextOnAPause", "counter-2", queue.CallNextRequest, queue.CallNextBody{Staff: "manager", Counter: "c2"}, queue.ECONFLICT},
		{"CallNextToABusyCounter", "counter-2", queue.CallNextRequest, queue.CallNextBody{Staff: "expert", Counter: "c1"}, queue.ECONFLICT}, // c1 has A001 called
		{"CallNextAsManagerFromAnotherTablet", "counter-1", queue.CallNextRequest, queue.CallNextBody{Staff: "manager", Counter: "c1"}, queue.EFORBIDDEN},
		{"DirectCallWithoutSession", "counter-1", queue.TicketCalled, queue.CallBody{Ticket: a002, Counter: "c1", Staff: "manager"}, queue.EFORBIDDEN},
		{"DirectCallToABusyCounter", "counter-2", queue.TicketCalled, queue.CallBody{Ticket: e001, Counter: "c1", Staff: "expert"}, queue.ECONFLICT},
		{"DirectCallDeskBusy", "counter-1", queue.TicketCalled, queue.CallBody{Ticket: a002, Counter: "c1", Staff: "conseil"}, queue.ECONFLICT},
		{"DirectCallOnAPause", "counter-2", queue.TicketCalled, queue.CallBody{Ticket: a002, Counter: "c2", Staff: "manager"}, queue.ECONFLICT},
		{"StaffActionWithoutStaff", "counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: a001}, queue.EFORBIDDEN},
		{"StaffActionFromAnotherDevice", "counter-3", queue.ServiceStarted, queue.TicketBody{Ticket: a001, Staff: "conseil"}, queue.EFORBIDDEN},
		{"ActOnSomeoneElsesVisitor", "counter-2", queue.TicketNoShow, queue.TicketBody{Ticket: a001, Staff: "expert"}, queue.EFORBIDDEN},
		{"LogoutWithAVisitorCalled", "counter-1", queue.StaffLoggedOut, queue.StaffBody{Staff: "conseil"}, queue.ECONFLICT},
		{"LogoutFromAnotherDevice", "counter-3", queue.StaffLoggedOut, queue.StaffBody{Staff: "expert"}, queue.EFORBIDDEN},
		{"NoteWithoutSession", "counter-3", queue.NoteAdded, queue.NoteBody{Ticket: a002, Staff: "orient", Text: "x"}, queue.EFORBIDDEN},
		{"TransferToACheckInReason", "counter-1", queue.TicketTransferred, queue.TransferBody{Ticket: a002, Staff: "conseil", Reason: "appointment"}, queue.EINVALID},
		{"IssueFromACounterNobodyUses", "counter-3", queue.TicketIssued, queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A003", Day: day, Reason: "purchase", Token: "t"}, queue.EFORBIDDEN},
		{"IssueForAnotherDay", "kiosk-1", queue.TicketIssued, queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A003", Day: queue.Day(now.AddDate(0, 0, 400), cfg.Location()), Reason: "purchase", Token: "t"}, queue.EINVALID},
		{"IssueWithABadPhone", "kiosk-1", queue.TicketIssued, queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A003", Day: day, Reason: "purchase", Token: "t", Phone: "call me"}, queue.EINVALID},
		{"KioskGivesCoupeFile", "kiosk-1", queue.TicketIssued, queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A003", Day: day, Reason: "purchase", Token: "t", Priority: queue.PriorityAccessibility}, queue.EFORBIDDEN},
		{"LeaseForNotADay", "kiosk-1", queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: "not-a-day"}, queue.EINVALID},
		{"Lease400DaysAhead", "kiosk-1", queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: queue.Day(now.AddDate(0, 0, 400), cfg.Location())}, queue.EINVALID},
		{"LeaseUnknownPrefix", "kiosk-1", queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "Z", Day: day}, queue.EINVALID},
		{"ConseillerAtTheDoor", "counter-3", queue.LoginRequest, queue.StaffBody{Staff: "conseil", PIN: "1234"}, queue.EINVALID},
		{"WrongPIN", "counter-3", queue.LoginRequest, queue.StaffBody{Staff: "orient", Counter: "c2", PIN: "0000"}, queue.EFORBIDDEN},
		{"KioskCalls", "kiosk-1", queue.TicketCalled, queue.CallBody{Ticket: a002, Counter: "c1", Staff: "conseil"}, mqttsync.CodeForbidden},
		{"FeedbackFromACounter", "counter-1", queue.FeedbackGiven, queue.FeedbackBody{Ticket: a001, Token: "0123456789abcdef0123456789abcdef", Score: 10}, mqttsync.CodeForbidden},
		{"FeedbackOnAVisitNotOver", "kiosk-1", queue.FeedbackGiven, queue.FeedbackBody{Ticket: a001, Token: "0123456789abcdef0123456789abcdef", Score: 10}, queue.ECONFLICT},
		{"FeedbackWithAWrongToken", "kiosk-1", queue.FeedbackGiven, queue.FeedbackBody{Ticket: a001, Token: "guessed", Score: 10}, queue.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := r.send(tc.device, tc.typ, tc.body); a.OK || a.Code != tc.code {
				t.Errorf("answer %+v, want refused with %s", a, tc.code)
			}
		})
	}
	t.Run("BackdatedTicket", func(t *testing.T) {
		// The hub dates a ticket no earlier than today (see Hub.stamp): one
		// sent as made in 2020 is one of today numbered for 2020.
		at := time.Date(2020, 1, 6, 10, 0, 0, 0, time.UTC)
		b := queue.IssueBody{Ticket: uuid.Must(uuid.NewV7()).String(), Number: "A001", Day: queue.Day(at, cfg.Location()), Reason: "purchase", Token: "t"}
		if a := r.sendAt("kiosk-1", queue.TicketIssued, at, b); a.OK || a.Code != queue.EINVALID {
			t.Errorf("answer %+v, want refused with %s", a, queue.EINVALID)
		}
	})
	after := h.State()
	if after.Seq != before.Seq || !sameJSON(after.Tickets, before.Tickets) || !sameJSON(after.Sessions, before.Sessions) || !sameJSON(after.Leases, before.Leases) {
		t.Errorf("refused envelopes changed the store: seq %d → %d", before.Seq, after.Seq)
	}

	t.Run("ExpertSeesNoExpertVisitAtC1", func(t *testing.T) {
		// The list, call next and a direct call agree: with c1 free, E001
		// is neither listed for the expert there, nor called by call next,
		// nor callable directly.
		r.must("counter-1", queue.TicketNoShow, queue.TicketBody{Ticket: a001, Staff: "conseil"})
		r.must("counter-1", queue.StaffLoggedOut, queue.StaffBody{Staff: "conseil"})
		st := h.State()
		if got := st.WaitingFor("expert", "c1", time.Now()); len(got) != 0 {
			t.Errorf("the expert's list at c1 has %d tickets", len(got))
		}
		if a := r.send("counter-2", queue.TicketCalled, queue.CallBody{Ticket: e001, Counter: "c1", Staff: "expert"}); a.Code != queue.EFORBIDDEN {
			t.Errorf("direct call of E001 at c1: %+v", a)
		}
		if a := r.send("counter-2", queue.CallNextRequest, queue.CallNextBody{Staff: "expert", Counter: "c1"}); a.Code != queue.EEMPTY {
			t.Errorf("call next for the expert at c1: %+v", a)
		}
	})
	t.Run("SIMReplacedWithoutIdentityCheck", func(t *testing.T) {
		// Sent by hand, a SIM swap without the check is refused as from
		// the desk; with it, it is taken and the check kept.
		r.must("counter-1", queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"})
		r.must("counter-1", queue.TicketCalled, queue.CallBody{Ticket: a002, Counter: "c1", Staff: "conseil"})
		r.must("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: a002, Staff: "conseil"})
		finish := queue.FinishBody{Ticket: a002, Staff: "conseil", Outcome: queue.OutcomeSIMReplaced}
		if a := r.send("counter-1", queue.ServiceFinished, finish); a.OK || a.Code != queue.EINVALID {
			t.Errorf("SIM replaced without a check: %+v", a)
		}
		finish.IDCheck, finish.NameMatches = "id_card", true
		r.must("counter-1", queue.ServiceFinished, finish)
		if c := h.State().Tickets[a002].IDCheck; c == nil || c.Document != "id_card" || c.Staff != "conseil" {
			t.Errorf("check kept as %+v", c)
		}
	})
	t.Run("FeedbackOnce", func(t *testing.T) {
		// The visitor scans their ticket at the kiosk once the visit is
		// over: one answer, not two.
		b := queue.FeedbackBody{Ticket: a002, Token: "0123456789abcdef0123456789abcdef", Score: 5, Comment: "Long"}
		r.must("kiosk-1", queue.FeedbackGiven, b)
		b.Score = 10
		if a := r.send("kiosk-1", queue.FeedbackGiven, b); a.OK || a.Code != queue.EANSWERED {
			t.Errorf("a second answer: %+v", a)
		}
		if f := h.State().Tickets[a002].Feedback; f == nil || f.Score != 5 || f.Device != "kiosk-1" {
			t.Errorf("feedback kept as %+v", f)
		}
	})
}
