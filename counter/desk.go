package main

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
)

// maxRows bounds the rows of a list on a screen.
const maxRows = 40

// deskScreen is the conseiller's and expert's screen: call the next
// visitor, see what they already said, serve, and close or pass the visit
// on. The ticket on screen is the one the staff member called (Current),
// so a restart or a second tablet shows the same.
type deskScreen struct {
	u *UI

	note     string // typed note
	histFor  string // ticket whose earlier visits are loaded, or loading
	hist     []queue.Ticket
	histErr  error
	histWait bool     // the replica is being read
	callable []string // waiting tickets listed with a call button

	CallNext       *widget.Button
	Recall         *widget.Button
	Start          *widget.Button
	NoShow         *widget.Button
	Requeue        *widget.Button
	Outcome        *selectOf
	IDDocument     *selectOf     // a SIM replaced: the document checked
	NameMatches    *widget.Check // and that its name is the line holder's
	RebondProposed *widget.Check // the visit's suggestion (queue.Rebond) was proposed
	RebondAccepted *widget.Check // and the visitor said yes
	Finish         *widget.Button
	NoteEntry      *widget.Entry
	AddNote        *widget.Button
	TransferReason *selectOf
	TransferTo     *selectOf
	Transfer       *widget.Button
	CallTicket     map[string]*widget.Button // by ticket id
	CheckIn        map[string]*widget.Button // by appointment code

	callHint  *widget.Label
	idCheck   *fyne.Container
	rebond    *fyne.Container
	rebondTip *canvas.Text
	number    *canvas.Text
	reason    *canvas.Text
	status    *widget.Label
	details   *fyne.Container
	called    *fyne.Container
	serving   *fyne.Container
	noting    *fyne.Container
	waiting   *fyne.Container
	apptsHead fyne.CanvasObject
	appts     *fyne.Container
	root      fyne.CanvasObject
}

func newDeskScreen(u *UI) *deskScreen {
	d := &deskScreen{u: u, CallTicket: map[string]*widget.Button{}, CheckIn: map[string]*widget.Button{}}
	d.CallNext = primary(widget.NewButton(lang.L("counter.call_next"), d.callNext))
	d.callHint = wrap("")
	d.Recall = widget.NewButton(lang.L("counter.recall"), d.ticketEvent(queue.TicketRecalled, "counter.recall.done"))
	d.Start = primary(widget.NewButton(lang.L("counter.start"), d.ticketEvent(queue.ServiceStarted, "counter.start.done")))
	d.NoShow = widget.NewButton(lang.L("counter.no_show"), d.ticketEvent(queue.TicketNoShow, "counter.no_show.done"))
	d.Requeue = widget.NewButton(lang.L("counter.requeue"), d.ticketEvent(queue.TicketRequeued, "counter.requeue.done"))
	d.Outcome = newSelect(lang.L("counter.outcome"), func(string) { d.u.refresh() })
	d.Finish = primary(widget.NewButton(lang.L("counter.finish"), d.finish))
	d.IDDocument = newSelect(lang.L("counter.idcheck.document"), func(string) { d.u.refresh() })
	var dids, dlabels []string
	for _, doc := range queue.IDDocuments() {
		dids, dlabels = append(dids, doc), append(dlabels, lang.L("counter.idcheck."+doc))
	}
	d.IDDocument.SetOptions(dids, dlabels)
	d.NameMatches = widget.NewCheck(lang.L("counter.idcheck.name_matches"), func(bool) { d.u.refresh() })
	d.idCheck = container.NewVBox(wrap(lang.L("counter.idcheck.why")), d.IDDocument, d.NameMatches)
	d.RebondProposed = widget.NewCheck(lang.L("counter.rebond.proposed"), func(bool) { d.u.refresh() })
	d.RebondAccepted = widget.NewCheck(lang.L("counter.rebond.accepted"), nil)
	d.rebondTip = text("", navy, 20, true)
	d.rebond = container.NewVBox(card(text(lang.L("counter.rebond.title"), ink, 0, false), d.rebondTip,
		container.NewHBox(d.RebondProposed, d.RebondAccepted)))
	d.NoteEntry = widget.NewMultiLineEntry()
	d.NoteEntry.SetPlaceHolder(lang.L("counter.note.hint"))
	d.NoteEntry.SetMinRowsVisible(2)
	d.NoteEntry.OnChanged = func(s string) { d.note = s }
	d.AddNote = widget.NewButton(lang.L("counter.note.add"), d.addNote)
	d.TransferReason = newSelect(lang.L("counter.transfer.reason"), nil)
	d.TransferTo = newSelect(lang.L("counter.transfer.to"), nil)
	d.Transfer = widget.NewButton(lang.L("counter.transfer"), d.transfer)

	d.number = text("", navy, 72, true)
	d.reason = text("", ink, 26, true)
	d.status = widget.NewLabel("")
	d.details = container.NewVBox()
	d.called = container.NewGridWithColumns(2, d.Start, d.Recall, d.NoShow, d.Requeue)
	d.serving = container.NewVBox(
		d.rebond,
		container.NewBorder(nil, nil, nil, d.Finish, d.Outcome),
		d.idCheck,
		widget.NewSeparator(),
		container.NewGridWithColumns(2, d.TransferReason, d.TransferTo),
		d.Transfer,
	)
	// The note's button sits beside it, not under: on an 800-px-high
	// tablet it stays on screen with a visitor being served.
	d.noting = container.NewBorder(nil, nil, nil, d.AddNote, d.NoteEntry)
	d.waiting = container.NewVBox()
	d.appts = container.NewVBox()
	d.apptsHead = heading(lang.L("counter.appointments.today"))

	left := container.NewVBox(
		container.NewGridWithRows(1, d.CallNext),
		d.callHint,
		card(d.number, d.reason, d.status, d.details),
		d.called, d.serving, d.noting,
	)
	right := container.NewVBox(
		heading(lang.L("counter.waiting")), d.waiting,
		d.apptsHead, d.appts,
	)
	d.root = container.NewPadded(panes(0.58, left, right))
	return d
}

