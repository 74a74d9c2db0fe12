package report_test

import (
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/report"
)

// TestLiveFloor: the queues with their longest wait and who is past the
// target, what each staff member does and since when, who left lately.
func TestLiveFloor(t *testing.T) {
	start := time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, start, 0)
	a := shop.Issue("purchase")
	shop.Issue("purchase")
	c := shop.Issue("sim")
	shop.At = start.Add(5 * time.Minute)
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	shop.Apply("counter-2", queue.StaffLoggedIn, queue.StaffBody{Staff: "manager", Counter: "c2"})
	shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: a, Counter: "c1", Staff: "conseil"})
	shop.At = start.Add(6 * time.Minute)
	shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: a, Staff: "conseil"})
	shop.Apply("counter-2", queue.TicketCancelled, queue.CancelBody{Ticket: c, Staff: "manager", WalkOut: true})
	shop.At = start.Add(8 * time.Minute)
	shop.Apply("counter-2", queue.StaffPaused, queue.StaffBody{Staff: "manager", Why: "lunch"})

	f := report.LiveFloor(shop.St, start.Add(12*time.Minute))
	buy := f.Reasons[0]
	if buy.Code != "purchase" || buy.Waiting != 1 || buy.Longest != 12*time.Minute || buy.Late != 1 || buy.SLA != 10*time.Minute || !buy.PostedKnown {
		t.Errorf("purchases %+v", buy)
	}
	if sim := f.Reasons[1]; sim.Waiting != 0 || sim.Late != 0 {
		t.Errorf("SIM %+v", sim)
	}
	if len(f.Staff) != 2 {
		t.Fatalf("staff %+v", f.Staff)
	}
	chloe, marie := f.Staff[0], f.Staff[1]
	if chloe.Name != "Chloé" || chloe.State != report.StaffServing || chloe.Counter != "1" || chloe.For != 6*time.Minute || chloe.Ticket == "" {
		t.Errorf("Chloé %+v", chloe)
	}
	if marie.State != report.StaffPaused || marie.Why != "lunch" || marie.For != 4*time.Minute || !marie.ForKnown {
		t.Errorf("Marie %+v", marie)
	}
	if f.WalkOuts != 1 || f.NoShows != 0 {
		t.Errorf("walk-outs %d, no-shows %d", f.WalkOuts, f.NoShows)
	}
	if later := report.LiveFloor(shop.St, start.Add(2*time.Hour)); later.WalkOuts != 0 {
		t.Errorf("an hour later: %d walk-outs", later.WalkOuts)
	}
	if len(f.Devices) != 4 || f.Devices[0].ID != "kiosk-1" || f.Devices[0].Alert != nil {
		t.Errorf("devices %+v", f.Devices)
	}
}
