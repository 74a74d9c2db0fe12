package mqttsync_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/google/uuid"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestRejections sends the hub bad envelopes as enrolled devices (or who
// holds their credentials) could and checks each is refused with its code,
// counted, and never applied, and that the hub keeps serving.
func TestRejections(t *testing.T) {
	h := synctest.StartHub(t, "")
	topics := mqttsync.Topics{"s1"}
	r := newRawDevice(t, h.URL())
	clock := r.clock
	envelope := func(device string, n int64, typ string, body any) queue.Event {
		e, _ := queue.NewEvent(uuid.Must(uuid.NewV7()).String(), device, typ, time.Now(), body)
		e.HLC, e.N = clock.Now(), n
		return e
	}
	send := func(device string, payload []byte) mqttsync.Ack {
		t.Helper()
		r.publish(device, payload)
		select {
		case a := <-r.acks:
			return a
		case <-time.After(30 * time.Second):
			t.Fatal("no ack")
		}
		return mqttsync.Ack{}
	}
	encode := func(e queue.Event) []byte { p, _ := mqttsync.Encode(e); return p }
	lease := envelope("kiosk-1", 0, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: queue.Day(time.Now(), time.UTC)})
	good := send("kiosk-1", encode(lease))
	if !good.OK || good.Seq < 2 {
		t.Fatalf("a good request: %+v", good)
	}
	if a := send("kiosk-1", encode(envelope("kiosk-1", 1, queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "ready"}))); !a.OK {
		t.Fatalf("alert: %+v", a)
	}
	before := h.State().Seq
	refused := encode(envelope("counter-1", 2, queue.ServiceStarted, queue.TicketBody{Ticket: "nope"}))

	for _, tc := range []struct {
		name, device string
		payload      []byte
		code         string
		expect       int64
	}{
		{"Malformed", "kiosk-1", []byte("{not json"), mqttsync.CodeMalformed, 0},
		{"NotAnEnvelope", "kiosk-1", []byte(`{"v":1,"id":"x"}`), mqttsync.CodeMalformed, 0},
		{"WrongVersion", "kiosk-1", func() []byte {
			p, _ := json.Marshal(mqttsync.Envelope{V: 9, Event: envelope("kiosk-1", 2, queue.DeviceAlert, queue.AlertBody{})})
			return p
		}(), mqttsync.CodeVersion, 0},
		{"TooLarge", "kiosk-1", encode(envelope("kiosk-1", 2, queue.DeviceAlert, queue.AlertBody{Message: strings.Repeat("x", mqttsync.MaxPayload)})), mqttsync.CodeTooLarge, 0},
		{"Unnumbered", "kiosk-1", encode(envelope("kiosk-1", 0, queue.DeviceAlert, queue.AlertBody{})), mqttsync.CodeMalformed, 0},
		{"UnknownDevice", "kiosk-9", encode(envelope("kiosk-9", 1, queue.DeviceAlert, queue.AlertBody{})), mqttsync.CodeUnknownDevice, 0},
		{"DeviceMismatch", "kiosk-1", encode(envelope("counter-1", 1, queue.DeviceAlert, queue.AlertBody{})), mqttsync.CodeMalformed, 0},
		{"ForbiddenType", "kiosk-1", encode(envelope("kiosk-1", 0, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})), mqttsync.CodeForbidden, 0},
		{"UnknownType", "counter-1", encode(envelope("counter-1", 1, "ticket.teleported", map[string]string{})), mqttsync.CodeForbidden, 0},
		{"DomainRefusal", "counter-1", refused, queue.EFORBIDDEN, 0},
		{"RefusedAgain", "counter-1", refused, queue.EFORBIDDEN, 0},
		{"Gap", "kiosk-1", encode(envelope("kiosk-1", 5, queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "ready"})), mqttsync.CodeGap, 2},
		{"RequestAfterGap", "kiosk-1", func() []byte {
			p, _ := json.Marshal(mqttsync.Envelope{V: 1, After: 3, Event: envelope("kiosk-1", 0, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "S", Day: queue.Day(time.Now(), time.UTC)})})
			return p
		}(), mqttsync.CodeGap, 2},
		{"NumberTaken", "kiosk-1", encode(envelope("kiosk-1", 1, queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "ready"})), mqttsync.CodeRenumber, 2},
		{"Duplicate", "kiosk-1", encode(lease), mqttsync.CodeDuplicate, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := send(tc.device, tc.payload)
			if a.Code != tc.code || a.Expect != tc.expect {
				t.Fatalf("ack = %+v, want code %s expecting %d", a, tc.code, tc.expect)
			}
			if tc.code == mqttsync.CodeDuplicate && (!a.OK || a.Seq != good.Seq) {
				t.Errorf("duplicate answered %+v, want OK at seq %d", a, good.Seq)
			}
		})
	}
	if seq := h.State().Seq; seq != before {
		t.Errorf("bad envelopes changed the log: seq %d → %d", before, seq)
	}
	t.Run("TooLargeNamed", func(t *testing.T) {
		big := envelope("kiosk-1", 2, queue.DeviceAlert, queue.AlertBody{Message: strings.Repeat("x", mqttsync.MaxPayload)})
		if a := send("kiosk-1", encode(big)); a.ID != big.ID {
			t.Errorf("a too large envelope answered for %q, want its id %s", a.ID, big.ID)
		}
	})
	t.Run("UnknownDeviceSync", func(t *testing.T) {
		pages := make(chan mqttsync.Page, 1)
		raw := r.clients[synctest.Stranger]
		raw.Subscribe(topics.Page(synctest.Stranger), 1, func(_ paho.Client, m paho.Message) {
			var p mqttsync.Page
			json.Unmarshal(m.Payload(), &p)
			pages <- p
		}).Wait()
		raw.Publish(topics.Sync(synctest.Stranger), 1, false, []byte(`{"from":1}`))
		select {
		case p := <-pages:
			if p.Refused != mqttsync.CodeUnknownDevice || len(p.Events) > 0 {
				t.Errorf("sync from an unknown device answered %+v", p)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no answer to a sync from an unknown device")
		}
	})
	if n := h.Stats.Rejected.Load(); n < 10 {
		t.Errorf("rejected = %d, want every refusal counted", n)
	}
	// The hub still serves.
	if a := send("kiosk-1", encode(envelope("kiosk-1", 2, queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "ready"}))); !a.OK {
		t.Errorf("after the garbage: %+v", a)
	}
}

