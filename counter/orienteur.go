package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/eta"
	"accueil/internal/queue"
)

// dueWithin is how far ahead the orienteur sees appointments coming.
const dueWithin = 30 * time.Minute

// orienteurScreen is the whole store at a glance for the staff member at
// the door: unhappy visitors to catch before they leave, who waits for
// what and for how long, appointments coming, who serves whom; and what
// they do there: give a ticket to someone
// greeted at the door, re-route, mark a priority, write a note, record a
// walk-out, or serve on the spot.
type orienteurScreen struct {
	u *UI

	selected string // ticket id acted on
	why      string // typed reason of a priority
	note     string // typed note

	// Create a ticket.
	NewReason   *selectOf
	NewAnswers  map[string]*selectOf // by question id
	NewPriority *selectOf
	Create      *widget.Button

	// Act on the selected ticket.
	Pick          map[string]*widget.Button // by ticket id
	RerouteReason *selectOf
	Reroute       *widget.Button
	Priority      *selectOf
	Why           *widget.Entry
	SetPriority   *widget.Button
	NoteEntry     *widget.Entry
	AddNote       *widget.Button
	Cancel        *widget.Button
	DoorOutcome   *selectOf
	ServeAtDoor   *widget.Button

	Dismiss map[string]*widget.Button // alerts of unhappy visitors, by ticket id

	unhappy *fyne.Container

	questions *fyne.Container
	queues    *fyne.Container
	appts     *fyne.Container
	staff     *fyne.Container
	selTitle  *canvas.Text
	selInfo   *fyne.Container
	actions   *fyne.Container
	root      fyne.CanvasObject
}

func newOrienteurScreen(u *UI) *orienteurScreen {
	o := &orienteurScreen{u: u, NewAnswers: map[string]*selectOf{}, Pick: map[string]*widget.Button{}, Dismiss: map[string]*widget.Button{}}
	o.NewReason = newSelect(lang.L("counter.door.reason"), func(string) { o.u.refresh() })
	o.NewPriority = newSelect(lang.L("counter.priority"), nil)
	o.Create = primary(widget.NewButton(lang.L("counter.door.create"), o.create))
	o.RerouteReason = newSelect(lang.L("counter.reroute.reason"), nil)
	o.Reroute = widget.NewButton(lang.L("counter.reroute"), o.reroute)
	o.Priority = newSelect(lang.L("counter.priority"), nil)
	o.Why = widget.NewEntry()
	o.Why.SetPlaceHolder(lang.L("counter.priority.why"))
	o.Why.OnChanged = func(s string) { o.why = s }
	o.SetPriority = widget.NewButton(lang.L("counter.priority.set"), o.setPriority)
	o.NoteEntry = widget.NewEntry()
	o.NoteEntry.SetPlaceHolder(lang.L("counter.note.hint"))
	o.NoteEntry.OnChanged = func(s string) { o.note = s }
	o.AddNote = widget.NewButton(lang.L("counter.note.add"), o.addNote)
	o.Cancel = widget.NewButton(lang.L("counter.cancel"), o.cancel)
	o.DoorOutcome = newSelect(lang.L("counter.outcome"), nil)
	o.ServeAtDoor = primary(widget.NewButton(lang.L("counter.serve_at_door"), o.serveAtDoor))

	o.unhappy = container.NewVBox()
	o.questions = container.NewVBox()
	o.queues = container.NewVBox()
	o.appts = container.NewVBox()
	o.staff = container.NewVBox()
	o.selTitle = text("", navy, 26, true)
	o.selInfo = container.NewVBox()
	o.actions = container.NewVBox(
		o.selInfo,
		container.NewBorder(nil, nil, nil, o.Reroute, o.RerouteReason),
		container.NewGridWithColumns(2, o.Priority, o.Why), o.SetPriority,
		container.NewBorder(nil, nil, nil, o.AddNote, o.NoteEntry),
		container.NewBorder(nil, nil, nil, o.ServeAtDoor, o.DoorOutcome),
		o.Cancel,
	)
	left := container.NewVBox(
		o.unhappy,
		heading(lang.L("counter.store.waiting")), o.queues,
		heading(lang.L("counter.store.appointments")), o.appts,
		heading(lang.L("counter.store.staff")), o.staff,
	)
	right := container.NewVBox(
		card(heading(lang.L("counter.door.title")), o.NewReason, o.questions, o.NewPriority, o.Create),
		card(o.selTitle, o.actions),
	)
	o.root = container.NewPadded(panes(0.55, left, right))
	return o
}