// ticket is the ticket on screen, or nil.
func (d *deskScreen) ticket() *queue.Ticket { return d.u.S.Current(d.u.S.View()) }

func (d *deskScreen) callNext() {
	staff, counter, c := d.u.S.Staff, d.u.S.Counter, d.u.S.B
	d.CallNext.Disable()
	d.u.request(func(ctx context.Context) error {
		_, err := CallNext(ctx, c, staff, counter)
		return err
	}, func(err error) {
		if err != nil {
			d.u.fail(err)
			return
		}
		if t := d.ticket(); t != nil {
			d.u.say(lang.L("counter.called", map[string]any{"Number": t.Number}))
		} else {
			d.u.refresh()
		}
	})
}

// ticketEvent returns the action of a button that only names the ticket.
func (d *deskScreen) ticketEvent(typ, ok string) func() {
	return func() {
		t := d.ticket()
		if t == nil {
			return
		}
		d.u.act(lang.L(ok, map[string]any{"Number": t.Number}), func(ctx context.Context) error {
			return d.u.S.Submit(ctx, typ, queue.TicketBody{Ticket: t.ID, Staff: d.u.S.Staff})
		})
	}
}

func (d *deskScreen) finish() {
	t, outcome := d.ticket(), d.Outcome.ID()
	if t == nil {
		return
	}
	rule := d.u.S.View().Config.RebondFor(t)
	if outcome == "" {
		d.u.Message, d.u.Err = lang.L("counter.outcome.missing"), queue.Errorf(queue.EINVALID, "no outcome")
		d.u.refresh()
		return
	}
	if d.u.act(lang.L("counter.finish.done", map[string]any{"Number": t.Number}), func(ctx context.Context) error {
		if err := d.saveNote(ctx, t); err != nil {
			return err
		}
		b := queue.FinishBody{Ticket: t.ID, Staff: d.u.S.Staff, Outcome: outcome}
		if outcome == queue.OutcomeSIMReplaced {
			b.IDCheck, b.NameMatches = d.IDDocument.ID(), d.NameMatches.Checked
		}
		if r := rule; r != nil {
			b.Rebond, b.RebondProposed = r.ID, d.RebondProposed.Checked
			b.RebondAccepted = b.RebondProposed && d.RebondAccepted.Checked
		}
		return d.u.S.Submit(ctx, queue.ServiceFinished, b)
	}) {
		d.Outcome.ClearSelected()
		d.IDDocument.ClearSelected()
		d.NameMatches.SetChecked(false)
		d.RebondProposed.SetChecked(false)
		d.RebondAccepted.SetChecked(false)
	}
}