// TestSyncFlood: a device that floods the hub with sync requests gets the
// first ones served and the rest answered busy, and still catches up once
// it asks at a sane pace.
func TestSyncFlood(t *testing.T) {
	h := synctest.StartHub(t, "")
	topics := mqttsync.Topics{Store: "s1"}
	raw := synctest.Dial(t, h.URL(), "kiosk-2")
	pages := make(chan mqttsync.Page, 1000)
	if tok := raw.Subscribe(topics.Page("kiosk-2"), 1, func(_ paho.Client, m paho.Message) {
		var p mqttsync.Page
		json.Unmarshal(m.Payload(), &p)
		pages <- p
	}); !tok.WaitTimeout(30*time.Second) || tok.Error() != nil {
		t.Fatal("subscribe:", tok.Error())
	}
	const flood = 200
	for range flood {
		raw.Publish(topics.Sync("kiosk-2"), 1, false, []byte(`{"from":1}`))
	}
	served, busy := 0, 0
	for range flood {
		select {
		case p := <-pages:
			if p.Refused == mqttsync.CodeBusy {
				busy++
			} else if p.Refused == "" {
				served++
			}
		case <-time.After(time.Minute):
			t.Fatalf("%d pages served, %d busy, then nothing", served, busy)
		}
	}
	if busy == 0 || served < 32 || served == flood {
		t.Errorf("%d sync requests served, %d answered busy, want the first ones served and the rest busy", served, busy)
	}
	kiosk := synctest.StartDevice(t, "kiosk-2", h.URL())
	kiosk.Ready()
}