// ticket is the selected ticket while it still waits, or nil.
func (o *orienteurScreen) ticket() *queue.Ticket {
	t := o.u.S.View().Tickets[o.selected]
	if t == nil || t.Status != queue.Waiting {
		return nil
	}
	return t
}

func (o *orienteurScreen) create() {
	v := o.u.S.View()
	r := v.Config.Reason(o.NewReason.ID())
	if r == nil {
		o.u.Message, o.u.Err = lang.L("counter.door.missing"), queue.Errorf(queue.EINVALID, "no reason")
		o.u.refresh()
		return
	}
	answers := map[string]string{}
	for _, q := range r.Questions {
		if s := o.NewAnswers[q.ID]; s != nil && s.ID() != "" {
			answers[q.ID] = s.ID()
		}
	}
	b := queue.IssueBody{Reason: r.Code, Answers: answers, Priority: queue.Priority(o.NewPriority.ID())}
	var t queue.Ticket
	if !o.u.act("", func(ctx context.Context) (err error) {
		t, err = o.u.S.Issue(ctx, b, false)
		return err
	}) {
		return
	}
	o.NewReason.ClearSelected()
	o.NewPriority.ClearSelected()
	o.selected = t.ID
	o.u.say(lang.L("counter.door.created", map[string]any{"Number": t.Number, "Reason": r.Name.In(o.u.S.Lang)}))
}

// on runs an action on the selected ticket and says ok.
func (o *orienteurScreen) on(ok string, fn func(ctx context.Context, t *queue.Ticket) error) bool {
	t := o.ticket()
	if t == nil {
		o.u.Message, o.u.Err = lang.L("counter.select.missing"), queue.Errorf(queue.EINVALID, "no ticket selected")
		o.u.refresh()
		return false
	}
	return o.u.act(lang.L(ok, map[string]any{"Number": t.Number}), func(ctx context.Context) error { return fn(ctx, t) })
}

func (o *orienteurScreen) reroute() {
	reason := o.RerouteReason.ID()
	if reason == "" {
		o.u.Message, o.u.Err = lang.L("counter.transfer.missing"), queue.Errorf(queue.EINVALID, "no reason")
		o.u.refresh()
		return
	}
	if o.on("counter.reroute.done", func(ctx context.Context, t *queue.Ticket) error {
		return o.u.S.Submit(ctx, queue.TicketTransferred, queue.TransferBody{Ticket: t.ID, Staff: o.u.S.Staff, Reason: reason})
	}) {
		o.RerouteReason.ClearSelected()
	}
}

func (o *orienteurScreen) setPriority() {
	p, why := queue.Priority(o.Priority.ID()), strings.TrimSpace(o.why)
	if p == "" || why == "" {
		o.u.Message, o.u.Err = lang.L("counter.priority.missing"), queue.Errorf(queue.EINVALID, "priority without reason")
		o.u.refresh()
		return
	}
	if o.on("counter.priority.done", func(ctx context.Context, t *queue.Ticket) error {
		return o.u.S.Submit(ctx, queue.PriorityChanged, queue.PriorityBody{Ticket: t.ID, Staff: o.u.S.Staff, Priority: p, Why: why})
	}) {
		o.Why.SetText("")
		o.Priority.ClearSelected()
	}
}

func (o *orienteurScreen) addNote() {
	note := strings.TrimSpace(o.note)
	if note == "" {
		o.u.Message, o.u.Err = lang.L("counter.note.empty"), queue.Errorf(queue.EINVALID, "empty note")
		o.u.refresh()
		return
	}
	if o.on("counter.note.done", func(ctx context.Context, t *queue.Ticket) error {
		return o.u.S.Submit(ctx, queue.NoteAdded, queue.NoteBody{Ticket: t.ID, Staff: o.u.S.Staff, Text: note})
	}) {
		o.NoteEntry.SetText("")
	}
}

func (o *orienteurScreen) cancel() {
	o.on("counter.cancel.done", func(ctx context.Context, t *queue.Ticket) error {
		return o.u.S.Submit(ctx, queue.TicketCancelled, queue.CancelBody{Ticket: t.ID, Staff: o.u.S.Staff, WalkOut: true})
	})
}

