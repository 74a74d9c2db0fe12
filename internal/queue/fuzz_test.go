package queue_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"accueil/internal/queue"
)

// fuzzState returns a store with a ticket in each status, a checked-in
// appointment, a booked pickup and two sessions.
func fuzzState(t testing.TB) (*queue.State, map[queue.Status]*queue.Ticket) {
	t.Helper()
	s := newState(t)
	tickets := map[queue.Status]*queue.Ticket{}
	for i, st := range allStatuses {
		tickets[st] = ticketIn(t, s, st, t0.Add(mins(i)))
	}
	checkIn(t, s, "RDV1", "expert", t0.Add(mins(30)), t0.Add(mins(25)))
	mustApply(t, s, hub, queue.AppointmentBooked, t0,
		queue.Appointment{Code: "WEB1", Kind: "pickup", Reason: "pickup", At: t0.Add(time.Hour)})
	login(t, s, "conseil", "c1")
	login(t, s, "expert", "c3")
	mustApply(t, s, tablet, queue.StaffPaused, t0, queue.StaffBody{Staff: "expert", Why: "café"})
	return s, tickets
}

// FuzzApply feeds any event type and body to Apply: it must not panic, it
// must fail with a domain code, never EINTERNAL, and a failed Apply must
// leave the state as it was.
func FuzzApply(f *testing.F) {
	base, tk := fuzzState(f)
	waiting, called, serving := tk[queue.Waiting].ID, tk[queue.Called].ID, tk[queue.Serving].ID
	seed := func(typ string, body any) {
		b, err := json.Marshal(body)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(typ, tablet, b)
	}
	next := issueBody(f, base.Clone(), "purchase", t0)
	seed(queue.TicketIssued, next)
	seed(queue.TicketIssued, queue.IssueBody{Ticket: "t-x", Number: "A001", Day: day, Reason: "purchase", Token: "x"})
	seed(queue.AppointmentCheckIn, queue.IssueBody{Ticket: "t-w", Number: "W001", Day: day, Reason: "pickup", Token: "x", Appointment: "WEB1"})
	seed(queue.TicketCalled, queue.CallBody{Ticket: waiting, Counter: "c1", Staff: "conseil"})
	seed(queue.TicketRecalled, queue.TicketBody{Ticket: called})
	seed(queue.TicketRequeued, queue.TicketBody{Ticket: called})
	seed(queue.ServiceStarted, queue.TicketBody{Ticket: called})
	seed(queue.TicketNoShow, queue.TicketBody{Ticket: called})
	seed(queue.ServiceFinished, queue.FinishBody{Ticket: serving, Outcome: "sale"})
	seed(queue.ServiceFinished, queue.FinishBody{Ticket: waiting, Outcome: "resolved", OnSpot: true})
	seed(queue.TicketTransferred, queue.TransferBody{Ticket: serving, Reason: "expert", ForStaff: "expert"})
	seed(queue.TicketCancelled, queue.CancelBody{Ticket: waiting, WalkOut: true})
	seed(queue.NoteAdded, queue.NoteBody{Ticket: tk[queue.Done].ID, Text: "merci"})
	seed(queue.PriorityChanged, queue.PriorityBody{Ticket: waiting, Priority: queue.PriorityAccessibility, Why: "canne"})
	seed(queue.AppointmentBooked, queue.Appointment{Code: "RDV2", Kind: "appointment", Reason: "expert", At: t0})
	seed(queue.StaffLoggedIn, queue.StaffBody{Staff: "orient"})
	seed(queue.StaffLoggedOut, queue.StaffBody{Staff: "conseil"})
	seed(queue.StaffPaused, queue.StaffBody{Staff: "conseil", Why: "x"})
	seed(queue.StaffResumed, queue.StaffBody{Staff: "expert"})
	seed(queue.ConfigChanged, copyConfig())
	seed(queue.LeaseGranted, queue.Lease{Device: tablet, Day: day, Prefix: "A", First: 51, Last: 999})
	seed(queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "paper_out"})
	seed(queue.FeedbackGiven, queue.FeedbackBody{Ticket: tk[queue.Done].ID, Score: 4, Comment: "long"})
	f.Add("ticket.issued", tablet, []byte(`{"ticket":"t","number":"A 01","day":"2026-03-02","reason":"purchase","token":"x"}`))
	f.Add("ticket.called", "", []byte(`{}`))
	f.Add("nope", tablet, []byte(`null`))

	f.Fuzz(func(t *testing.T, typ, device string, body []byte) {
		s := base.Clone()
		before := snapshot(s)
		e := queue.Event{ID: "019c9f00-0000-7000-8000-fuzz", Seq: 100, Device: device, Type: typ, At: t0.Add(time.Hour), Body: body}
		err := s.Apply(e)
		if err == nil {
			if s.Seq != 100 {
				t.Fatalf("Seq = %d after a successful Apply", s.Seq)
			}
			for id, tk := range s.Tickets {
				if tk.ID != id || (!tk.Status.Open() && tk.Status != queue.Done && tk.Status != queue.NoShow && tk.Status != queue.Cancelled) {
					t.Fatalf("ticket %s in status %q", id, tk.Status)
				}
			}
			return
		}
		switch queue.ErrorCode(err) {
		case queue.EINTERNAL, "":
			t.Fatalf("Apply(%s) = %v: not a domain error", typ, err)
		}
		if !reflect.DeepEqual(before, s) {
			t.Fatalf("Apply(%s, %s) failed with %v but changed the state", typ, body, err)
		}
	})
}
