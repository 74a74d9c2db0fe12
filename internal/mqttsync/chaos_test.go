package mqttsync_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/collectors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// The scale of TestChaos: make test runs it small, make chaos large.
var (
	chaosTickets = flag.Int("chaos.tickets", 120, "tickets issued and served")
	chaosHubKill = flag.Int("chaos.hubkills", 3, "times the hub is killed and started again")
	chaosBroker  = flag.Int("chaos.brokers", 2, "times the broker is restarted")
	chaosPauses  = flag.Int("chaos.pauses", 1, "times the hub hangs")
	chaosPause   = flag.Duration("chaos.pause", 2*time.Second, "how long the hub hangs")
	chaosDevices = flag.Int("chaos.devicekills", 3, "times a device is killed and started again")
	chaosNet     = flag.Int("chaos.net", 3, "network faults between devices and broker: latency, cut connections, outage")
)

// TestChaos runs a store through faults: two kiosks and two counters, in
// process with their replicas and outboxes on disk, reach the broker
// through a TCP proxy (toxiproxy) that delays, cuts and drops their
// connections, while the hub is killed, the broker restarted, the hub
// hangs and devices are killed, all while tickets are issued, called and
// served. In the end every device's log is the hub's, every ticket issued
// is in the log once and done, none was called twice, no desk ever had
// two visitors, and every event a device made is in the log.
func TestChaos(t *testing.T) {
	t.Run("EmbeddedBroker", func(t *testing.T) {
		h := synctest.StartHubWith(t, "", chaosConfig())
		if raceEnabled {
			// mochi v2.7.9's Server.Close races with a connection it is
			// accepting (reported by the race detector): under it, the
			// embedded broker is not restarted (make chaos does).
			chaos(t, h, nil, nil)
			return
		}
		chaos(t, h, h.StopBroker, h.StartBroker)
	})
	t.Run("Mosquitto", func(t *testing.T) {
		m := synctest.StartMosquitto(t)
		h := synctest.StartHubWith(t, m.URL(), chaosConfig())
		chaos(t, h, m.Stop, m.Start)
	})
}

func chaosConfig() queue.Config {
	cfg := synctest.Config()
	cfg.Staff = append(cfg.Staff, queue.NewStaff("manager2", "Max", queue.RoleManager, []string{"sales", "sim", "expert"}, "1234"))
	return cfg
}

// chaosDevice is a device that the faults restart while workers use it.
type chaosDevice struct {
	*synctest.Device
	mu sync.RWMutex // held to use it, taken alone to restart it
}

