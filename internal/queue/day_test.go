package queue_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// TestDayClose: when the first event of a new day is applied, the tickets
// that ended before it leave the state; those still open stay, and the
// numbers of the day that closed stay used until the next day closes.
func TestDayClose(t *testing.T) {
	day1 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := queuetest.New(t, day1, time.Minute)
	s.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	done, called, waiting := s.Issue("purchase"), s.Issue("purchase"), s.Issue("sim")
	for _, id := range []string{done, called} {
		s.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"})
	}
	s.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: done, Staff: "conseil"})
	s.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: done, Staff: "conseil", Outcome: "resolved"})
	checkSnapshot(t, s.St)

	s.At = day1.AddDate(0, 0, 1)
	s.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: "2026-03-03", Prefix: "A", First: 1, Last: 50})
	if s.St.Day != "2026-03-03" {
		t.Fatalf("open day %q, want 2026-03-03", s.St.Day)
	}
	if s.St.Tickets[done] != nil {
		t.Error("a ticket served on a closed day is still in memory")
	}
	if s.St.Tickets[called] == nil || s.St.Tickets[waiting] == nil {
		t.Error("a ticket still open at the day's close left memory")
	}
	if free := s.St.FreeNumbers("kiosk-1", "2026-03-02", "A"); len(free) == 0 || free[0] != 3 {
		t.Errorf("numbers of the day that closed: free %v, want from 3", free)
	}
	if free := s.St.FreeNumbers("kiosk-1", "2026-03-03", "A"); len(free) != 50 {
		t.Errorf("numbers of the open day: %d free, want 50", len(free))
	}
	checkSnapshot(t, s.St)

	s.At = day1.AddDate(0, 0, 2)
	s.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: "2026-03-04", Prefix: "A", First: 1, Last: 50})
	for _, l := range s.St.Leases {
		if l.Day < "2026-03-03" {
			t.Errorf("lease of %s still held on 2026-03-04", l.Day)
		}
	}
	checkSnapshot(t, s.St)
}

// checkSnapshot checks that st survives its snapshot: the state read back
// encodes to the same bytes, and takes the next events alike.
func checkSnapshot(t *testing.T, st *queue.State) {
	t.Helper()
	data, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	back, err := queue.FromSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.Snapshot()
	if !bytes.Equal(data, again) {
		t.Fatalf("snapshot read back differs:\n%s\n%s", data, again)
	}
	next, err := queue.NewEvent("next", "hub", queue.LeaseGranted, time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC),
		queue.Lease{Device: "kiosk-1", Day: "2026-03-09", Prefix: "S", First: 1, Last: 50})
	if err != nil {
		t.Fatal(err)
	}
	next.Seq = st.Seq + 1
	var after [][]byte
	for _, s := range []*queue.State{st.Clone(), back} {
		if err := s.Apply(next); err != nil {
			t.Fatal(err)
		}
		data, _ := s.Snapshot()
		after = append(after, data)
	}
	if !bytes.Equal(after[0], after[1]) {
		t.Fatal("the state read back from its snapshot takes the next event differently")
	}
}

// TestLeasesWanted: a device that issues asks for numbers of each prefix
// of which half a block or less is left today; one that does not issue
// never asks.
func TestLeasesWanted(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, at, 0) // kiosk-1 holds 200 of each prefix
	size := shop.St.Config.LeaseSize
	if day, ps := shop.St.LeasesWanted("kiosk-1", at); day != "2026-03-02" || len(ps) != 0 {
		t.Errorf("kiosk-1 with 200 of each: %s %v, want nothing", day, ps)
	}
	if _, ps := shop.St.LeasesWanted("kiosk-1", at.AddDate(0, 0, 1)); len(ps) != len(shop.St.Config.Reasons) {
		t.Errorf("kiosk-1 tomorrow: %v, want every prefix", ps)
	}
	if _, ps := shop.St.LeasesWanted("counter-1", at); len(ps) != len(shop.St.Config.Reasons) {
		t.Errorf("counter-1 without numbers: %v, want every prefix", ps)
	}
	if _, ps := shop.St.LeasesWanted("display-1", at); ps != nil {
		t.Errorf("display-1: %v, want nothing (it issues no ticket)", ps)
	}
	for range 200 - size/2 {
		shop.Issue("purchase")
	}
	if _, ps := shop.St.LeasesWanted("kiosk-1", at); !slices.Equal(ps, []string{"A"}) {
		t.Errorf("kiosk-1 with %d A left: %v, want [A]", size/2, ps)
	}
}
