package report_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
	"accueil/internal/report"
	"accueil/internal/store"
)

// TestRebonds: on one day, the expert serves six visitors whose box has no
// network (the "fibre" suggestion): proposed to four, accepted by one,
// plus one whose phone has no network (no suggestion); the conseiller
// serves three who want a new line ("family"): proposed to all three,
// accepted by two; one more who wants a new line leaves before being
// called and counts for nothing.
func TestRebonds(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	shop := queuetest.New(t, time.Date(2026, 3, 24, 9, 0, 0, 0, time.UTC), time.Minute)
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "expert", Counter: "c3"})
	shop.Apply("counter-2", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	serve := func(staff, counter, reason string, answers map[string]string, rule string, proposed, accepted bool) {
		id := shop.IssueBody(queue.IssueBody{Reason: reason, Answers: answers})
		shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
		shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: staff})
		shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: staff, Outcome: "resolved",
			Rebond: rule, RebondProposed: proposed, RebondAccepted: accepted})
	}
	box := map[string]string{"device": "box", "problem": "network"}
	line := map[string]string{"what": "new_line"}
	serve("expert", "c3", "expert", box, "fibre", true, true)
	serve("expert", "c3", "expert", box, "fibre", true, false)
	serve("expert", "c3", "expert", box, "fibre", true, false)
	serve("expert", "c3", "expert", box, "fibre", true, false)
	serve("expert", "c3", "expert", box, "fibre", false, false)
	serve("expert", "c3", "expert", box, "", false, false)
	serve("expert", "c3", "expert", map[string]string{"device": "phone", "problem": "network"}, "", false, false)
	serve("conseil", "c1", "purchase", line, "family", true, true)
	serve("conseil", "c1", "purchase", line, "family", true, true)
	serve("conseil", "c1", "purchase", line, "family", true, false)
	gone := shop.IssueBody(queue.IssueBody{Reason: "purchase", Answers: line})
	shop.Apply("counter-1", queue.TicketCancelled, queue.CancelBody{Ticket: gone, Staff: "conseil", WalkOut: true})
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}

	r, err := report.Compute(ctx, db, &shop.St.Config, report.Range{From: "2026-03-24", To: "2026-03-24"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		got  *report.Rebond
		want report.Rebond
	}{
		{"RuleFibre", r.Rebonds["fibre"], report.Rebond{Matched: 6, Proposed: 4, Accepted: 1}},
		{"RuleFamily", r.Rebonds["family"], report.Rebond{Matched: 3, Proposed: 3, Accepted: 2}},
		{"StaffExpert", &r.Staff["expert"].Rebond, report.Rebond{Matched: 6, Proposed: 4, Accepted: 1}},
		{"StaffConseil", &r.Staff["conseil"].Rebond, report.Rebond{Matched: 3, Proposed: 3, Accepted: 2}},
		{"Total", &r.Total.Rebond, report.Rebond{Matched: 9, Proposed: 7, Accepted: 3}},
		{"ReasonExpert", &r.Reasons["expert"].Rebond, report.Rebond{Matched: 6, Proposed: 4, Accepted: 1}},
	} {
		if tc.got == nil || *tc.got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	if f := r.Rebonds["fibre"]; f.ProposedShare() != 4.0/6 || f.AcceptedShare() != 0.25 {
		t.Errorf("fibre: proposed %v, accepted %v; want 4/6 and 1/4", f.ProposedShare(), f.AcceptedShare())
	}
	if len(r.Rebonds) != 2 {
		t.Errorf("rules %v, want fibre and family", r.Rebonds)
	}
}

// TestIncidentVisits: during an outage, three visitors come about it: two
// wait (one served, one leaves before being called) and one leaves
// informed, which is no walk-out; a fourth comes for something else.
func TestIncidentVisits(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	at := time.Date(2026, 3, 24, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, at, time.Minute)
	shop.Apply("hub", queue.IncidentDeclared, queue.Incident{ID: "inc1", Area: "Lyon 3e", Service: queue.ServiceMobile, Reason: "expert",
		Staff: "manager", Message: queue.Text{"fr": "Antenne en panne", "en": "Mast down"}, Start: at})
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "expert", Counter: "c3"})
	served := shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1"})
	left := shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1"})
	shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1", Informed: true})
	shop.Issue("purchase")
	shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: served, Counter: "c3", Staff: "expert"})
	shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: served, Staff: "expert"})
	shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: served, Staff: "expert", Outcome: "resolved"})
	shop.Apply("counter-1", queue.TicketCancelled, queue.CancelBody{Ticket: left, Staff: "expert", WalkOut: true})
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	r, err := report.Compute(ctx, db, &shop.St.Config, report.Range{From: "2026-03-24", To: "2026-03-24"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Incidents["inc1"], (report.IncidentVisits{Visits: 3, Informed: 1}); got == nil || *got != want || len(r.Incidents) != 1 {
		t.Errorf("incidents %v, want inc1: %+v", r.Incidents, want)
	}
	if r.Total.Arrivals != 4 || r.Total.WalkOuts != 1 || r.Total.Served != 1 {
		t.Errorf("total: %d arrivals, %d walk-outs, %d served; want 4, 1, 1", r.Total.Arrivals, r.Total.WalkOuts, r.Total.Served)
	}
	if got, want := report.IncidentsLive(shop.St)["inc1"], (report.IncidentVisits{Visits: 3, Informed: 1}); got != want {
		t.Errorf("live: %+v, want %+v", got, want)
	}
	if f := report.LiveFloor(shop.St, shop.At); f.WalkOuts != 1 {
		t.Errorf("floor: %d walk-outs in the last hour, want 1", f.WalkOuts)
	}
}