func chaos(t *testing.T, h *synctest.Hub, stopBroker, startBroker func()) {
	start := time.Now()
	tickets := *chaosTickets
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()

	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	srv.Metrics.ProxyMetrics = collectors.NewProxyMetricCollectors()
	proxy := toxiproxy.NewProxy(srv, "devices", synctest.FreeAddr(t), strings.TrimPrefix(h.URL(), "tcp://"))
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	defer proxy.Stop()
	via := "tcp://" + proxy.Listen

	var devices []*chaosDevice
	for _, id := range []string{"kiosk-1", "kiosk-2", "counter-1", "counter-2"} {
		d := &chaosDevice{Device: synctest.StartDevice(t, id, via)}
		devices = append(devices, d)
	}
	for _, d := range devices {
		d.Ready()
	}
	kiosks, counters := devices[:2], devices[2:]
	staff := []string{"manager", "manager2"}
	for i, c := range counters {
		login(t, c.Device, staff[i], fmt.Sprintf("c%d", i+1))
	}

	var issued atomic.Int64
	var made sync.Map // ids of the events devices made, and of the tickets issued
	var wg sync.WaitGroup
	reasons := []string{"purchase", "sim", "expert", "other"}
	for _, k := range kiosks {
		wg.Go(func() {
			for issued.Add(1) <= int64(tickets) && ctx.Err() == nil {
				k.mu.RLock()
				tk, err := k.Issue(ctx, queue.IssueBody{Reason: reasons[rand.IntN(len(reasons))]}, false)
				k.mu.RUnlock()
				switch queue.ErrorCode(err) {
				case "":
					made.Store("ticket "+tk.ID, true)
				case queue.ELIMIT: // until the next lease
					issued.Add(-1)
					time.Sleep(20 * time.Millisecond)
				default:
					t.Errorf("issue: %v", err)
					return
				}
			}
		})
	}
	var done atomic.Bool // every ticket served
	for i, c := range counters {
		wg.Go(func() {
			counter, me := fmt.Sprintf("c%d", i+1), staff[i]
			for ctx.Err() == nil && !done.Load() {
				c.mu.RLock()
				err := serveOne(ctx, c.Device, counter, me, &made)
				view := c.View()
				c.mu.RUnlock()
				if issued.Load() >= int64(tickets) && countDone(view) >= tickets {
					done.Store(true)
				}
				switch queue.ErrorCode(err) {
				case "":
				case queue.EEMPTY, queue.EOFFLINE, queue.EEXPIRED, queue.ECONFLICT:
					time.Sleep(20 * time.Millisecond)
				default:
					t.Errorf("%s: %v", counter, err)
					return
				}
			}
		})
	}

	// Faults, spread over the issuing, one at a time.
	var faults []string
	brokers := *chaosBroker
	if stopBroker == nil {
		brokers = 0
	}
	for kind, n := range map[string]int{"hub": *chaosHubKill, "broker": brokers, "pause": *chaosPauses, "device": *chaosDevices, "net": *chaosNet} {
		for range n {
			faults = append(faults, kind)
		}
	}
	rand.Shuffle(len(faults), func(i, j int) { faults[i], faults[j] = faults[j], faults[i] })
	counts := map[string]int{}
	for i, f := range faults {
		for issued.Load() < int64((i+1)*tickets/(len(faults)+1)) && ctx.Err() == nil && !t.Failed() {
			time.Sleep(10 * time.Millisecond)
		}
		if ctx.Err() != nil || t.Failed() {
			break
		}
		counts[f]++
		switch f {
		case "hub":
			h.StopHub()
			h.StartHub()
		case "broker":
			stopBroker()
			startBroker()
		case "pause":
			resume := h.Pause()
			time.Sleep(*chaosPause)
			resume()
		case "device":
			d := devices[rand.IntN(len(devices))]
			d.mu.Lock()
			d.Restart()
			d.mu.Unlock()
		case "net":
			netFault(t, proxy, i)
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// Everything reaches the hub, and the hub's log every device.
	for _, d := range devices {
		synctest.WaitFor(t, d.ID+"'s outbox empty", func() bool { return d.Pending() == 0 })
	}
	last := h.State().Seq
	for _, d := range devices {
		synctest.WaitFor(t, d.ID+" up to date", func() bool { return d.Seq() == last })
	}
	hubLog := h.Log()
	ids := map[string]bool{}
	issues, calls := map[string]int{}, map[string]int{}
	replay := queue.NewState(queue.Config{})
	twoAtDesk := 0
	for i, e := range hubLog {
		if e.Seq != int64(i+1) || ids[e.ID] {
			t.Fatalf("the hub's log has a gap or a duplicate at %d", i+1)
		}
		ids[e.ID] = true
		if err := replay.Apply(e); err != nil {
			t.Fatalf("the hub's log does not replay at %d: %v", e.Seq, err)
		}
		replay.Seq = e.Seq
		switch e.Type {
		case queue.TicketIssued:
			var b queue.IssueBody
			e.Decode(&b)
			issues[b.Ticket]++
		case queue.TicketCalled:
			var b queue.CallBody
			e.Decode(&b)
			calls[b.Ticket]++
			if len(atDesk(replay, b.Counter)) > 1 {
				twoAtDesk++
			}
		}
	}
	missing := 0
	made.Range(func(k, _ any) bool {
		key := k.(string)
		if id, ok := strings.CutPrefix(key, "ticket "); ok {
			if issues[id] != 1 {
				missing++
			}
		} else if !ids[key] {
			missing++
		}
		return true
	})
	st := h.State()
	calledTwice, notDone := 0, 0
	for id, tk := range st.Tickets {
		if calls[id] > 1 {
			calledTwice++
		}
		if tk.Status != queue.Done {
			notDone++
		}
	}
	differ := 0
	for _, d := range devices {
		devLog := readLog(t, d.Device)
		if len(devLog) != len(hubLog) {
			differ++
			continue
		}
		for i := range devLog {
			if devLog[i].ID != hubLog[i].ID || devLog[i].Seq != hubLog[i].Seq || string(devLog[i].Body) != string(hubLog[i].Body) {
				differ++
				break
			}
		}
	}
	summary := fmt.Sprintf("chaos: %d tickets, %d events in %s; faults: %d hub kills, %d broker restarts, %d hub hangs of %s, %d device kills, %d network faults; "+
		"devices whose log differs from the hub's: %d; tickets issued not once in the log: %d; tickets called twice: %d; desks with two visitors: %d; tickets not done: %d; events made missing: %d; hub: %d duplicates, %d refused",
		len(st.Tickets), len(hubLog), time.Since(start).Round(time.Second), counts["hub"], counts["broker"], counts["pause"], *chaosPause, counts["device"], counts["net"],
		differ, countNot(issues, 1), calledTwice, twoAtDesk, notDone, missing, h.Stats.Dupes.Load(), h.Stats.Rejected.Load())
	t.Log(summary)
	if differ+countNot(issues, 1)+calledTwice+twoAtDesk+notDone+missing > 0 || len(st.Tickets) != tickets {
		t.Error(summary)
	}
}

// serveOne serves what counter has called, even when the answer to the
// call was lost in a fault (the log brings it), or calls the next visitor.
func serveOne(ctx context.Context, c *synctest.Device, counter, me string, made *sync.Map) error {
	if tk := calledAt(c.View(), counter); tk != nil {
		if tk.Status == queue.Called {
			e, err := c.Submit(ctx, queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: me})
			if err != nil {
				return err
			}
			made.Store(e.ID, true)
		}
		e, err := c.Submit(ctx, queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: me, Outcome: "resolved"})
		if err == nil {
			made.Store(e.ID, true)
		}
		return err
	}
	a, err := c.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: me, Counter: counter})
	if err == nil {
		made.Store(a.ID, true)
	}
	return err
}

// netFault disturbs the devices' connections to the broker: in turn, a
// second of delay and jitter, every connection cut, or a second's outage.
func netFault(t *testing.T, proxy *toxiproxy.Proxy, i int) {
	switch i % 3 {
	case 0:
		for _, stream := range []string{"upstream", "downstream"} {
			body := fmt.Sprintf(`{"name":"delay-%s","type":"latency","stream":%q,"attributes":{"latency":40,"jitter":40}}`, stream, stream)
			if _, err := proxy.Toxics.AddToxicJson(strings.NewReader(body)); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Second)
		proxy.Toxics.ResetToxics(context.Background())
	case 1:
		if _, err := proxy.Toxics.AddToxicJson(strings.NewReader(`{"name":"cut","type":"reset_peer","stream":"upstream","attributes":{"timeout":0}}`)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		proxy.Toxics.ResetToxics(context.Background())
	default:
		proxy.Stop()
		time.Sleep(time.Second)
		if err := proxy.Start(); err != nil {
			t.Fatal(err)
		}
	}
}

// countNot counts the entries of m that are not want.
func countNot(m map[string]int, want int) int {
	n := 0
	for _, v := range m {
		if v != want {
			n++
		}
	}
	return n
}
