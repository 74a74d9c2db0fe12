package main

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/eta"
	"accueil/internal/queue"
)

// dueWithin is how far ahead the orienteur sees appointments coming.
const dueWithin = 30 * time.Minute

// DoorView is what the orienteur's screen shows: the whole store at a
// glance, and the forms to act at the door.
type DoorView struct {
	Alerts       []detractorAlert
	Queues       []QueueView
	Appointments []string
	Staff        []string
	Reasons      []Choice // for a new ticket and for re-routing
	Questions    []QuestionView
	Priorities   []Choice
	Outcomes     []Choice
	Selected     *SelectedView // nil: no waiting ticket selected
}

// QueueView is one reason's queue.
type QueueView struct {
	Head    string // how many, the longest wait, the wait to announce, the SLA
	Late    bool
	Tickets []Pick
}

// Pick is a waiting ticket, a button that selects it.
type Pick struct {
	ID, Label      string
	Selected, Late bool
}

// QuestionView is a question of the reason chosen for a new ticket.
type QuestionView struct {
	ID, Text string
	Options  []Choice
}

// SelectedView is the ticket the orienteur acts on.
type SelectedView struct {
	Title string
	Info  []string
}

// DoorScreen returns what the orienteur's screen shows.
func (t *Tablet) DoorScreen() DoorView {
	v, lng, now := t.view(), t.lang, t.now()
	cfg := &v.Config
	d := DoorView{Alerts: t.alerts(v), Reasons: reasonChoices(cfg, lng)}
	for _, p := range queue.StaffPriorities() {
		label := priorityName(p)
		if p == queue.PriorityNormal {
			label = lang.L("counter.priority.normal")
		}
		d.Priorities = append(d.Priorities, Choice{string(p), label})
	}
	for _, o := range cfg.Outcomes {
		d.Outcomes = append(d.Outcomes, Choice{o, outcomeName(o)})
	}
	if r := cfg.Reason(t.Door.Reason); r != nil {
		for _, q := range r.Questions {
			qv := QuestionView{ID: q.ID, Text: q.Text.In(lng)}
			for _, o := range q.Options {
				qv.Options = append(qv.Options, Choice{o.ID, o.Label.In(lng)})
			}
			d.Questions = append(d.Questions, qv)
		}
	}
	d.Queues = t.queues(v, now)
	for _, a := range v.AppointmentsDue(now, dueWithin) {
		line := a.At.In(cfg.Location()).Format("15:04") + "  " + a.Name + "  · " + reasonName(cfg, a.Reason, lng)
		if a.Staff != "" {
			line += " · " + staffName(cfg, a.Staff)
		}
		if tk := v.Tickets[a.Ticket]; tk != nil {
			line += " · " + lang.L("counter.checked_in.short", map[string]any{"Number": tk.Number})
		} else {
			line += " · " + lang.L("counter.not_here")
		}
		d.Appointments = append(d.Appointments, line)
	}
	if len(d.Appointments) == 0 {
		d.Appointments = []string{lang.L("counter.appointments.none_soon")}
	}
	d.Staff = t.staffLines(v)
	if sel := t.selected(v); sel != nil {
		s := &SelectedView{Title: sel.Number + " · " + reasonName(cfg, sel.Reason, lng)}
		info := lang.L("counter.waited", map[string]any{"Wait": minutes(sel.Wait(now))})
		if p := priorityName(sel.Priority); p != "" {
			info += " · " + p
		}
		s.Info = append(s.Info, info)
		for _, a := range answerLines(cfg, sel, lng) {
			s.Info = append(s.Info, "• "+a)
		}
		for _, n := range sel.Notes {
			s.Info = append(s.Info, staffName(cfg, n.Staff)+" : "+n.Text)
		}
		d.Selected = s
	}
	return d
}

// queues is each reason's queue: how many wait, the longest wait, red past
// the reason's SLA, the wait to announce, and the tickets.
func (t *Tablet) queues(v *queue.State, now time.Time) []QueueView {
	cfg := &v.Config
	posted := eta.New(v, now, nil).Posted()
	var out []QueueView
	for _, r := range cfg.Reasons {
		ts := v.Waiting(r.Code, now)
		var q QueueView
		var longest time.Duration
		for i, w := range ts {
			longest = max(longest, w.Wait(now))
			late := cfg.Late(w, now)
			q.Late = q.Late || late
			if i >= maxRows {
				continue
			}
			label := w.Number + " " + minutes(w.Wait(now))
			if w.Priority != queue.PriorityNormal {
				label += " ★"
			}
			q.Tickets = append(q.Tickets, Pick{ID: w.ID, Label: label, Selected: w.ID == t.Door.Selected, Late: late})
		}
		q.Head = r.Prefix + " · " + r.Name.In(t.lang) + " — " + lang.N("counter.store.count", len(ts), map[string]any{"Count": len(ts)})
		if len(ts) > 0 {
			q.Head += " · " + lang.L("counter.store.longest", map[string]any{"Wait": minutes(longest)})
		}
		if w, ok := posted[r.Code]; ok {
			q.Head += " · " + lang.L("counter.store.posted", map[string]any{"Wait": waitRange(w)})
		}
		q.Head += " · " + lang.L("counter.store.sla", map[string]any{"Minutes": r.SLAMinutes})
		out = append(out, q)
	}
	return out
}

