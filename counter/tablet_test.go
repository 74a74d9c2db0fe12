package main

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/queue"
)

// TestTabletDesk drives the view-model alone, as the desk's widgets do:
// what it offers (call next, the call buttons, recall, finish) follows
// the domain's rules, and each action says how it went on the message
// line.
func TestTabletDesk(t *testing.T) {
	s := startShop(t)
	kiosk, _ := s.device("kiosk-1")
	sim := issue(t, kiosk, queue.IssueBody{Reason: "sim"})
	ex := issue(t, kiosk, queue.IssueBody{Reason: "expert"})
	tb := s.tablet("counter-1")
	m := tb.T
	tb.until("the tickets", func() bool { return m.view().Tickets[ex.ID] != nil })

	m.Login = LoginForm{Staff: "conseil", PIN: "1234", Counter: "c1", Chosen: true}
	m.SubmitLogin()
	if m.Login.PIN != "" {
		t.Error("the PIN stays in the form while the hub checks it")
	}
	tb.settle()
	if m.Mode() != ModeDesk || m.Message().Err != nil {
		t.Fatalf("mode %s, %q", m.Mode(), m.Message().Text)
	}

	d := m.DeskScreen()
	if !d.CanCallNext || d.Ticket != nil {
		t.Fatalf("free at the desk: call next %v, ticket %+v", d.CanCallNext, d.Ticket)
	}
	var calls []string
	for _, r := range d.Waiting {
		if r.Action != "" {
			calls = append(calls, r.ID)
		}
	}
	if len(calls) != 1 || calls[0] != sim.ID {
		t.Fatalf("call buttons for %v, want %s's only: a conseiller does not serve experts", calls, sim.Number)
	}

	m.CallTicket(ex.ID)
	if queue.ErrorCode(m.Message().Err) != queue.EFORBIDDEN || m.Busy() != 0 {
		t.Fatalf("a direct call of %s: %q", ex.Number, m.Message().Text)
	}
	m.CallTicket(sim.ID)
	tb.settle()
	d = m.DeskScreen()
	if d.Ticket == nil || d.Ticket.ID != sim.ID || !d.Ticket.Called || d.CanCallNext {
		t.Fatalf("after the call: %+v, call next %v", d.Ticket, d.CanCallNext)
	}
	if want := lang.L("counter.called", map[string]any{"Number": sim.Number}); m.Message().Text != want {
		t.Errorf("message %q, want %q", m.Message().Text, want)
	}
	for range m.view().Config.RecallLimit {
		m.Recall()
		tb.settle()
	}
	if d = m.DeskScreen(); d.Ticket.CanRecall || d.Ticket.Recall != lang.L("counter.recall.limit") {
		t.Fatalf("recalled to the limit: %q, can recall %v", d.Ticket.Recall, d.Ticket.CanRecall)
	}

	m.Start()
	tb.settle()
	for _, step := range []struct {
		name string
		form DeskForm
		ok   bool
	}{
		{"NoOutcome", DeskForm{}, false},
		{"SIMWithoutCheck", DeskForm{Outcome: queue.OutcomeSIMReplaced}, false},
		{"SIMNameNotChecked", DeskForm{Outcome: queue.OutcomeSIMReplaced, IDDocument: "passport"}, false},
		{"SIMChecked", DeskForm{Outcome: queue.OutcomeSIMReplaced, IDDocument: "passport", NameMatches: true}, true},
		{"Sale", DeskForm{Outcome: "sale"}, true},
	} {
		m.Desk = step.form
		if d := m.DeskScreen(); d.CanFinish != step.ok || d.IDCheck != (step.form.Outcome == queue.OutcomeSIMReplaced) {
			t.Errorf("%s: finish offered %v, identity check asked %v", step.name, d.CanFinish, d.IDCheck)
		}
	}

	m.Logout()
	tb.settle()
	want := lang.L("counter.logout.busy", map[string]any{"Number": sim.Number})
	if m.Mode() != ModeDesk || queue.ErrorCode(m.Message().Err) != queue.ECONFLICT || m.Message().Text != want {
		t.Fatalf("logout while serving: mode %s, %q, want %q", m.Mode(), m.Message().Text, want)
	}

	m.Desk.Note = "  "
	m.AddNote()
	if m.Message().Text != lang.L("counter.note.empty") || m.Busy() != 0 {
		t.Fatalf("an empty note: %q", m.Message().Text)
	}
	m.Desk = DeskForm{Outcome: "sale", Note: "wants a case too"}
	m.Finish()
	tb.settle()
	x := m.view().Tickets[sim.ID]
	if x.Status != queue.Done || len(x.Notes) != 1 || m.Desk != (DeskForm{}) {
		t.Fatalf("finished: %s, notes %+v, form left %+v", x.Status, x.Notes, m.Desk)
	}
	m.Logout()
	tb.settle()
	if m.Mode() != ModeLogin || m.Message().Text != lang.L("counter.logout.done") {
		t.Fatalf("logout: mode %s, %q", m.Mode(), m.Message().Text)
	}
}