// saveNote adds the typed note, if any, to t.
func (d *deskScreen) saveNote(ctx context.Context, t *queue.Ticket) error {
	note := strings.TrimSpace(d.note)
	if note == "" {
		return nil
	}
	if err := d.u.S.Submit(ctx, queue.NoteAdded, queue.NoteBody{Ticket: t.ID, Staff: d.u.S.Staff, Text: note}); err != nil {
		return err
	}
	d.NoteEntry.SetText("")
	return nil
}

func (d *deskScreen) addNote() {
	t := d.ticket()
	if t == nil {
		return
	}
	if strings.TrimSpace(d.note) == "" {
		d.u.Message, d.u.Err = lang.L("counter.note.empty"), queue.Errorf(queue.EINVALID, "empty note")
		d.u.refresh()
		return
	}
	d.u.act(lang.L("counter.note.done"), func(ctx context.Context) error { return d.saveNote(ctx, t) })
}

// transfer sends the visitor to another reason's queue, or to one person;
// the answers and notes go with the ticket.
func (d *deskScreen) transfer() {
	t, reason, to := d.ticket(), d.TransferReason.ID(), d.TransferTo.ID()
	if t == nil {
		return
	}
	v := d.u.S.View()
	reason, err := v.Config.TransferReason(t.Reason, reason, to)
	if err != nil {
		d.u.Message, d.u.Err = lang.L("counter.transfer.missing"), err
		d.u.refresh()
		return
	}
	ok := lang.L("counter.transfer.done", map[string]any{"Number": t.Number, "Reason": reasonName(&v.Config, reason, d.u.S.Lang)})
	if d.u.act(ok, func(ctx context.Context) error {
		if err := d.saveNote(ctx, t); err != nil {
			return err
		}
		return d.u.S.Submit(ctx, queue.TicketTransferred, queue.TransferBody{Ticket: t.ID, Staff: d.u.S.Staff, Reason: reason, ForStaff: to})
	}) {
		d.TransferReason.ClearSelected()
		d.TransferTo.ClearSelected()
	}
}

// callTicket calls one waiting ticket, an appointment say, rather than
// the next one.
func (d *deskScreen) callTicket(id string) {
	v := d.u.S.View()
	t := v.Tickets[id]
	if t == nil || !d.u.S.CanCall(v, t) {
		d.u.fail(queue.Errorf(queue.ECONFLICT, "ticket %s cannot be called", id))
		return
	}
	d.u.act(lang.L("counter.called", map[string]any{"Number": t.Number}), func(ctx context.Context) error {
		return d.u.S.Submit(ctx, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: d.u.S.Counter, Staff: d.u.S.Staff})
	})
}

// checkIn checks in a visitor whose appointment is today, from the
// expert's tablet: a ticket with the appointment's priority.
func (d *deskScreen) checkIn(code string) {
	var number string
	d.u.act("", func(ctx context.Context) error {
		t, err := d.u.S.Issue(ctx, queue.IssueBody{Appointment: code}, true)
		number = t.Number
		return err
	})
	if d.u.Err == nil {
		d.u.say(lang.L("counter.checked_in", map[string]any{"Number": number}))
	}
}

