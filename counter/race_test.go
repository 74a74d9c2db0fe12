package main

import (
	"context"
	"sync"
	"testing"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// Two counters press "call next" at the same instant, 500 times, over a
// real broker: the hub decides, so no ticket is ever called twice and none
// is skipped.
func TestCallNextRace(t *testing.T) {
	const n = 500
	s := startShop(t)
	kiosk, _ := s.device("kiosk-1")
	issued := map[string]bool{}
	for range n {
		issued[issue(t, kiosk, queue.IssueBody{Reason: "purchase"}).ID] = true
	}
	synctest.WaitFor(t, "the kiosk's tickets at the hub", func() bool { return kiosk.Pending() == 0 })

	counters := []struct {
		dev, staff, counter string
		c                   *mqttsync.Client
	}{{dev: "counter-1", staff: "conseil", counter: "c1"}, {dev: "counter-2", staff: "conseil2", counter: "c2"}}
	for i := range counters {
		k := &counters[i]
		k.c, _ = s.deviceWith(k.dev, false) // the kiosk took every A number: counters need none
		if err := Login(context.Background(), Replica{k.c}, k.staff, k.counter, "1234"); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	for round := range n / 2 {
		start := make(chan struct{})
		called := make([]*queue.Ticket, len(counters))
		errs := make([]error, len(counters))
		var wg sync.WaitGroup
		for i, k := range counters {
			wg.Go(func() {
				<-start
				called[i], errs[i] = CallNext(context.Background(), Replica{k.c}, k.staff, k.counter)
			})
		}
		close(start)
		wg.Wait()
		for i, k := range counters {
			if errs[i] != nil {
				t.Fatalf("round %d, %s: %v", round, k.dev, errs[i])
			}
			got[called[i].ID]++
			// Free the counter for the next round.
			if _, err := k.c.Submit(context.Background(), queue.TicketNoShow, queue.TicketBody{Ticket: called[i].ID, Staff: k.staff}); err != nil {
				t.Fatalf("round %d, %s: %v", round, k.dev, err)
			}
		}
		if called[0].ID == called[1].ID {
			t.Fatalf("round %d: both counters called %s", round, called[0].Number)
		}
	}
	for _, k := range counters {
		if _, err := CallNext(context.Background(), Replica{k.c}, k.staff, k.counter); queue.ErrorCode(err) != queue.EEMPTY {
			t.Fatalf("%s: after %d calls: %v, want %s", k.dev, n, err, queue.EEMPTY)
		}
	}
	// The hub's log is the judge.
	inLog := map[string]int{}
	for _, e := range s.Log() {
		if e.Type == queue.TicketCalled {
			var b queue.CallBody
			if err := e.Decode(&b); err != nil {
				t.Fatal(err)
			}
			inLog[b.Ticket]++
		}
	}
	for id := range issued {
		if inLog[id] != 1 || got[id] != 1 {
			t.Errorf("ticket %s called %d times in the log, %d times seen by the counters", id, inLog[id], got[id])
		}
	}
	if len(inLog) != n {
		t.Errorf("%d tickets called, want %d", len(inLog), n)
	}
}