func (o *orienteurScreen) serveAtDoor() {
	outcome := o.DoorOutcome.ID()
	if outcome == "" {
		o.u.Message, o.u.Err = lang.L("counter.outcome.missing"), queue.Errorf(queue.EINVALID, "no outcome")
		o.u.refresh()
		return
	}
	if o.on("counter.serve_at_door.done", func(ctx context.Context, t *queue.Ticket) error {
		return o.u.S.Submit(ctx, queue.ServiceFinished, queue.FinishBody{Ticket: t.ID, Staff: o.u.S.Staff, Outcome: outcome, OnSpot: true})
	}) {
		o.DoorOutcome.ClearSelected()
	}
}

func (o *orienteurScreen) refresh(v *queue.State) {
	lng, cfg := o.u.S.Lang, &v.Config
	var rids, rlabels []string
	for _, r := range cfg.DoorReasons() {
		rids, rlabels = append(rids, r.Code), append(rlabels, r.Name.In(lng))
	}
	o.NewReason.SetOptions(rids, rlabels)
	o.RerouteReason.SetOptions(rids, rlabels)
	var pids, plabels []string
	for _, p := range queue.StaffPriorities() {
		label := priorityName(p)
		if p == queue.PriorityNormal {
			label = lang.L("counter.priority.normal")
		}
		pids, plabels = append(pids, string(p)), append(plabels, label)
	}
	o.NewPriority.SetOptions(pids, plabels)
	o.Priority.SetOptions(pids, plabels)
	var oids, olabels []string
	for _, x := range cfg.Outcomes {
		oids, olabels = append(oids, x), append(olabels, outcomeName(x))
	}
	o.DoorOutcome.SetOptions(oids, olabels)
	o.fillQuestions(cfg)
	o.fillDetractors(v)
	o.fillQueues(v)
	o.fillAppointments(v)
	o.fillStaff(v)
	o.fillSelected(v)
}

// fillQuestions shows the questions of the chosen reason, as the kiosk
// asks them.
func (o *orienteurScreen) fillQuestions(cfg *queue.Config) {
	r := cfg.Reason(o.NewReason.ID())
	var want []string
	if r != nil {
		for _, q := range r.Questions {
			want = append(want, q.ID)
		}
	}
	var have []string
	for id := range o.NewAnswers {
		have = append(have, id)
	}
	slices.Sort(have)
	sorted := slices.Sorted(slices.Values(want))
	if slices.Equal(have, sorted) {
		return
	}
	o.questions.RemoveAll()
	clear(o.NewAnswers)
	if r == nil {
		return
	}
	for _, q := range r.Questions {
		s := newSelect(q.Text.In(o.u.S.Lang), nil)
		var ids, labels []string
		for _, op := range q.Options {
			ids, labels = append(ids, op.ID), append(labels, op.Label.In(o.u.S.Lang))
		}
		s.SetOptions(ids, labels)
		o.NewAnswers[q.ID] = s
		o.questions.Add(widget.NewLabel(q.Text.In(o.u.S.Lang)))
		o.questions.Add(s)
	}
}

// fillQueues shows each reason's queue: how many wait, the longest wait,
// red past the reason's SLA, and each ticket as a button that selects it.
func (o *orienteurScreen) fillQueues(v *queue.State) {
	lng, cfg, now := o.u.S.Lang, &v.Config, o.u.S.Now()
	o.queues.RemoveAll()
	clear(o.Pick)
	posted := eta.New(v, now, nil).Posted()
	for _, r := range cfg.Reasons {
		ts := v.Waiting(r.Code, now)
		var longest time.Duration
		anyLate := false
		for _, t := range ts {
			longest = max(longest, t.Wait(now))
			anyLate = anyLate || cfg.Late(t, now)
		}
		c := ink
		if anyLate {
			c = lateRed
		}
		head := r.Prefix + " · " + r.Name.In(lng) + " — " + lang.N("counter.store.count", len(ts), map[string]any{"Count": len(ts)})
		if len(ts) > 0 {
			head += " · " + lang.L("counter.store.longest", map[string]any{"Wait": minutes(longest)})
		}
		if w, ok := posted[r.Code]; ok {
			head += " · " + lang.L("counter.store.posted", map[string]any{"Wait": waitRange(w)})
		}
		head += " · " + lang.L("counter.store.sla", map[string]any{"Minutes": r.SLAMinutes})
		row := container.NewGridWrap(fyne.NewSize(150, 56))
		for i, t := range ts {
			if i == maxRows {
				break
			}
			id := t.ID
			label := t.Number + " " + minutes(t.Wait(now))
			if t.Priority != queue.PriorityNormal {
				label += " ★"
			}
			b := widget.NewButton(label, func() { o.selected = id; o.u.refresh() })
			switch {
			case id == o.selected:
				b.Importance = widget.HighImportance
			case cfg.Late(t, now):
				b.Importance = widget.DangerImportance
			}
			o.Pick[id] = b
			row.Add(b)
		}
		o.queues.Add(text(head, c, 0, true))
		if len(ts) > 0 {
			o.queues.Add(row)
		}
	}
}