func (d *deskScreen) refresh(v *queue.State) {
	lng, cfg, now := d.u.S.Lang, &v.Config, d.u.S.Now()
	me := d.u.S.Me(v)
	if me == nil {
		return
	}
	ss := v.Sessions[me.ID]
	paused := ss != nil && ss.Paused
	t := d.u.S.Current(v)

	d.CallNext.SetText(lang.L("counter.call_next"))
	d.callHint.Hide()
	switch {
	case !d.u.Online:
		d.CallNext.SetText(lang.L("counter.call_next.offline"))
		d.callHint.SetText(lang.L("counter.call_next.needs_hub"))
		d.callHint.Show()
	case paused:
		d.callHint.SetText(lang.L("counter.call_next.paused"))
		d.callHint.Show()
	}
	if v.ReadyToCall(d.u.S.B.Device(), me.ID, d.u.S.Counter) != nil || d.u.Busy() > 0 {
		d.CallNext.Disable()
	} else {
		d.CallNext.Enable()
	}

	d.details.RemoveAll()
	d.called.Hide()
	d.serving.Hide()
	d.noting.Hide()
	if t == nil {
		d.number.Text, d.reason.Text = "—", lang.L("counter.nobody")
		d.status.SetText("")
	} else {
		d.number.Text, d.reason.Text = t.Number, reasonName(cfg, t.Reason, lng)
		st := lang.L("counter.status."+string(t.Status)) + " · " + lang.L("counter.waited", map[string]any{"Wait": minutes(t.Wait(now))})
		if p := priorityName(t.Priority); p != "" {
			st += " · " + p
		}
		if t.Status == queue.Called {
			st += " · " + lang.L("counter.recalls", map[string]any{"Count": t.Recalls, "Limit": cfg.RecallLimit})
		}
		d.status.SetText(st)
		d.fillDetails(v, t)
		d.noting.Show()
		if t.Status == queue.Called {
			d.called.Show()
			if t.Recalls >= cfg.RecallLimit {
				d.Recall.SetText(lang.L("counter.recall.limit"))
				d.Recall.Disable()
			} else {
				d.Recall.SetText(lang.L("counter.recall.count", map[string]any{"Count": t.Recalls + 1, "Limit": cfg.RecallLimit}))
				d.Recall.Enable()
			}
		} else {
			d.serving.Show()
		}
	}
	d.rebond.Hide()
	if t != nil && t.Status == queue.Serving {
		if r := cfg.RebondFor(t); r != nil {
			d.rebondTip.Text = r.Text.In(lng)
			d.rebondTip.Refresh()
			d.rebond.Show()
		}
	}
	if d.RebondProposed.Checked {
		d.RebondAccepted.Enable()
	} else {
		d.RebondAccepted.SetChecked(false)
		d.RebondAccepted.Disable()
	}
	d.number.Refresh()
	d.reason.Refresh()

	var oids, olabels []string
	for _, o := range cfg.Outcomes {
		oids, olabels = append(oids, o), append(olabels, outcomeName(o))
	}
	d.Outcome.SetOptions(oids, olabels)
	simReplaced := d.Outcome.ID() == queue.OutcomeSIMReplaced
	if simReplaced {
		d.idCheck.Show()
	} else {
		d.idCheck.Hide()
	}
	if d.Outcome.ID() == "" || (simReplaced && (d.IDDocument.ID() == "" || !d.NameMatches.Checked)) {
		d.Finish.Disable()
	} else {
		d.Finish.Enable()
	}
	var rids, rlabels []string
	for _, r := range cfg.DoorReasons() {
		rids, rlabels = append(rids, r.Code), append(rlabels, r.Name.In(lng))
	}
	d.TransferReason.SetOptions(rids, rlabels)
	sids, slabels := []string{""}, []string{lang.L("counter.transfer.anyone")}
	for _, s := range cfg.TransferTargets(me.ID) {
		label := s.Name + " (" + lang.L("counter.role."+string(s.Role)) + ")"
		if v.Sessions[s.ID] == nil {
			label += " · " + lang.L("counter.absent")
		}
		sids, slabels = append(sids, s.ID), append(slabels, label)
	}
	d.TransferTo.SetOptions(sids, slabels)

	d.fillWaiting(v)
	if me.Role == queue.RoleExpert || me.Role == queue.RoleManager {
		d.apptsHead.Show()
		d.appts.Show()
		d.fillAppointments(v)
	} else {
		d.apptsHead.Hide()
		d.appts.Hide()
	}
}

// fillDetails shows what the visitor said, the notes, and earlier visits.
func (d *deskScreen) fillDetails(v *queue.State, t *queue.Ticket) {
	lng, cfg := d.u.S.Lang, &v.Config
	for _, a := range answerLines(cfg, t, lng) {
		d.details.Add(wrap("• " + a))
	}
	if i := v.Incidents[t.Incident]; i != nil {
		d.details.Add(text(lang.L("counter.incident", map[string]any{"Service": lang.L("incident.service." + i.Service), "Area": i.Area}), lateRed, 0, true))
	}
	if t.ForStaff != "" {
		d.details.Add(wrap(lang.L("counter.for_staff", map[string]any{"Name": staffName(cfg, t.ForStaff)})))
	}
	if a := v.Appointments[t.Appointment]; a != nil {
		d.details.Add(wrap(lang.L("counter.appointment_at", map[string]any{"Time": a.At.In(cfg.Location()).Format("15:04"), "Name": a.Name})))
	}
	if len(t.Notes) > 0 {
		d.details.Add(text(lang.L("counter.notes"), navy, 0, true))
		for _, n := range t.Notes {
			d.details.Add(wrap(n.At.In(cfg.Location()).Format("15:04") + " " + staffName(cfg, n.Staff) + " : " + n.Text))
		}
	}
	if t.Customer == "" {
		return
	}
	if d.histFor != t.ID {
		d.loadHistory(t)
	}
	d.details.Add(text(lang.L("counter.history"), navy, 0, true))
	switch {
	case d.histWait:
		d.details.Add(wrap(lang.L("counter.history.loading")))
	case d.histErr != nil:
		d.details.Add(wrap(errorText(d.histErr)))
	case len(d.hist) == 0:
		d.details.Add(wrap(lang.L("counter.history.none")))
	}
	for _, h := range d.hist {
		line := h.Day + " · " + h.Number + " · " + reasonName(cfg, h.Reason, lng)
		if h.Outcome != "" {
			line += " · " + outcomeName(h.Outcome)
		}
		d.details.Add(wrap(line))
		for _, n := range h.Notes {
			d.details.Add(wrap("    " + staffName(cfg, n.Staff) + " : " + n.Text))
		}
	}
}

