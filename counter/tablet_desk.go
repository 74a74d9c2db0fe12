package main

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/queue"
)

// maxRows bounds the rows of a list on a screen.
const maxRows = 40

// DeskView is what the conseiller's and expert's screen shows.
type DeskView struct {
	CallNext     string // the button's label
	CanCallNext  bool
	CallHint     string // why call next cannot be used now; ""
	Ticket       *DeskTicket
	Waiting      []Row // whom this staff member serves here, in calling order
	Appointments []Row // today's; nil when not shown (conseillers)

	Outcomes        []Choice
	IDCheck         bool // SIM replaced chosen: the identity check is asked
	CanFinish       bool
	Rebond          string // the suggestion of the visit served; ""
	CanAccept       bool   // the suggestion was proposed: accepted can be ticked
	TransferReasons []Choice
	TransferTo      []Choice // "" first: anyone
}

// DeskTicket is the visitor on the desk.
type DeskTicket struct {
	ID, Number, Reason, Status string
	Called                     bool // else served
	Recall                     string
	CanRecall                  bool
	Details                    []Line // what they said, notes, earlier visits
}

// Line is a line of text on a screen.
type Line struct {
	Text string
	Kind LineKind
}

// LineKind says how a line looks.
type LineKind int

// Kinds of lines.
const (
	Plain   LineKind = iota // wrapped text
	Heading                 // a section's title
	Alert                   // in red
)

// Row is a line of a list, with a button on its right when Action is set,
// or a label when Side is.
type Row struct {
	ID     string // the ticket id or appointment code it acts on
	Text   string
	Late   bool // past its reason's SLA: in red
	Action string
	Side   string
}

// DeskScreen returns what the desk shows.
func (t *Tablet) DeskScreen() DeskView {
	v, lng, now := t.view(), t.lang, t.now()
	cfg := &v.Config
	var d DeskView
	me := t.me(v)
	if me == nil {
		return d
	}
	online := t.cfg.Backend.Online()
	d.CallNext = lang.L("counter.call_next")
	switch ss := v.Sessions[me.ID]; {
	case !online:
		d.CallNext, d.CallHint = lang.L("counter.call_next.offline"), lang.L("counter.call_next.needs_hub")
	case ss != nil && ss.Paused:
		d.CallHint = lang.L("counter.call_next.paused")
	}
	d.CanCallNext = v.ReadyToCall(t.cfg.Backend.Device(), me.ID, t.counter) == nil && t.busy == 0

	if cur := t.current(v); cur != nil {
		d.Ticket = t.deskTicket(v, cur)
		if r := cfg.RebondFor(cur); r != nil && cur.Status == queue.Serving {
			d.Rebond = r.Text.In(lng)
		}
		d.CanFinish = cfg.CheckFinish(cur, t.finishBody(v, cur)) == nil
	}
	d.CanAccept = t.Desk.RebondProposed
	for _, o := range cfg.Outcomes {
		d.Outcomes = append(d.Outcomes, Choice{o, outcomeName(o)})
	}
	d.IDCheck = t.Desk.Outcome == queue.OutcomeSIMReplaced
	d.TransferReasons = reasonChoices(cfg, lng)
	d.TransferTo = []Choice{{"", lang.L("counter.transfer.anyone")}}
	for _, s := range cfg.TransferTargets(me.ID) {
		label := s.Name + " (" + lang.L("counter.role."+string(s.Role)) + ")"
		if v.Sessions[s.ID] == nil {
			label += " · " + lang.L("counter.absent")
		}
		d.TransferTo = append(d.TransferTo, Choice{s.ID, label})
	}

	for i, w := range v.WaitingFor(t.staff, t.counter, now) {
		if i == maxRows {
			d.Waiting = append(d.Waiting, Row{Text: lang.L("counter.more")})
			break
		}
		line := w.Number + "  " + reasonName(cfg, w.Reason, lng) + "  " + minutes(w.Wait(now))
		if p := priorityName(w.Priority); p != "" {
			line += "  · " + p
		}
		if w.ForStaff != "" {
			line += "  · " + lang.L("counter.for_staff", map[string]any{"Name": staffName(cfg, w.ForStaff)})
		}
		r := Row{ID: w.ID, Text: line, Late: cfg.Late(w, now)}
		if online && v.CanCall(t.cfg.Backend.Device(), t.staff, t.counter, w) == nil {
			r.Action = lang.L("counter.call_this")
		}
		d.Waiting = append(d.Waiting, r)
	}
	if len(d.Waiting) == 0 {
		d.Waiting = []Row{{Text: lang.L("counter.waiting.none")}}
	}
	if me.Role == queue.RoleExpert || me.Role == queue.RoleManager {
		d.Appointments = t.dayAppointments(v)
	}
	return d
}

