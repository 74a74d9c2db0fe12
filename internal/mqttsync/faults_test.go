package mqttsync_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

// TestFinishAfterBrokerRestart: the broker restarts and comes back before
// the hub; a tablet starts a service in that window, which reaches nobody,
// then finishes it once the hub is back. The finish must not overtake the
// start: the service ends in the log.
func TestFinishAfterBrokerRestart(t *testing.T) {
	t.Run("EmbeddedBroker", func(t *testing.T) {
		h := synctest.StartHub(t, "")
		finishAfterBrokerRestart(t, h, h.StopBroker, h.StartBroker, true)
	})
	t.Run("Mosquitto", func(t *testing.T) {
		m := synctest.StartMosquitto(t)
		h := synctest.StartHub(t, m.URL())
		finishAfterBrokerRestart(t, h, m.Stop, m.Start, false)
	})
}

// finishAfterBrokerRestart runs the case on a broker that, gated, lets no
// device in before the hub is back.
func finishAfterBrokerRestart(t *testing.T, h *synctest.Hub, stopBroker, startBroker func(), gated bool) {
	ctx := context.Background()
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	counter.Synced()
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim"}, false)
	if err != nil {
		t.Fatal(err)
	}
	login(t, counter, "conseil", "c1")
	synctest.WaitFor(t, "the ticket on the counter", func() bool { return counter.View().Tickets[tk.ID] != nil })
	if a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil || a.Ticket != tk.ID {
		t.Fatalf("call next: %+v, %v", a, err)
	}

	// The broker dies, and the hub with it; the broker comes back first.
	stopBroker()
	h.StopHub()
	startBroker()
	if gated {
		if c, err := synctest.DialAs(h.URL(), "counter-2", "counter-2", synctest.Secret("counter-2")); err == nil {
			c.Disconnect(0)
			t.Fatal("the broker lets a device in before the hub is back")
		}
	} else {
		synctest.WaitFor(t, "the counter connected", counter.Connected)
	}
	if _, err := counter.Submit(ctx, queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}); err != nil {
		t.Fatal(err)
	}
	h.StartHub()
	if _, err := counter.Submit(ctx, queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: "resolved"}); err != nil {
		t.Fatal(err)
	}

	synctest.WaitFor(t, "the counter's outbox empty", func() bool { return counter.Pending() == 0 })
	if st := h.State().Tickets[tk.ID]; st.Status != queue.Done {
		t.Fatalf("on the hub the ticket is %s: %+v", st.Status, st.History)
	}
	synctest.WaitFor(t, "the counter up to date", func() bool { return counter.Seq() == h.State().Seq })
	if st := counter.View().Tickets[tk.ID].Status; st != queue.Done {
		t.Errorf("on the counter the ticket is %s", st)
	}
}

// TestCallNextDuringHubHang: the hub hangs while a tablet asks twice to
// call the next visitor, giving up each time. The tablet says nothing was
// called, and it is right: when the hub resumes it calls nobody late, and a
// new call next calls one visitor.
func TestCallNextDuringHubHang(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	counter.Synced()
	for range 3 {
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim"}, false); err != nil {
			t.Fatal(err)
		}
	}
	login(t, counter, "conseil", "c1")
	synctest.WaitFor(t, "the kiosk's outbox empty", func() bool { return kiosk.Pending() == 0 })

	resume := h.Pause()
	var codes []string
	for range 2 {
		_, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
		codes = append(codes, queue.ErrorCode(err))
	}
	resume()
	if called := atDesk(h.State(), "c1"); len(called) != 0 {
		t.Errorf("after the hang %d visitors are called to the desk: %v", len(called), called)
	}
	for _, code := range codes {
		if code != queue.EEXPIRED {
			t.Errorf("a call next given up failed with %q, want %q", code, queue.EEXPIRED)
		}
	}

	a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if called := atDesk(h.State(), "c1"); len(called) != 1 || called[0] != a.Ticket {
		t.Errorf("called to the desk: %v, want only %s", called, a.Ticket)
	}
}

