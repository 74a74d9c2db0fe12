package queue_test

import (
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// TestSIMReplacedNeedsIDCheck: a SIM is replaced only after an identity
// document is checked and its name matches the line holder; the ticket
// keeps who checked, when, and the document type, nothing more.
func TestSIMReplacedNeedsIDCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		body queue.FinishBody
		code string
	}{
		{"NoCheck", queue.FinishBody{Outcome: queue.OutcomeSIMReplaced}, queue.EINVALID},
		{"UnknownDocument", queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, IDCheck: "library_card", NameMatches: true}, queue.EINVALID},
		{"NameDiffers", queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, IDCheck: "passport"}, queue.EINVALID},
		{"CheckWithoutSIM", queue.FinishBody{Outcome: "resolved", IDCheck: "passport", NameMatches: true}, queue.EINVALID},
		{"Checked", queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, IDCheck: "id_card", NameMatches: true}, ""},
		{"OtherOutcome", queue.FinishBody{Outcome: "resolved"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop := queuetest.New(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Minute)
			shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
			id := shop.Issue("sim")
			shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"})
			shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: "conseil"})
			b := tc.body
			b.Ticket, b.Staff = id, "conseil"
			at := shop.At.Add(time.Minute)
			err := shop.St.Apply(newEvent(t, "counter-1", queue.ServiceFinished, at, b))
			if queue.ErrorCode(err) != tc.code {
				t.Fatalf("finish %+v: %v, want code %q", tc.body, err, tc.code)
			}
			tk := shop.St.Tickets[id]
			switch {
			case tc.code != "" && tk.Status != queue.Serving:
				t.Errorf("refused, yet the ticket is %s", tk.Status)
			case tc.code == "" && tc.body.IDCheck != "" && *tk.IDCheck != (queue.IDCheck{Document: tc.body.IDCheck, Staff: "conseil", At: at}):
				t.Errorf("check kept as %+v", tk.IDCheck)
			case tc.code == "" && tc.body.IDCheck == "" && tk.IDCheck != nil:
				t.Errorf("a check kept without one: %+v", tk.IDCheck)
			}
		})
	}
}