// deskTicket is the desk's view of cur.
func (t *Tablet) deskTicket(v *queue.State, cur *queue.Ticket) *DeskTicket {
	cfg, lng := &v.Config, t.lang
	dt := &DeskTicket{ID: cur.ID, Number: cur.Number, Reason: reasonName(cfg, cur.Reason, lng), Called: cur.Status == queue.Called}
	dt.Status = lang.L("counter.status."+string(cur.Status)) + " · " + lang.L("counter.waited", map[string]any{"Wait": minutes(cur.Wait(t.now()))})
	if p := priorityName(cur.Priority); p != "" {
		dt.Status += " · " + p
	}
	if dt.Called {
		dt.Status += " · " + lang.L("counter.recalls", map[string]any{"Count": cur.Recalls, "Limit": cfg.RecallLimit})
		dt.CanRecall = cfg.CanRecall(cur) == nil
		dt.Recall = lang.L("counter.recall.limit")
		if dt.CanRecall {
			dt.Recall = lang.L("counter.recall.count", map[string]any{"Count": cur.Recalls + 1, "Limit": cfg.RecallLimit})
		}
	}
	for _, a := range answerLines(cfg, cur, lng) {
		dt.Details = append(dt.Details, Line{Text: "• " + a})
	}
	if i := v.Incidents[cur.Incident]; i != nil {
		dt.Details = append(dt.Details, Line{lang.L("counter.incident", map[string]any{"Service": lang.L("incident.service." + i.Service), "Area": i.Area}), Alert})
	}
	if cur.ForStaff != "" {
		dt.Details = append(dt.Details, Line{Text: lang.L("counter.for_staff", map[string]any{"Name": staffName(cfg, cur.ForStaff)})})
	}
	if a := v.Appointments[cur.Appointment]; a != nil {
		dt.Details = append(dt.Details, Line{Text: lang.L("counter.appointment_at", map[string]any{"Time": a.At.In(cfg.Location()).Format("15:04"), "Name": a.Name})})
	}
	if len(cur.Notes) > 0 {
		dt.Details = append(dt.Details, Line{lang.L("counter.notes"), Heading})
		for _, n := range cur.Notes {
			dt.Details = append(dt.Details, Line{Text: n.At.In(cfg.Location()).Format("15:04") + " " + staffName(cfg, n.Staff) + " : " + n.Text})
		}
	}
	if cur.Customer == "" {
		return dt
	}
	dt.Details = append(dt.Details, Line{lang.L("counter.history"), Heading})
	h := t.hist
	switch {
	case h.ticket != cur.ID || h.loading:
		dt.Details = append(dt.Details, Line{Text: lang.L("counter.history.loading")})
	case h.err != nil:
		dt.Details = append(dt.Details, Line{Text: errorText(h.err)})
	case len(h.visits) == 0:
		dt.Details = append(dt.Details, Line{Text: lang.L("counter.history.none")})
	}
	if h.ticket == cur.ID {
		for _, x := range h.visits {
			line := x.Day + " · " + x.Number + " · " + reasonName(cfg, x.Reason, lng)
			if x.Outcome != "" {
				line += " · " + outcomeName(x.Outcome)
			}
			dt.Details = append(dt.Details, Line{Text: line})
			for _, n := range x.Notes {
				dt.Details = append(dt.Details, Line{Text: "    " + staffName(cfg, n.Staff) + " : " + n.Text})
			}
		}
	}
	return dt
}

