package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/store"
)

// TestDayCloses runs a store through three business days, the hub stopped
// and started again from its database each morning (the clock is the
// events' own). Tickets left open at a close stay in memory, as they were,
// until they end; closed days leave memory but their tickets stay in the
// read model; a regular customer's earlier visits are all found; the
// state loaded each morning equals the fold of the whole log.
func TestDayCloses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	day0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, day0, time.Minute)
	saved := 0
	save := func() { // writes what the shop did since the last save, then restarts
		t.Helper()
		db := open(t, path)
		if err := db.Append(ctx, shop.St, shop.Log[saved:]...); err != nil {
			t.Fatal(err)
		}
		saved = len(shop.Log)
		db.Close()
	}
	restart := func() *store.DB {
		t.Helper()
		db := open(t, path)
		st, err := db.LoadState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := db.FoldLog(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := store.NewSnapshot(st)
		b, _ := store.NewSnapshot(whole)
		if !bytes.Equal(a.Data, b.Data) {
			t.Fatal("the state loaded at start differs from the fold of the whole log")
		}
		shop.St = st
		return db
	}
	morning := func(d int) {
		shop.At = day0.AddDate(0, 0, d)
		day := queue.Day(shop.At, shop.St.Config.Location())
		for _, r := range shop.St.Config.Reasons {
			if d == 0 {
				break // queuetest.New leased day 0's numbers
			}
			shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: day, Prefix: r.Prefix, First: 1, Last: 50})
		}
		shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
		shop.Apply("counter-2", queue.StaffLoggedIn, queue.StaffBody{Staff: "manager", Counter: "c2"})
	}
	evening := func() {
		shop.Apply("counter-1", queue.StaffLoggedOut, queue.StaffBody{Staff: "conseil"})
	}
	serve := func(id, staff, counter string) {
		shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
		shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: staff})
	}
	finish := func(id, staff string) {
		shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: staff, Outcome: "resolved"})
	}
	regular := func() string { // C-1 comes every day
		is, err := shop.St.PrepareIssue("kiosk-1", queue.IssueBody{Reason: "purchase", Customer: "C-1"}, false, shop.At)
		if err != nil {
			t.Fatal(err)
		}
		is.Body.Ticket, is.Body.Token = "c1-"+is.Body.Day, "k"
		shop.Apply("kiosk-1", is.Type, is.Body)
		return is.Body.Ticket
	}

	// Day 0: five tickets; two served, one left waiting, one left in
	// service at the second desk when the day ends.
	morning(0)
	served0 := []string{regular(), shop.Issue("sim")}
	for _, id := range served0 {
		serve(id, "conseil", "c1")
		finish(id, "conseil")
	}
	waiting := shop.Issue("purchase")
	inService := shop.Issue("sim")
	serve(inService, "manager", "c2")
	shop.Issue("other")
	evening()
	save()

	// Day 1: the hub starts again; yesterday's open tickets are there as
	// they were, its ended ones are not.
	db := restart()
	for id, want := range map[string]queue.Status{waiting: queue.Waiting, inService: queue.Serving} {
		if tk := shop.St.Tickets[id]; tk == nil || tk.Status != want {
			t.Fatalf("ticket %s left open at the close: %+v, want %s", id, tk, want)
		}
	}
	db.Close()
	morning(1)
	for _, id := range served0 {
		if shop.St.Tickets[id] != nil {
			t.Errorf("ticket %s ended on day 0 is still in memory on day 1", id)
		}
	}
	finish(inService, "manager")
	today := regular()
	serve(today, "conseil", "c1")
	finish(today, "conseil")
	shop.Issue("purchase")
	evening()
	save()

	// Day 2.
	db = restart()
	db.Close()
	morning(2)
	if shop.St.Tickets[inService] != nil {
		t.Error("the ticket finished on day 1 is still in memory on day 2")
	}
	if tk := shop.St.Tickets[waiting]; tk == nil || tk.Status != queue.Waiting {
		t.Errorf("ticket waiting since day 0 after two closes: %+v", tk)
	}
	today = regular()
	serve(today, "conseil", "c1")
	finish(today, "conseil")
	save()

	db = restart()
	defer db.Close()
	for d, want := range []int{5, 2, 1} {
		day := queue.Day(day0.AddDate(0, 0, d), time.UTC)
		ts, err := db.TicketsOn(ctx, day)
		if err != nil || len(ts) != want {
			t.Errorf("%s: %d tickets in the read model, want %d (%v)", day, len(ts), want, err)
		}
	}
	visits, err := db.CustomerTickets(ctx, "C-1", 10)
	if err != nil || len(visits) != 3 {
		t.Fatalf("C-1's visits: %d, want 3 (%v)", len(visits), err)
	}
	for i, v := range visits {
		if want := queue.Day(day0.AddDate(0, 0, 2-i), time.UTC); v.Day != want || v.Status != queue.Done {
			t.Errorf("visit %d: %s %s, want %s done (newest first)", i, v.Day, v.Status, want)
		}
	}
	ts, err := db.TicketsOn(ctx, queue.Day(day0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ts {
		if tk.ID == inService && tk.Status != queue.Done {
			t.Errorf("the read model has day 0's %s as %s after it finished on day 1", tk.ID, tk.Status)
		}
	}
}

func open(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