// fillAppointments lists appointments due in the next half hour, and
// those late and not checked in.
func (o *orienteurScreen) fillAppointments(v *queue.State) {
	cfg := &v.Config
	loc := cfg.Location()
	as := v.AppointmentsDue(o.u.S.Now(), dueWithin)
	o.appts.RemoveAll()
	for _, a := range as {
		line := a.At.In(loc).Format("15:04") + "  " + a.Name + "  · " + reasonName(cfg, a.Reason, o.u.S.Lang)
		if a.Staff != "" {
			line += " · " + staffName(cfg, a.Staff)
		}
		if t := v.Tickets[a.Ticket]; t != nil {
			line += " · " + lang.L("counter.checked_in.short", map[string]any{"Number": t.Number})
		} else {
			line += " · " + lang.L("counter.not_here")
		}
		o.appts.Add(wrap(line))
	}
	if len(as) == 0 {
		o.appts.Add(wrap(lang.L("counter.appointments.none_soon")))
	}
}

// fillStaff shows who is logged in, where, and whom they serve.
func (o *orienteurScreen) fillStaff(v *queue.State) {
	cfg := &v.Config
	o.staff.RemoveAll()
	var ss []*queue.Session
	for _, s := range v.Sessions {
		ss = append(ss, s)
	}
	slices.SortFunc(ss, func(a, b *queue.Session) int { return strings.Compare(a.Counter+a.Staff, b.Counter+b.Staff) })
	busy := map[string]*queue.Ticket{}
	for _, t := range v.Tickets {
		if t.Status == queue.Called || t.Status == queue.Serving {
			busy[t.Staff] = t
		}
	}
	for _, s := range ss {
		line := staffName(cfg, s.Staff) + " · " + counterName(cfg, s.Counter) + " · "
		switch t := busy[s.Staff]; {
		case s.Paused:
			line += lang.L("counter.paused") + " (" + lang.X("counter.pause."+s.Why, s.Why) + ")"
		case t != nil:
			line += t.Number + " " + reasonName(cfg, t.Reason, o.u.S.Lang) + " · " + lang.L("counter.status."+string(t.Status))
		default:
			line += lang.L("counter.free")
		}
		o.staff.Add(wrap(line))
	}
	if len(ss) == 0 {
		o.staff.Add(wrap(lang.L("counter.store.nobody")))
	}
}

// fillSelected shows the selected ticket and enables what can be done.
func (o *orienteurScreen) fillSelected(v *queue.State) {
	cfg := &v.Config
	o.selInfo.RemoveAll()
	t := o.ticket()
	if t == nil {
		o.selected = ""
		o.selTitle.Text = lang.L("counter.select.none")
		o.selTitle.Refresh()
		o.actions.Hide()
		return
	}
	o.actions.Show()
	o.selTitle.Text = t.Number + " · " + reasonName(cfg, t.Reason, o.u.S.Lang)
	o.selTitle.Refresh()
	info := lang.L("counter.waited", map[string]any{"Wait": minutes(t.Wait(o.u.S.Now()))})
	if p := priorityName(t.Priority); p != "" {
		info += " · " + p
	}
	o.selInfo.Add(wrap(info))
	for _, a := range answerLines(cfg, t, o.u.S.Lang) {
		o.selInfo.Add(wrap("• " + a))
	}
	for _, n := range t.Notes {
		o.selInfo.Add(wrap(staffName(cfg, n.Staff) + " : " + n.Text))
	}
}