// loadHistory reads the earlier visits of cur's customer off the UI
// goroutine: the replica's disk, never on it.
func (t *Tablet) loadHistory(cur queue.Ticket) {
	t.hist = history{ticket: cur.ID, loading: true}
	b := t.cfg.Backend
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), actTimeout)
		visits, err := b.CustomerTickets(ctx, cur.Customer, 11)
		cancel()
		if err != nil {
			err = queue.Errorf(queue.EINTERNAL, "earlier visits: %v", err)
		}
		visits = slices.DeleteFunc(visits, func(x queue.Ticket) bool { return x.ID == cur.ID })
		t.cfg.Do(func() {
			if t.hist.ticket == cur.ID {
				t.hist = history{ticket: cur.ID, visits: visits[:min(len(visits), 10)], err: err}
				t.changed()
			}
		})
	}()
}

// dayAppointments lists today's appointments, with a check-in for those
// not checked in yet.
func (t *Tablet) dayAppointments(v *queue.State) []Row {
	cfg := &v.Config
	rows := []Row{}
	for _, a := range v.DayAppointments(t.now()) {
		line := a.At.In(cfg.Location()).Format("15:04") + "  " + a.Name
		if a.Staff != "" {
			line += "  · " + staffName(cfg, a.Staff)
		}
		r := Row{ID: a.Code, Text: line, Action: lang.L("counter.check_in")}
		if tk := v.Tickets[a.Ticket]; tk != nil {
			r.Action, r.Side = "", lang.L("counter.checked_in.short", map[string]any{"Number": tk.Number})
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		rows = append(rows, Row{Text: lang.L("counter.appointments.none")})
	}
	return rows
}

// CallNext asks the hub for the next visitor.
func (t *Tablet) CallNext() {
	staff, counter := t.staff, t.counter
	t.act(func(ctx context.Context, b Backend) error {
		_, err := CallNext(ctx, b, staff, counter)
		return err
	}, func() string {
		if cur := t.Current(); cur != nil {
			return lang.L("counter.called", map[string]any{"Number": cur.Number})
		}
		return ""
	})
}

// CallTicket calls waiting ticket id, an appointment say, rather than the
// next one.
func (t *Tablet) CallTicket(id string) {
	v := t.view()
	tk := v.Tickets[id]
	if tk == nil {
		t.fail(queue.Errorf(queue.ENOTFOUND, "no ticket %s", id))
		return
	}
	if err := v.CanCall(t.cfg.Backend.Device(), t.staff, t.counter, tk); err != nil {
		t.fail(err)
		return
	}
	number := tk.Number
	t.submit(queue.TicketCalled, queue.CallBody{Ticket: id, Counter: t.counter, Staff: t.staff}, func() string {
		return lang.L("counter.called", map[string]any{"Number": number})
	})
}

// onCurrent submits an event that only names the ticket on the desk.
func (t *Tablet) onCurrent(typ, ok string) {
	cur := t.Current()
	if cur == nil {
		return
	}
	t.submit(typ, queue.TicketBody{Ticket: cur.ID, Staff: t.staff}, func() string {
		return lang.L(ok, map[string]any{"Number": cur.Number})
	})
}

// Recall announces the visitor again.
func (t *Tablet) Recall() { t.onCurrent(queue.TicketRecalled, "counter.recall.done") }

// Start starts serving the visitor called.
func (t *Tablet) Start() { t.onCurrent(queue.ServiceStarted, "counter.start.done") }

// NoShow closes the visit of a visitor who did not come.
func (t *Tablet) NoShow() { t.onCurrent(queue.TicketNoShow, "counter.no_show.done") }

// Requeue puts the visitor called back in the queue, their place kept.
func (t *Tablet) Requeue() { t.onCurrent(queue.TicketRequeued, "counter.requeue.done") }

// finishBody is what Finish would send for cur.
func (t *Tablet) finishBody(v *queue.State, cur *queue.Ticket) queue.FinishBody {
	f := t.Desk
	b := queue.FinishBody{Ticket: cur.ID, Staff: t.staff, Outcome: f.Outcome}
	if f.Outcome == queue.OutcomeSIMReplaced {
		b.IDCheck, b.NameMatches = f.IDDocument, f.NameMatches
	}
	if r := v.Config.RebondFor(cur); r != nil {
		b.Rebond, b.RebondProposed, b.RebondAccepted = r.ID, f.RebondProposed, f.RebondAccepted
	}
	return b
}

// note is the note typed at the desk as an event about cur, or nil.
func (t *Tablet) note(cur *queue.Ticket) *queue.NoteBody {
	if s := strings.TrimSpace(t.Desk.Note); s != "" {
		return &queue.NoteBody{Ticket: cur.ID, Staff: t.staff, Text: s}
	}
	return nil
}

// withNote submits the note typed, if any, then the event typ.
func withNote(ctx context.Context, b Backend, note *queue.NoteBody, typ string, body any) error {
	if note != nil {
		if _, err := b.Submit(ctx, queue.NoteAdded, *note); err != nil {
			return err
		}
	}
	_, err := b.Submit(ctx, typ, body)
	return err
}

// Finish closes the visit with the outcome chosen, and the note typed.
func (t *Tablet) Finish() {
	v := t.view()
	cur := t.current(v)
	if cur == nil {
		return
	}
	if t.Desk.Outcome == "" {
		t.fail(refuse("counter.outcome.missing", queue.EINVALID, "no outcome"))
		return
	}
	body, note := t.finishBody(v, cur), t.note(cur)
	t.act(func(ctx context.Context, b Backend) error {
		return withNote(ctx, b, note, queue.ServiceFinished, body)
	}, func() string {
		t.Desk = DeskForm{}
		return lang.L("counter.finish.done", map[string]any{"Number": cur.Number})
	})
}

// AddNote adds the note typed to the visit.
func (t *Tablet) AddNote() {
	cur := t.Current()
	if cur == nil {
		return
	}
	note := t.note(cur)
	if note == nil {
		t.fail(refuse("counter.note.empty", queue.EINVALID, "empty note"))
		return
	}
	t.submit(queue.NoteAdded, *note, func() string {
		t.Desk.Note = ""
		return lang.L("counter.note.done")
	})
}

// Transfer sends the visitor to another reason's queue, or to one person;
// the answers and notes go with the ticket, and the note typed too.
func (t *Tablet) Transfer() {
	v := t.view()
	cur := t.current(v)
	if cur == nil {
		return
	}
	reason, err := v.Config.TransferReason(cur.Reason, t.Desk.TransferReason, t.Desk.TransferTo)
	if err != nil {
		t.fail(&refusal{key: "counter.transfer.missing", err: err})
		return
	}
	body, note := queue.TransferBody{Ticket: cur.ID, Staff: t.staff, Reason: reason, ForStaff: t.Desk.TransferTo}, t.note(cur)
	name := reasonName(&v.Config, reason, t.lang)
	t.act(func(ctx context.Context, b Backend) error {
		return withNote(ctx, b, note, queue.TicketTransferred, body)
	}, func() string {
		t.Desk = DeskForm{}
		return lang.L("counter.transfer.done", map[string]any{"Number": cur.Number, "Reason": name})
	})
}

// CheckIn checks in a visitor whose appointment is today: a ticket with
// the appointment's priority.
func (t *Tablet) CheckIn(code string) {
	var number string
	t.act(func(ctx context.Context, b Backend) error {
		tk, err := b.Issue(ctx, queue.IssueBody{Appointment: code}, true)
		number = tk.Number
		return err
	}, func() string { return lang.L("counter.checked_in", map[string]any{"Number": number}) })
}