// loadHistory reads the earlier visits of t's customer off the UI
// goroutine, and shows them when they come, if t is still the one shown.
func (d *deskScreen) loadHistory(t *queue.Ticket) {
	tk := *t
	d.histFor, d.hist, d.histErr, d.histWait = tk.ID, nil, nil, true
	var hist []queue.Ticket
	d.u.request(func(ctx context.Context) (err error) {
		hist, err = d.u.S.History(ctx, &tk)
		return err
	}, func(err error) {
		if d.histFor == tk.ID {
			d.hist, d.histErr, d.histWait = hist, err, false
			d.u.refresh()
		}
	})
}

// fillWaiting lists the tickets this staff member serves at this counter,
// in the order the hub will call them, with a call button where calling is
// allowed: the same rules as the hub's call next and direct call.
func (d *deskScreen) fillWaiting(v *queue.State) {
	lng, cfg, now := d.u.S.Lang, &v.Config, d.u.S.Now()
	d.waiting.RemoveAll()
	clear(d.CallTicket)
	d.callable = d.callable[:0]
	n := 0
	for _, t := range v.WaitingFor(d.u.S.Staff, d.u.S.Counter, now) {
		r := cfg.Reason(t.Reason)
		if n++; n > maxRows {
			d.waiting.Add(wrap(lang.L("counter.more")))
			break
		}
		c := ink
		if cfg.Late(t, now) {
			c = lateRed
		}
		line := t.Number + "  " + r.Name.In(lng) + "  " + minutes(t.Wait(now))
		if p := priorityName(t.Priority); p != "" {
			line += "  · " + p
		}
		if t.ForStaff != "" {
			line += "  · " + lang.L("counter.for_staff", map[string]any{"Name": staffName(cfg, t.ForStaff)})
		}
		row := text(line, c, 0, cfg.Late(t, now))
		if d.u.S.CanCall(v, t) && d.u.Online {
			id := t.ID
			b := widget.NewButton(lang.L("counter.call_this"), func() { d.callTicket(id) })
			d.CallTicket[id] = b
			d.callable = append(d.callable, id)
			d.waiting.Add(container.NewBorder(nil, nil, nil, b, row))
		} else {
			d.waiting.Add(row)
		}
	}
	if n == 0 {
		d.waiting.Add(wrap(lang.L("counter.waiting.none")))
	}
}

// fillAppointments lists today's appointments, with a check-in button for
// those not checked in yet.
func (d *deskScreen) fillAppointments(v *queue.State) {
	cfg := &v.Config
	loc := cfg.Location()
	as := v.DayAppointments(d.u.S.Now())
	d.appts.RemoveAll()
	clear(d.CheckIn)
	for _, a := range as {
		line := a.At.In(loc).Format("15:04") + "  " + a.Name
		if a.Staff != "" {
			line += "  · " + staffName(cfg, a.Staff)
		}
		row := wrap(line)
		if t := v.Tickets[a.Ticket]; t != nil {
			d.appts.Add(container.NewBorder(nil, nil, nil,
				widget.NewLabel(lang.L("counter.checked_in.short", map[string]any{"Number": t.Number})), row))
			continue
		}
		code := a.Code
		b := widget.NewButton(lang.L("counter.check_in"), func() { d.checkIn(code) })
		d.CheckIn[code] = b
		d.appts.Add(container.NewBorder(nil, nil, nil, b, row))
	}
	if len(as) == 0 {
		d.appts.Add(wrap(lang.L("counter.appointments.none")))
	}
}
