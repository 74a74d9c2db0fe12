package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/memstat"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// BenchmarkScaling runs a hub, as a process of its own, on a database that
// already holds 1 day, 90 days and 2 years of history (300 tickets a day),
// and reports what a shop would feel: the hub's start-up, a new tablet's
// first sync, a kiosk tap, an event's trip from kiosk to tablet through
// the hub, a call next, and the memory of the hub and of the devices. The
// histories are generated once a day into the temp dir (2 years take a
// few minutes the first time).
func BenchmarkScaling(b *testing.B) {
	for _, days := range []int{1, 90, 730} {
		b.Run(fmt.Sprintf("days=%d", days), func(b *testing.B) {
			for range b.N {
				scaling(b, days)
			}
		})
	}
}

// scalingTaps is how many tickets each run issues and calls.
const scalingTaps = 200

func scaling(b *testing.B, days int) {
	ctx := context.Background()
	src, err := history.Cached(ctx, days)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "hub.db")
	synctest.CopyFile(b, src, path)
	synctest.Enrol(b, path)

	mqtt := synctest.FreeAddr(b)
	h := &hubChild{t: b, args: fmt.Sprintf("--store s1 --db %s --mqtt %s --http 127.0.0.1:0", path, mqtt)}
	start := time.Now()
	h.start()
	startUp := time.Since(start)
	b.Cleanup(h.kill)

	start = time.Now()
	counter := synctest.StartDevice(b, "counter-2", "tcp://"+mqtt) // never synced before
	counter.Synced()
	firstSync := time.Since(start)
	kiosk := synctest.StartDevice(b, "kiosk-1", "tcp://"+mqtt)
	kiosk.Ready()

	seen := make(chan struct{}, 1)
	counter.OnChange(func() {
		select {
		case seen <- struct{}{}:
		default:
		}
	})
	reasons := []string{"purchase", "sim"}
	var taps, trips []time.Duration
	for i := range scalingTaps {
		t0 := time.Now()
		tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: reasons[i%len(reasons)]}, false)
		if err != nil {
			b.Fatal(err)
		}
		taps = append(taps, time.Since(t0))
		for counter.View().Tickets[tk.ID] == nil {
			<-seen
		}
		trips = append(trips, time.Since(t0))
	}

	if _, err := counter.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		b.Fatal(err)
	}
	var calls []time.Duration
	for range scalingTaps {
		t0 := time.Now()
		a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
		if err != nil {
			b.Fatal(err)
		}
		calls = append(calls, time.Since(t0))
		for _, step := range []struct {
			typ  string
			body any
		}{
			{queue.ServiceStarted, queue.TicketBody{Ticket: a.Ticket, Staff: "conseil"}},
			{queue.ServiceFinished, queue.FinishBody{Ticket: a.Ticket, Staff: "conseil", Outcome: "resolved"}},
		} {
			if _, err := counter.Submit(ctx, step.typ, step.body); err != nil {
				b.Fatal(err)
			}
		}
	}

	hubRSS, err := memstat.RSS(h.cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	devHeap, devRSS, err := memstat.Self()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(startUp.Seconds(), "start-s")
	b.ReportMetric(firstSync.Seconds(), "sync-s")
	b.ReportMetric(p95ms(taps), "tap-p95-ms")
	b.ReportMetric(p95ms(trips), "event-p95-ms")
	b.ReportMetric(p95ms(calls), "call-p95-ms")
	b.ReportMetric(memstat.MB(hubRSS), "hub-RSS-MB")
	b.ReportMetric(memstat.MB(devRSS), "devices-RSS-MB")
	b.ReportMetric(memstat.MB(devHeap), "devices-heap-MB")
	b.ReportMetric(0, "ns/op")
}

func p95ms(d []time.Duration) float64 {
	slices.Sort(d)
	return float64(d[len(d)*95/100].Microseconds()) / 1000
}
