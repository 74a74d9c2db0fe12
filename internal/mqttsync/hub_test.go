package mqttsync_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

func TestIssueAndCall(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()

	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim", Answers: map[string]string{"why": "lost"}, Lang: "fr"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Number == "" || tk.Token == "" || tk.Status != queue.Waiting {
		t.Fatalf("issued %+v", tk)
	}
	synctest.WaitFor(t, "the ticket on the hub", func() bool { return h.State().Tickets[tk.ID] != nil })
	synctest.WaitFor(t, "the kiosk's outbox empty", func() bool { return kiosk.Pending() == 0 })
	if got := h.State().Tickets[tk.ID].Answers["why"]; got != "lost" {
		t.Errorf("answer on the hub = %q, want lost", got)
	}

	t.Run("WrongPIN", func(t *testing.T) {
		_, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "0000"})
		if queue.ErrorCode(err) != queue.EFORBIDDEN {
			t.Fatalf("login with a wrong PIN: %v", err)
		}
	})
	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Ticket != tk.ID {
		t.Fatalf("called %s, want %s", a.Ticket, tk.ID)
	}
	if st := counter.View().Tickets[tk.ID].Status; st != queue.Called {
		t.Errorf("on the counter the ticket is %s right after the call", st)
	}
	t.Run("DeskBusy", func(t *testing.T) {
		if _, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); queue.ErrorCode(err) != queue.ECONFLICT {
			t.Fatalf("call next with a visitor already called: %v", err)
		}
	})
	synctest.WaitFor(t, "the call on the kiosk", func() bool { return kiosk.View().Tickets[tk.ID].Status == queue.Called })

	t.Run("RetainedSummary", func(t *testing.T) {
		// A display that connects now learns at once who is called where.
		got := make(chan mqttsync.Summary, 1)
		raw := synctest.Dial(t, h.URL(), "display-1")
		raw.Subscribe(mqttsync.Topics{Store: "s1"}.State("queue"), 1, func(_ paho.Client, m paho.Message) {
			var sum mqttsync.Summary
			if err := json.Unmarshal(m.Payload(), &sum); err == nil && len(sum.Called) > 0 {
				select {
				case got <- sum:
				default:
				}
			}
		})
		select {
		case sum := <-got:
			if sum.Called[0].Number != tk.Number || sum.Called[0].Counter != "1" {
				t.Errorf("summary = %+v, want %s at counter 1", sum, tk.Number)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no retained summary")
		}
	})
}

// TestOfflineKiosk stops the hub, issues 20 tickets on a kiosk from its
// leased numbers, starts the hub again: all 20 reach it, numbers unique.
func TestOfflineKiosk(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	kiosk.Ready()
	h.Stop()
	synctest.WaitFor(t, "the kiosk offline", func() bool { return !kiosk.Online() })
	var ids []string
	for i := range 20 {
		tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: []string{"purchase", "sim"}[i%2]}, false)
		if err != nil {
			t.Fatalf("ticket %d offline: %v", i, err)
		}
		ids = append(ids, tk.ID)
	}
	if kiosk.Pending() != 20 {
		t.Fatalf("outbox holds %d, want 20", kiosk.Pending())
	}
	if _, err := kiosk.Request(ctx, queue.CallNextRequest, queue.CallNextBody{}); queue.ErrorCode(err) != queue.EOFFLINE {
		t.Errorf("a request offline: %v, want EOFFLINE", err)
	}
	h.Start()
	synctest.WaitFor(t, "the outbox sent", func() bool { return kiosk.Pending() == 0 })
	st := h.State()
	numbers := map[string]bool{}
	for _, id := range ids {
		tk := st.Tickets[id]
		if tk == nil {
			t.Fatalf("ticket %s lost", id)
		}
		if numbers[tk.Number] {
			t.Errorf("number %s twice", tk.Number)
		}
		numbers[tk.Number] = true
	}
}

// TestHubPresence runs the hub on Mosquitto, which outlives it: devices
// stay connected to the broker but know when the hub is away, so they
// never show a wait or take a request as if it were there.
func TestHubPresence(t *testing.T) {
	m := synctest.StartMosquitto(t)
	h := synctest.StartHub(t, m.URL())
	kiosk := synctest.StartDevice(t, "kiosk-1", m.URL())
	kiosk.Ready()
	h.Stop()
	synctest.WaitFor(t, "the kiosk to see the hub gone", func() bool { return !kiosk.Online() })
	if _, err := kiosk.Request(context.Background(), queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A"}); queue.ErrorCode(err) != queue.EOFFLINE {
		t.Errorf("a request while the hub is away: %v, want EOFFLINE", err)
	}
	h.Start()
	synctest.WaitFor(t, "the kiosk to see the hub back", kiosk.Online)
}
