package main

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// shown returns the texts of the visible labels under o.
func shown(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// shows reports whether a visible text under o contains s.
func shows(o fyne.CanvasObject, s string) bool {
	return slices.ContainsFunc(shown(o), func(x string) bool { return strings.Contains(x, s) })
}

// The full life of a ticket: issued at the kiosk with answers, re-routed
// by the orienteur, called by the expert, transferred, finished by a
// conseiller; the notes and answers are on screen at each step, and the
// customer's earlier visit too.
func TestTicketLife(t *testing.T) {
	s := startShop(t)
	kiosk, _ := s.device("kiosk-1")
	door := s.tablet("counter-2")
	expert := s.tablet("counter-3")
	desk := s.tablet("counter-1")
	door.login("orient", "", "1234")
	expert.login("expert", "c3", "1234")
	desk.login("conseil", "c1", "1234")

	// An earlier visit of the same customer, closed with a note.
	old := issue(t, kiosk, queue.IssueBody{Reason: "purchase", Customer: "C42"})
	desk.until("the earlier visit", func() bool { return desk.C.View().Tickets[old.ID] != nil })
	if cur := desk.callNext(); cur == nil || cur.ID != old.ID {
		t.Fatalf("called %+v (%s)", cur, desk.message())
	}
	desk.tap(desk.UI.Desk.Start)
	test.Type(desk.UI.Desk.NoteEntry, "bought a box last month")
	desk.UI.Desk.Outcome.Choose("sale")
	desk.tap(desk.UI.Desk.Finish)

	// Kiosk: a box that will not sync, filed under "buy" by mistake.
	tk := issue(t, kiosk, queue.IssueBody{Reason: "purchase", Customer: "C42", Answers: map[string]string{"what": "box"}})

	// Orienteur: re-route to the expert, with a note.
	o := door.UI.Orient
	door.until("the kiosk's ticket at the door", func() bool { door.UI.render(); return o.Pick[tk.ID] != nil })
	door.tap(o.Pick[tk.ID])
	if !shows(o.root, "Une box internet") {
		t.Fatalf("the orienteur does not see the answer: %q", shown(o.root))
	}
	test.Type(o.NoteEntry, "box light red since Monday")
	door.tap(o.AddNote)
	o.RerouteReason.Choose("expert")
	door.tap(o.Reroute)
	if door.T.Message().Err != nil {
		t.Fatal(door.message())
	}

	// Expert: call next gets it, with the answer, the note and the earlier visit.
	expert.until("the re-routed ticket", func() bool {
		x := expert.C.View().Tickets[tk.ID]
		return x != nil && x.Reason == "expert" && len(x.Notes) == 1
	})
	if cur := expert.callNext(); cur == nil || cur.ID != tk.ID {
		t.Fatalf("the expert called %+v (%s)", cur, expert.message())
	}
	d := expert.UI.Desk
	for _, want := range []string{tk.Number, "Un expert pour m'aider", "Que souhaitez-vous ? Une box internet",
		"box light red since Monday", "Visites précédentes", old.Number, "bought a box last month"} {
		if !shows(d.root, want) {
			t.Errorf("the expert does not see %q: %q", want, shown(d.root))
		}
	}
	expert.tap(d.Start)
	test.Type(d.NoteEntry, "SIM damaged, not the box")
	d.TransferReason.Choose("sim")
	expert.tap(d.Transfer)
	if x := expert.C.View().Tickets[tk.ID]; x.Reason != "sim" || x.Status != queue.Waiting || len(x.Notes) != 2 {
		t.Fatalf("after the transfer: %s %s, %d notes (%s)", x.Reason, x.Status, len(x.Notes), expert.message())
	}

	// Conseiller: calls it, sees both notes, finishes.
	desk.until("the transferred ticket", func() bool {
		x := desk.C.View().Tickets[tk.ID]
		return x != nil && x.Reason == "sim" && len(x.Notes) == 2
	})
	if cur := desk.callNext(); cur == nil || cur.ID != tk.ID {
		t.Fatalf("the conseiller called %+v (%s)", cur, desk.message())
	}
	for _, want := range []string{"box light red since Monday", "SIM damaged, not the box", "Changer ma carte SIM"} {
		if !shows(desk.UI.Desk.root, want) {
			t.Errorf("the conseiller does not see %q", want)
		}
	}
	desk.tap(desk.UI.Desk.Start)
	desk.UI.Desk.Outcome.Choose("resolved")
	desk.tap(desk.UI.Desk.Finish)

	// The hub has the whole story.
	synctest.WaitFor(t, "the hub", func() bool {
		var x *queue.Ticket
		s.Read(t.Context(), func(st *queue.State) { x = st.Tickets[tk.ID] })
		return x != nil && x.Status == queue.Done
	})
	var x *queue.Ticket
	s.Read(t.Context(), func(st *queue.State) { x = st.Tickets[tk.ID] })
	var steps []string
	for _, h := range x.History {
		steps = append(steps, h.Event+"/"+h.Reason)
	}
	want := []string{"ticket.issued/purchase", "ticket.transferred/expert", "ticket.called/expert", "ticket.started/expert",
		"ticket.transferred/sim", "ticket.called/sim", "ticket.started/sim", "ticket.finished/sim"}
	if !slices.Equal(steps, want) || len(x.Notes) != 2 || x.Outcome != "resolved" || x.Answers["what"] != "box" {
		t.Fatalf("hub ticket: steps %v, notes %+v, outcome %q", steps, x.Notes, x.Outcome)
	}
}
