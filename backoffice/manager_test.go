package main

import (
	"context"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/store"
)

// writeHistory writes days of a busy store up to yesterday (store time)
// into a new database and returns its path: arrivals peaking at lunch and
// after work, waits that grow with the peaks, some walk-outs, no-shows and
// transfers; the same every run.
func writeHistory(t *testing.T, days int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	first := time.Date(now.Year(), now.Month(), now.Day()-days, 8, 0, 0, 0, loc)
	shop := queuetest.New(t, first, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	perHour := map[int]int{9: 4, 10: 6, 11: 8, 12: 12, 13: 10, 14: 6, 15: 5, 16: 6, 17: 10, 18: 12, 19: 5}
	staff := []struct{ id, counter, device string }{{"conseil", "c1", "counter-1"}, {"manager", "c2", "counter-2"}}
	for d := range days {
		open := first.AddDate(0, 0, d)
		shop.At = open
		if d > 0 {
			for _, r := range shop.St.Config.Reasons {
				shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: queue.Day(open, loc), Prefix: r.Prefix, First: 1, Last: 200})
			}
		}
		busy := 1.0
		if wd := open.Weekday(); wd == time.Saturday {
			busy = 1.6
		} else if wd == time.Sunday {
			continue
		}
		for h := 9; h <= 19; h++ {
			n := int(float64(perHour[h]) * busy * (0.7 + 0.6*rng.Float64()))
			for i := range n {
				arrive := open.Add(time.Duration(h-8)*time.Hour + time.Duration(i*60/max(n, 1))*time.Minute)
				reason := []string{"purchase", "purchase", "sim", "other", "purchase", "sim"}[rng.IntN(6)]
				shop.At = arrive
				id := shop.Issue(reason)
				wait := time.Duration(float64(perHour[h])*busy*(0.3+1.2*rng.Float64())*60) * time.Second
				s := staff[rng.IntN(2)]
				at := func(d time.Duration) { shop.At = arrive.Add(d) }
				roll := rng.Float64()
				if roll < 0.06 {
					at(wait)
					shop.Apply(s.device, queue.TicketCancelled, queue.CancelBody{Ticket: id, Staff: s.id, WalkOut: true})
					continue
				}
				at(wait)
				shop.Apply(s.device, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: s.counter, Staff: s.id})
				if roll < 0.11 {
					at(wait + 3*time.Minute)
					shop.Apply(s.device, queue.TicketNoShow, queue.TicketBody{Ticket: id, Staff: s.id})
					continue
				}
				at(wait + time.Minute)
				shop.Apply(s.device, queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: s.id})
				service := time.Duration(4+rng.IntN(10)) * time.Minute
				if roll < 0.14 && reason == "purchase" {
					at(wait + 3*time.Minute)
					shop.Apply(s.device, queue.TicketTransferred, queue.TransferBody{Ticket: id, Staff: s.id, Reason: "sim"})
					at(wait + 8*time.Minute)
					shop.Apply(s.device, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: s.counter, Staff: s.id})
					shop.Apply(s.device, queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: s.id})
					service += 7 * time.Minute
				}
				at(wait + time.Minute + service)
				shop.Apply(s.device, queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: s.id, Outcome: []string{"resolved", "sale"}[rng.IntN(2)]})
			}
		}
	}
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSessions: failures lock a staff id and an address after freeTries,
// for a delay that doubles with each new failure; a session lasts
// sessionTTL.
func TestSessions(t *testing.T) {
	now := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
	s := newSessions(func() time.Time { return now })
	for i := range freeTries - 1 {
		if wait := s.failed("manager", "10.0.0.5"); wait != 0 {
			t.Fatalf("failure %d: wait %v", i+1, wait)
		}
	}
	if wait := s.failed("manager", "10.0.0.5"); wait != firstLock {
		t.Fatalf("failure %d: wait %v, want %v", freeTries, wait, firstLock)
	}
	for _, tc := range []struct {
		staff, addr string
		locked      bool
	}{{"manager", "10.0.0.9", true}, {"other", "10.0.0.5", true}, {"other", "10.0.0.9", false}} {
		if got := s.locked(tc.staff, tc.addr) > 0; got != tc.locked {
			t.Errorf("%s from %s: locked %v", tc.staff, tc.addr, got)
		}
	}
	now = now.Add(firstLock)
	if wait := s.locked("manager", "10.0.0.5"); wait != 0 {
		t.Errorf("after the delay: still %v", wait)
	}
	if wait := s.failed("manager", "10.0.0.5"); wait != 2*firstLock {
		t.Errorf("one more failure: wait %v, want %v", wait, 2*firstLock)
	}
	now = now.Add(2 * firstLock)
	id := s.start("manager", "10.0.0.5")
	if wait := s.failed("manager", "10.0.0.5"); wait != 0 {
		t.Errorf("after a login, a failure waits %v", wait)
	}
	r, _ := http.NewRequest("GET", "/manager/", nil)
	r.AddCookie(sessionCookieOf(id))
	if got := s.staff(r); got != "manager" {
		t.Errorf("session: %q", got)
	}
	now = now.Add(sessionTTL)
	if got := s.staff(r); got != "" {
		t.Errorf("after %v: still %q", sessionTTL, got)
	}
	if c := sessionCookieOf(id); !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/manager" || len(id) != 43 {
		t.Errorf("cookie %+v", c)
	}
}