// staffLines says who is logged in, where, and whom they serve.
func (t *Tablet) staffLines(v *queue.State) []string {
	cfg := &v.Config
	ss := slices.Collect(maps.Values(v.Sessions))
	slices.SortFunc(ss, func(a, b *queue.Session) int { return strings.Compare(a.Counter+a.Staff, b.Counter+b.Staff) })
	var out []string
	for _, s := range ss {
		line := staffName(cfg, s.Staff) + " · " + counterName(cfg, s.Counter) + " · "
		switch cur := v.Current(s.Staff); {
		case s.Paused:
			line += lang.L("counter.paused") + " (" + lang.X("counter.pause."+s.Why, s.Why) + ")"
		case cur != nil:
			line += cur.Number + " " + reasonName(cfg, cur.Reason, t.lang) + " · " + lang.L("counter.status."+string(cur.Status))
		default:
			line += lang.L("counter.free")
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		out = []string{lang.L("counter.store.nobody")}
	}
	return out
}

// selected is the selected ticket while it still waits, or nil.
func (t *Tablet) selected(v *queue.State) *queue.Ticket {
	tk := v.Tickets[t.Door.Selected]
	if tk == nil || tk.Status != queue.Waiting {
		return nil
	}
	return tk
}

// Select selects waiting ticket id, to act on it.
func (t *Tablet) Select(id string) {
	t.Door.Selected = id
	t.changed()
}

// Create gives a ticket to a visitor greeted at the door, with the answers
// and priority chosen, and selects it.
func (t *Tablet) Create() {
	r := t.view().Config.Reason(t.Door.Reason)
	if r == nil {
		t.fail(refuse("counter.door.missing", queue.EINVALID, "no reason"))
		return
	}
	answers := map[string]string{}
	for _, q := range r.Questions {
		if a := t.Door.Answers[q.ID]; a != "" {
			answers[q.ID] = a
		}
	}
	body, name := queue.IssueBody{Reason: r.Code, Answers: answers, Priority: queue.Priority(t.Door.Priority)}, r.Name.In(t.lang)
	var tk queue.Ticket
	t.act(func(ctx context.Context, b Backend) (err error) {
		tk, err = b.Issue(ctx, body, false)
		return err
	}, func() string {
		t.Door.Reason, t.Door.Answers, t.Door.Priority, t.Door.Selected = "", nil, "", tk.ID
		return lang.L("counter.door.created", map[string]any{"Number": tk.Number, "Reason": name})
	})
}

// onSelected submits an event about the selected ticket, made by body;
// done clears what the form had for it and returns ok's key.
func (t *Tablet) onSelected(typ string, body func(id string) any, done func() string) {
	sel := t.selected(t.view())
	if sel == nil {
		t.fail(refuse("counter.select.missing", queue.EINVALID, "no ticket selected"))
		return
	}
	t.submit(typ, body(sel.ID), func() string {
		return lang.L(done(), map[string]any{"Number": sel.Number})
	})
}

// Reroute moves the selected ticket to the reason chosen.
func (t *Tablet) Reroute() {
	reason := t.Door.Reroute
	if reason == "" {
		t.fail(refuse("counter.transfer.missing", queue.EINVALID, "no reason"))
		return
	}
	t.onSelected(queue.TicketTransferred, func(id string) any {
		return queue.TransferBody{Ticket: id, Staff: t.staff, Reason: reason}
	}, func() string { t.Door.Reroute = ""; return "counter.reroute.done" })
}

// SetPriority gives the selected ticket the priority chosen, for the
// reason typed.
func (t *Tablet) SetPriority() {
	p, why := queue.Priority(t.Door.NewPriority), strings.TrimSpace(t.Door.Why)
	if p == "" || why == "" {
		t.fail(refuse("counter.priority.missing", queue.EINVALID, "priority without reason"))
		return
	}
	t.onSelected(queue.PriorityChanged, func(id string) any {
		return queue.PriorityBody{Ticket: id, Staff: t.staff, Priority: p, Why: why}
	}, func() string { t.Door.NewPriority, t.Door.Why = "", ""; return "counter.priority.done" })
}

// AddDoorNote adds the note typed to the selected ticket.
func (t *Tablet) AddDoorNote() {
	note := strings.TrimSpace(t.Door.Note)
	if note == "" {
		t.fail(refuse("counter.note.empty", queue.EINVALID, "empty note"))
		return
	}
	t.onSelected(queue.NoteAdded, func(id string) any {
		return queue.NoteBody{Ticket: id, Staff: t.staff, Text: note}
	}, func() string { t.Door.Note = ""; return "counter.note.done" })
}

// Cancel records that the selected visitor left without being served.
func (t *Tablet) Cancel() {
	t.onSelected(queue.TicketCancelled, func(id string) any {
		return queue.CancelBody{Ticket: id, Staff: t.staff, WalkOut: true}
	}, func() string { return "counter.cancel.done" })
}

// ServeAtDoor closes the selected visit, served on the spot, with the
// outcome chosen.
func (t *Tablet) ServeAtDoor() {
	outcome := t.Door.Outcome
	if outcome == "" {
		t.fail(refuse("counter.outcome.missing", queue.EINVALID, "no outcome"))
		return
	}
	t.onSelected(queue.ServiceFinished, func(id string) any {
		return queue.FinishBody{Ticket: id, Staff: t.staff, Outcome: outcome, OnSpot: true}
	}, func() string { t.Door.Outcome = ""; return "counter.serve_at_door.done" })
}
