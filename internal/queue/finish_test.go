package queue_test

import (
	"testing"

	"accueil/internal/queue"
)

// TestCheckFinish: what the desk offers to finish is what Apply accepts.
func TestCheckFinish(t *testing.T) {
	cfg := defaultConfig()
	box := &queue.Ticket{Number: "E001", Reason: "expert", Answers: map[string]string{"device": "box", "problem": "network"}}
	sim := &queue.Ticket{Number: "S001", Reason: "sim"}
	for _, tc := range []struct {
		name string
		t    *queue.Ticket
		b    queue.FinishBody
		code string
	}{
		{"Sale", sim, queue.FinishBody{Outcome: "sale"}, ""},
		{"NoOutcome", sim, queue.FinishBody{}, queue.EINVALID},
		{"UnknownOutcome", sim, queue.FinishBody{Outcome: "magic"}, queue.EINVALID},
		{"SIMChecked", sim, queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, IDCheck: "passport", NameMatches: true}, ""},
		{"SIMWithoutDocument", sim, queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, NameMatches: true}, queue.EINVALID},
		{"SIMNameNotChecked", sim, queue.FinishBody{Outcome: queue.OutcomeSIMReplaced, IDCheck: "passport"}, queue.EINVALID},
		{"CheckWithoutSIM", sim, queue.FinishBody{Outcome: "sale", IDCheck: "passport"}, queue.EINVALID},
		{"RebondAccepted", box, queue.FinishBody{Outcome: "resolved", Rebond: "fibre", RebondProposed: true, RebondAccepted: true}, ""},
		{"RebondAcceptedNotProposed", box, queue.FinishBody{Outcome: "resolved", Rebond: "fibre", RebondAccepted: true}, queue.EINVALID},
		{"RebondOfAnotherVisit", sim, queue.FinishBody{Outcome: "sale", Rebond: "fibre", RebondProposed: true}, queue.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := cfg.CheckFinish(tc.t, tc.b); queue.ErrorCode(err) != tc.code {
				t.Errorf("%v, want code %q", err, tc.code)
			}
		})
	}
}

// TestCanRecall: a called visitor is announced again up to the store's
// limit.
func TestCanRecall(t *testing.T) {
	cfg := defaultConfig()
	for n := range cfg.RecallLimit + 2 {
		want := ""
		if n >= cfg.RecallLimit {
			want = queue.ELIMIT
		}
		if err := cfg.CanRecall(&queue.Ticket{Number: "A001", Recalls: n}); queue.ErrorCode(err) != want {
			t.Errorf("after %d recalls: %v, want code %q", n, err, want)
		}
	}
}
