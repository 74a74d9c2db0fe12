package queue_test

import (
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// TestRebondFor: the first rule whose reason and answers all match is the
// visit's suggestion.
func TestRebondFor(t *testing.T) {
	cfg := queue.DefaultConfig()
	for _, tc := range []struct {
		name    string
		reason  string
		answers map[string]string
		want    string
	}{
		{"BoxWithoutNetwork", "expert", map[string]string{"device": "box", "problem": "network"}, "fibre"},
		{"PhoneWithoutNetwork", "expert", map[string]string{"device": "phone", "problem": "network"}, ""},
		{"OneAnswerOfTwo", "expert", map[string]string{"device": "box"}, ""},
		{"NewLine", "purchase", map[string]string{"what": "new_line"}, "family"},
		{"SameAnswersOtherReason", "sim", map[string]string{"what": "new_line"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if r := cfg.RebondFor(&queue.Ticket{Reason: tc.reason, Answers: tc.answers}); r != nil {
				got = r.ID
			}
			if got != tc.want {
				t.Errorf("suggestion %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRebondValidate: rules naming what the store does not ask are
// refused with a sentence saying which.
func TestRebondValidate(t *testing.T) {
	text := queue.Text{"fr": "Proposer", "en": "Propose"}
	for _, tc := range []struct {
		name string
		rule queue.Rebond
	}{
		{"NoID", queue.Rebond{Reason: "expert", Text: text}},
		{"Twice", queue.Rebond{ID: "fibre", Reason: "expert", Text: text}},
		{"UnknownReason", queue.Rebond{ID: "x", Reason: "cooking", Text: text}},
		{"UnknownQuestion", queue.Rebond{ID: "x", Reason: "expert", Answers: map[string]string{"colour": "red"}, Text: text}},
		{"UnknownAnswer", queue.Rebond{ID: "x", Reason: "expert", Answers: map[string]string{"device": "toaster"}, Text: text}},
		{"NoEnglish", queue.Rebond{ID: "x", Reason: "expert", Text: queue.Text{"fr": "Proposer"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := queue.DefaultConfig()
			cfg.Rebonds = append(cfg.Rebonds, tc.rule)
			if err := cfg.Validate(); queue.ErrorCode(err) != queue.EINVALID {
				t.Fatalf("%+v: %v, want code %q", tc.rule, err, queue.EINVALID)
			}
		})
	}
	cfg := queue.DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("default configuration: %v", err)
	}
}

// TestRebondFinish: finishing a service keeps what became of the
// suggestion the visit matched; a suggestion that does not apply, or
// accepted without being proposed, is refused.
func TestRebondFinish(t *testing.T) {
	box := map[string]string{"device": "box", "problem": "network"}
	for _, tc := range []struct {
		name    string
		answers map[string]string
		body    queue.FinishBody
		code    string
		want    *queue.RebondResult
	}{
		{"Accepted", box, queue.FinishBody{Rebond: "fibre", RebondProposed: true, RebondAccepted: true}, "",
			&queue.RebondResult{Rule: "fibre", Staff: "expert", Proposed: true, Accepted: true}},
		{"Declined", box, queue.FinishBody{Rebond: "fibre", RebondProposed: true}, "",
			&queue.RebondResult{Rule: "fibre", Staff: "expert", Proposed: true}},
		{"NotProposed", box, queue.FinishBody{Rebond: "fibre"}, "", &queue.RebondResult{Rule: "fibre", Staff: "expert"}},
		{"NotShown", box, queue.FinishBody{}, "", &queue.RebondResult{Rule: "fibre", Staff: "expert"}},
		{"NoRule", map[string]string{"device": "phone"}, queue.FinishBody{}, "", nil},
		{"AcceptedUnproposed", box, queue.FinishBody{Rebond: "fibre", RebondAccepted: true}, queue.EINVALID, nil},
		{"ProposedUnnamed", box, queue.FinishBody{RebondProposed: true}, queue.EINVALID, nil},
		{"OtherRule", box, queue.FinishBody{Rebond: "family", RebondProposed: true}, queue.EINVALID, nil},
		{"RuleWithoutMatch", map[string]string{"device": "phone"}, queue.FinishBody{Rebond: "fibre", RebondProposed: true}, queue.EINVALID, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop := queuetest.New(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Minute)
			shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "expert", Counter: "c3"})
			id := shop.IssueBody(queue.IssueBody{Reason: "expert", Answers: tc.answers})
			shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c3", Staff: "expert"})
			shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: "expert"})
			b := tc.body
			b.Ticket, b.Staff, b.Outcome = id, "expert", "resolved"
			err := shop.St.Apply(newEvent(t, "counter-1", queue.ServiceFinished, shop.At.Add(time.Minute), b))
			if queue.ErrorCode(err) != tc.code {
				t.Fatalf("finish %+v: %v, want code %q", tc.body, err, tc.code)
			}
			tk := shop.St.Tickets[id]
			switch {
			case tc.code != "" && (tk.Status != queue.Serving || tk.Rebond != nil):
				t.Errorf("refused, yet the ticket is %s with %+v", tk.Status, tk.Rebond)
			case tc.want == nil && tk.Rebond != nil:
				t.Errorf("kept %+v without a rule", tk.Rebond)
			case tc.want != nil && (tk.Rebond == nil || *tk.Rebond != *tc.want):
				t.Errorf("kept %+v, want %+v", tk.Rebond, tc.want)
			}
		})
	}
}