// atDesk returns the tickets called or served at counter.
func atDesk(st *queue.State, counter string) []string {
	var ids []string
	for _, tk := range st.Tickets {
		if (tk.Status == queue.Called || tk.Status == queue.Serving) && tk.Counter == counter {
			ids = append(ids, tk.ID)
		}
	}
	return ids
}

// TestReplicaDiverged: a kiosk's replica holds an event the hub's log does
// not (a cancel written behind its back), so a later log event does not
// apply there. The kiosk does not store it: it restores its replica from
// the hub's state and alerts the back office.
func TestReplicaDiverged(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	counter.Synced()
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim"}, false)
	if err != nil {
		t.Fatal(err)
	}
	login(t, counter, "conseil", "c1")
	synctest.WaitFor(t, "the kiosk up to date", func() bool { return kiosk.Pending() == 0 && kiosk.Seq() == h.State().Seq })

	kiosk.Stop()
	db, err := store.Open(ctx, kiosk.Path())
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.LoadState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := queue.NewEvent("forged", "kiosk-1", queue.TicketCancelled, time.Now(), queue.CancelBody{Ticket: tk.ID, WalkOut: true})
	forged.Seq, forged.HLC = st.Seq+1, 1
	if err := st.Apply(forged); err != nil {
		t.Fatal(err)
	}
	st.Seq = forged.Seq
	if err := db.Append(ctx, st, forged); err != nil {
		t.Fatal(err)
	}
	db.Close()
	kiosk.Start()

	if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Submit(ctx, queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the ticket served on the kiosk", func() bool {
		t := kiosk.View().Tickets[tk.ID]
		return t != nil && t.Status == queue.Serving
	})
	synctest.WaitFor(t, "the alert on the hub", func() bool { return h.State().Alerts["kiosk-1"].Kind == "replica" })
	for _, e := range readLog(t, kiosk) {
		if e.ID == "forged" {
			continue
		}
		if e.Seq > forged.Seq && e.Seq <= forged.Seq+1 {
			t.Errorf("the kiosk stored event %d (%s), which did not apply", e.Seq, e.Type)
		}
	}
}

// TestStaleOnline leaves on the broker, retained, the "online" of a hub
// run that is gone (as a broker that keeps retained messages across a
// restart would, the hub's will lost with it): a device that connects
// then does not believe the hub is there, keeps what it makes in its
// outbox, and hands it over once the hub's new run answers.
func TestStaleOnline(t *testing.T) {
	ctx := context.Background()
	m := synctest.StartMosquitto(t)
	h := synctest.StartHub(t, m.URL())
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	kiosk.Ready()
	kiosk.Stop()
	h.StopHub()

	stale, _ := json.Marshal(mqttsync.Presence{State: "online", Session: "a-run-long-gone"})
	hub := synctest.Dial(t, m.URL(), queue.DeviceHub)
	if tok := hub.Publish(mqttsync.Topics{Store: "s1"}.Hub(), 1, true, stale); !tok.WaitTimeout(30*time.Second) || tok.Error() != nil {
		t.Fatalf("publish the stale presence: %v", tok.Error())
	}
	hub.Disconnect(100)

	kiosk.Start()
	synctest.WaitFor(t, "the kiosk connected to the broker", kiosk.Connected)
	if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase"}, false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // what a device believing the hub were there would have done by now
	if kiosk.Online() {
		t.Error("the kiosk believes a hub run that is gone")
	}
	if kiosk.Pending() != 1 {
		t.Errorf("%d events in the kiosk's outbox, want the ticket kept", kiosk.Pending())
	}
	h.StartHub()
	synctest.WaitFor(t, "the ticket on the hub", func() bool { return kiosk.Pending() == 0 && kiosk.Online() })
}
