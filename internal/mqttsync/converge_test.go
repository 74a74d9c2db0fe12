package mqttsync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestConverge runs a busy store through a real broker: two kiosks issue
// 2,000 tickets while two counters call and serve them, and mid-way a kiosk
// and the hub are restarted. In the end every device's log is the hub's, the
// log has no gap and no duplicate, and no ticket was called twice.
func TestConverge(t *testing.T) {
	t.Run("EmbeddedBroker", func(t *testing.T) { converge(t, "") })
	t.Run("Mosquitto", func(t *testing.T) { converge(t, synctest.StartMosquitto(t).URL()) })
}

func converge(t *testing.T, broker string) {
	const tickets = 2000
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cfg := synctest.Config()
	cfg.Staff = append(cfg.Staff, queue.NewStaff("manager2", "Max", queue.RoleManager, []string{"sales", "sim", "expert"}, "1234"))
	h := synctest.StartHubWith(t, broker, cfg)
	kiosks := []*synctest.Device{synctest.StartDevice(t, "kiosk-1", h.URL()), synctest.StartDevice(t, "kiosk-2", h.URL())}
	counters := []*synctest.Device{synctest.StartDevice(t, "counter-1", h.URL()), synctest.StartDevice(t, "counter-2", h.URL())}
	for _, d := range append(kiosks, counters...) {
		d.Ready()
	}
	staff := []string{"manager", "manager2"}
	for i, c := range counters {
		login(t, c, staff[i], fmt.Sprintf("c%d", i+1))
	}

	var issued, served atomic.Int64
	var mu sync.Mutex // guards the kiosks' clients across a restart
	var wg sync.WaitGroup
	reasons := []string{"purchase", "sim", "expert", "other"}
	for k := range kiosks {
		wg.Go(func() {
			for issued.Add(1) <= tickets && ctx.Err() == nil {
				mu.Lock()
				_, err := kiosks[k].Issue(ctx, queue.IssueBody{Reason: reasons[rand.IntN(len(reasons))]}, false)
				mu.Unlock()
				switch {
				case err == nil:
				case queue.ErrorCode(err) == queue.ELIMIT: // back off until the next lease
					issued.Add(-1)
					time.Sleep(10 * time.Millisecond)
				default:
					t.Errorf("issue: %v", err)
					return
				}
			}
		})
	}
	for i, c := range counters {
		wg.Go(func() {
			counter, me := fmt.Sprintf("c%d", i+1), staff[i]
			for {
				if ctx.Err() != nil {
					t.Errorf("%s: not every ticket served in time", counter)
					return
				}
				view := c.View()
				if issued.Load() >= tickets && countDone(view) >= tickets {
					return
				}
				// Serve what this counter called, even when the answer to
				// the call was lost in a restart: the log brings it.
				if tk := calledAt(view, counter); tk != nil {
					if tk.Status == queue.Called {
						if _, err := c.Submit(ctx, queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: me}); err != nil {
							t.Errorf("start: %v", err)
						}
					}
					if _, err := c.Submit(ctx, queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: me, Outcome: "resolved"}); err != nil {
						t.Errorf("finish: %v", err)
					}
					served.Add(1)
					continue
				}
				_, err := c.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: me, Counter: counter})
				switch queue.ErrorCode(err) {
				case "":
				case queue.EEMPTY, queue.EOFFLINE, queue.EEXPIRED, queue.ECONFLICT: // back off; a conflict is a call whose answer was lost, which the log brings
					time.Sleep(10 * time.Millisecond)
				default:
					t.Errorf("call next: %v", err)
					return
				}
			}
		})
	}

	// Mid-way, restart a kiosk, then the hub (and its embedded broker).
	for served.Load() <= tickets/3 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if ctx.Err() == nil {
		mu.Lock()
		kiosks[1].Restart()
		mu.Unlock()
		h.Restart()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// Everything reaches the hub, and the hub's log reaches every device.
	for _, d := range append(kiosks, counters...) {
		synctest.WaitFor(t, d.ID+"'s outbox empty", func() bool { return d.Pending() == 0 })
	}
	last := h.State().Seq
	for _, d := range append(kiosks, counters...) {
		synctest.WaitFor(t, d.ID+" up to date", func() bool { return d.Seq() == last })
	}
	hubLog := h.Log()
	if int64(len(hubLog)) != last {
		t.Fatalf("hub log has %d events, last seq %d", len(hubLog), last)
	}
	ids := map[string]bool{}
	calls := map[string]int{}
	for i, e := range hubLog {
		if e.Seq != int64(i+1) {
			t.Fatalf("gap: event %d has seq %d", i+1, e.Seq)
		}
		if ids[e.ID] {
			t.Fatalf("event %s twice in the log", e.ID)
		}
		ids[e.ID] = true
		if e.Type == queue.TicketCalled {
			var b queue.CallBody
			e.Decode(&b)
			calls[b.Ticket]++
		}
	}
	st := h.State()
	done := 0
	for id, tk := range st.Tickets {
		if calls[id] != 1 {
			t.Errorf("ticket %s called %d times", tk.Number, calls[id])
		}
		if tk.Status == queue.Done {
			done++
		} else {
			t.Errorf("ticket %s is %s: %+v", tk.Number, tk.Status, tk.History)
		}
	}
	if len(st.Tickets) != tickets || done != tickets {
		t.Errorf("hub has %d tickets, %d done; want %d", len(st.Tickets), done, tickets)
	}
	for _, d := range append(kiosks, counters...) {
		devLog := readLog(t, d)
		if len(devLog) != len(hubLog) {
			t.Fatalf("%s has %d events, the hub %d", d.ID, len(devLog), len(hubLog))
		}
		for i := range devLog {
			if devLog[i].ID != hubLog[i].ID || devLog[i].Seq != hubLog[i].Seq || string(devLog[i].Body) != string(hubLog[i].Body) {
				t.Fatalf("%s's log differs from the hub's at seq %d", d.ID, i+1)
			}
		}
	}
	t.Logf("%d events, %d tickets, hub stats: %d batches, %d duplicates, %d refused",
		len(hubLog), len(st.Tickets), h.Stats.Batches.Load(), h.Stats.Dupes.Load(), h.Stats.Rejected.Load())
}

func countDone(st *queue.State) int {
	n := 0
	for _, tk := range st.Tickets {
		if tk.Status == queue.Done {
			n++
		}
	}
	return n
}

// calledAt returns the ticket called or being served at counter, if any.
func calledAt(st *queue.State, counter string) *queue.Ticket {
	for _, tk := range st.Tickets {
		if (tk.Status == queue.Called || tk.Status == queue.Serving) && tk.Counter == counter {
			return tk
		}
	}
	return nil
}

func login(t *testing.T, d *synctest.Device, staff, counter string) {
	t.Helper()
	if _, err := d.Request(context.Background(), queue.LoginRequest, queue.StaffBody{Staff: staff, Counter: counter, PIN: "1234"}); err != nil {
		t.Fatalf("login %s at %s: %v", staff, counter, err)
	}
}

// readLog returns a device's whole log.
func readLog(t *testing.T, d *synctest.Device) []queue.Event {
	t.Helper()
	events, err := d.DB.Events(context.Background(), 1, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return events
}
