package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

func TestOrienteur(t *testing.T) {
	s := startShop(t)
	tb := s.tablet("counter-2")
	tb.login("orient", "", "1234")
	if tb.T.Mode() != ModeOrienteur {
		t.Fatalf("mode %s (%s)", tb.T.Mode(), tb.message())
	}
	o := tb.UI.Orient
	var id string

	t.Run("CreateTicket", func(t *testing.T) {
		tb.tap(o.Create)
		if tb.code() != queue.EINVALID {
			t.Fatalf("created without a reason: %q", tb.message())
		}
		o.NewReason.Choose("expert")
		if len(o.NewAnswers) != 2 {
			t.Fatalf("questions %d, want the expert's two", len(o.NewAnswers))
		}
		o.NewAnswers["device"].Choose("box")
		o.NewAnswers["problem"].Choose("network")
		tb.tap(o.Create)
		if tb.T.Message().Err != nil {
			t.Fatal(tb.message())
		}
		id = tb.T.Door.Selected
		tk := tb.C.View().Tickets[id]
		if tk == nil || tk.Reason != "expert" || tk.Answers["device"] != "box" || tk.Answers["problem"] != "network" || tk.Number != "E001" {
			t.Fatalf("ticket %+v", tk)
		}
		if o.Pick[id] == nil {
			t.Fatal("the new ticket is not in the queues")
		}
	})
	t.Run("Reroute", func(t *testing.T) {
		o.RerouteReason.Choose("purchase")
		tb.tap(o.Reroute)
		if tk := tb.C.View().Tickets[id]; tk.Reason != "purchase" || tk.Status != queue.Waiting {
			t.Fatalf("ticket %s %s (%s)", tk.Reason, tk.Status, tb.message())
		}
		// The orienteur serves purchases: the queue says what wait to announce.
		if posted := strings.TrimSpace(lang.L("counter.store.posted", map[string]any{"Wait": ""})); !shows(o.queueBox, posted) {
			t.Errorf("the queues do not show the posted wait %q: %q", posted, shown(o.queueBox))
		}
	})
	t.Run("Priority", func(t *testing.T) {
		o.Priority.Choose(string(queue.PriorityAccessibility))
		tb.tap(o.SetPriority)
		if tb.code() != queue.EINVALID {
			t.Fatal("priority changed without a reason")
		}
		test.Type(o.Why, "wheelchair")
		tb.tap(o.SetPriority)
		if p := tb.C.View().Tickets[id].Priority; p != queue.PriorityAccessibility {
			t.Fatalf("priority %s (%s)", p, tb.message())
		}
	})
	t.Run("Note", func(t *testing.T) {
		test.Type(o.NoteEntry, "box shows a red light")
		tb.tap(o.AddNote)
		if ns := tb.C.View().Tickets[id].Notes; len(ns) != 1 || ns[0].Text != "box shows a red light" || ns[0].Staff != "orient" {
			t.Fatalf("notes %+v", ns)
		}
	})
	t.Run("CancelWalkOut", func(t *testing.T) {
		tb.tap(o.Cancel)
		if tk := tb.C.View().Tickets[id]; tk.Status != queue.Cancelled || tk.Outcome != "walk_out" {
			t.Fatalf("ticket %s %q", tk.Status, tk.Outcome)
		}
		if tb.T.Door.Selected != "" || o.Pick[id] != nil {
			t.Fatal("a cancelled ticket stays selected or listed")
		}
	})
	t.Run("ServeAtDoor", func(t *testing.T) {
		o.NewReason.Choose("other")
		tb.tap(o.Create)
		id := tb.T.Door.Selected
		tb.tap(o.ServeAtDoor)
		if tb.code() != queue.EINVALID {
			t.Fatal("served without an outcome")
		}
		o.DoorOutcome.Choose("resolved")
		tb.tap(o.ServeAtDoor)
		tk := tb.C.View().Tickets[id]
		if tk.Status != queue.Done || tk.Outcome != "resolved" || tk.Staff != "orient" {
			t.Fatalf("ticket %s %q by %q (%s)", tk.Status, tk.Outcome, tk.Staff, tb.message())
		}
	})
	t.Run("SelectFromQueue", func(t *testing.T) {
		o.NewReason.Choose("sim")
		tb.tap(o.Create)
		id := tb.T.Door.Selected
		tb.T.Select("")
		tb.tap(o.Pick[id])
		if tb.T.Door.Selected != id || o.actions.Hidden {
			t.Fatal("tapping a ticket does not select it")
		}
	})
	t.Run("ReachesTheHub", func(t *testing.T) {
		synctest.WaitFor(t, "the orienteur's events at the hub", func() bool { return tb.C.Pending() == 0 })
		var done int
		s.Read(t.Context(), func(st *queue.State) {
			for _, tk := range st.Tickets {
				if tk.Status == queue.Done || tk.Status == queue.Cancelled {
					done++
				}
			}
		})
		if done != 2 {
			t.Fatalf("hub has %d closed tickets, want 2", done)
		}
	})
}
