package main

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// orienteurScreen is the whole store at a glance for the staff member at
// the door: unhappy visitors to catch before they leave, who waits for
// what and for how long, appointments coming, who serves whom; and what
// they do there: give a ticket to someone greeted at the door, re-route,
// mark a priority, write a note, record a walk-out, or serve on the spot.
type orienteurScreen struct {
	t *Tablet

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

	alerts    *slots[*alertSlot]
	unhappy   *fyne.Container
	asked     []QuestionView // the questions the answers' drop-downs are for
	questions *fyne.Container
	queues    *slots[*queueSlot]
	queueBox  *fyne.Container
	appts     *lineList
	staff     *lineList
	selTitle  *canvas.Text
	selInfo   *lineList
	actions   *fyne.Container
	root      fyne.CanvasObject
}

func newOrienteurScreen(t *Tablet) *orienteurScreen {
	o := &orienteurScreen{t: t, NewAnswers: map[string]*selectOf{}, Pick: map[string]*widget.Button{}, Dismiss: map[string]*widget.Button{}}
	f := &t.Door
	o.NewReason = newSelect(lang.L("counter.door.reason"), func(id string) { f.Reason, f.Answers = id, nil; t.Edited() })
	o.NewPriority = newSelect(lang.L("counter.priority"), func(id string) { f.Priority = id })
	o.Create = primary(widget.NewButton(lang.L("counter.door.create"), t.Create))
	o.RerouteReason = newSelect(lang.L("counter.reroute.reason"), func(id string) { f.Reroute = id })
	o.Reroute = widget.NewButton(lang.L("counter.reroute"), t.Reroute)
	o.Priority = newSelect(lang.L("counter.priority"), func(id string) { f.NewPriority = id })
	o.Why = widget.NewEntry()
	o.Why.SetPlaceHolder(lang.L("counter.priority.why"))
	o.Why.OnChanged = func(s string) { f.Why = s }
	o.SetPriority = widget.NewButton(lang.L("counter.priority.set"), t.SetPriority)
	o.NoteEntry = widget.NewEntry()
	o.NoteEntry.SetPlaceHolder(lang.L("counter.note.hint"))
	o.NoteEntry.OnChanged = func(s string) { f.Note = s }
	o.AddNote = widget.NewButton(lang.L("counter.note.add"), t.AddDoorNote)
	o.Cancel = widget.NewButton(lang.L("counter.cancel"), t.Cancel)
	o.DoorOutcome = newSelect(lang.L("counter.outcome"), func(id string) { f.Outcome = id })
	o.ServeAtDoor = primary(widget.NewButton(lang.L("counter.serve_at_door"), t.ServeAtDoor))

	o.unhappy = container.NewVBox(heading(lang.L("counter.detractor.heading")))
	o.alerts = newSlots(o.unhappy, o.newAlert)
	o.questions = container.NewVBox()
	o.queueBox = container.NewVBox()
	o.queues = newSlots(o.queueBox, o.newQueue)
	o.appts = newLineList()
	o.staff = newLineList()
	o.selTitle = text("", navy, 26, true)
	o.selInfo = newLineList()
	o.actions = container.NewVBox(
		o.selInfo.box,
		container.NewBorder(nil, nil, nil, o.Reroute, o.RerouteReason),
		container.NewGridWithColumns(2, o.Priority, o.Why), o.SetPriority,
		container.NewBorder(nil, nil, nil, o.AddNote, o.NoteEntry),
		container.NewBorder(nil, nil, nil, o.ServeAtDoor, o.DoorOutcome),
		o.Cancel,
	)
	left := container.NewVBox(
		o.unhappy,
		heading(lang.L("counter.store.waiting")), o.queueBox,
		heading(lang.L("counter.store.appointments")), o.appts.box,
		heading(lang.L("counter.store.staff")), o.staff.box,
	)
	right := container.NewVBox(
		card(heading(lang.L("counter.door.title")), o.NewReason, o.questions, o.NewPriority, o.Create),
		card(o.selTitle, o.actions),
	)
	o.root = container.NewPadded(panes(0.55, left, right))
	return o
}

func (o *orienteurScreen) render() {
	v, f := o.t.DoorScreen(), o.t.Door
	o.NewReason.SetOptions(v.Reasons)
	o.NewReason.set(f.Reason)
	o.RerouteReason.SetOptions(v.Reasons)
	o.RerouteReason.set(f.Reroute)
	o.NewPriority.SetOptions(v.Priorities)
	o.NewPriority.set(f.Priority)
	o.Priority.SetOptions(v.Priorities)
	o.Priority.set(f.NewPriority)
	o.DoorOutcome.SetOptions(v.Outcomes)
	o.DoorOutcome.set(f.Outcome)
	setEntry(o.Why, f.Why)
	setEntry(o.NoteEntry, f.Note)
	o.setQuestions(v.Questions)
	for id, s := range o.NewAnswers {
		s.set(f.Answers[id])
	}
	o.setAlerts(v.Alerts)
	o.setQueues(v.Queues)
	o.appts.texts(v.Appointments)
	o.staff.texts(v.Staff)
	showIf(o.actions, v.Selected != nil)
	o.selTitle.Text = lang.L("counter.select.none")
	if s := v.Selected; s != nil {
		o.selTitle.Text = s.Title
		o.selInfo.texts(s.Info)
	}
	o.selTitle.Refresh()
}

// setQuestions shows the questions of the reason chosen, as the kiosk asks
// them; their drop-downs are built when the reason changes.
func (o *orienteurScreen) setQuestions(qs []QuestionView) {
	if slices.EqualFunc(qs, o.asked, func(a, b QuestionView) bool { return a.ID == b.ID && a.Text == b.Text }) {
		return
	}
	o.asked = qs
	o.questions.RemoveAll()
	clear(o.NewAnswers)
	f := &o.t.Door
	for _, q := range qs {
		s := newSelect(q.Text, func(id string) {
			if f.Answers == nil {
				f.Answers = map[string]string{}
			}
			f.Answers[q.ID] = id
		})
		s.SetOptions(q.Options)
		o.NewAnswers[q.ID] = s
		o.questions.Add(widget.NewLabel(q.Text))
		o.questions.Add(s)
	}
}

// queueSlot is one reason's queue on screen: its heading and its tickets.
type queueSlot struct {
	head    *widget.Label
	grid    *fyne.Container
	ids     []string
	tickets *slots[*widget.Button]
}

func (o *orienteurScreen) newQueue() (*queueSlot, fyne.CanvasObject) {
	s := &queueSlot{head: wrap(""), grid: container.NewGridWrap(fyne.NewSize(150, 56))}
	s.tickets = newSlots(s.grid, func() (*widget.Button, fyne.CanvasObject) {
		n := len(s.ids)
		s.ids = append(s.ids, "")
		b := widget.NewButton("", func() { o.t.Select(s.ids[n]) })
		return b, b
	})
	return s, container.NewVBox(s.head, s.grid)
}

// setQueues shows each reason's queue, each ticket a button that selects
// it.
func (o *orienteurScreen) setQueues(qs []QueueView) {
	clear(o.Pick)
	o.queues.fill(len(qs), func(i int, s *queueSlot) {
		q := qs[i]
		imp := widget.MediumImportance
		if q.Late {
			imp = widget.DangerImportance
		}
		setLabel(s.head, q.Head, imp, true)
		s.tickets.fill(len(q.Tickets), func(j int, b *widget.Button) {
			p := q.Tickets[j]
			s.ids[j] = p.ID
			imp := widget.MediumImportance
			switch {
			case p.Selected:
				imp = widget.HighImportance
			case p.Late:
				imp = widget.DangerImportance
			}
			setButton(b, p.Label, imp)
			o.Pick[p.ID] = b
		})
		showIf(s.grid, len(q.Tickets) > 0)
	})
}

// alertSlot is an alert of an unhappy visitor on screen.
type alertSlot struct {
	ticket  string
	title   *canvas.Text
	detail  *widget.Label
	comment *widget.Label
	dismiss *widget.Button
}

func (o *orienteurScreen) newAlert() (*alertSlot, fyne.CanvasObject) {
	s := &alertSlot{title: text("", lateRed, 22, true), detail: wrap(""), comment: wrap("")}
	s.comment.TextStyle.Italic = true
	s.dismiss = primary(widget.NewButton(lang.L("counter.detractor.dismiss"), func() { o.t.Dismiss(s.ticket) }))
	bg := canvas.NewRectangle(rgb(0xFBE9EB))
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = lateRed, 3, 6
	return s, container.NewPadded(container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, nil, s.dismiss,
		container.NewVBox(s.title, s.detail, s.comment)))))
}

// setAlerts shows the alerts of unhappy visitors above the queues, each
// with its dismiss button; nothing when there is none.
func (o *orienteurScreen) setAlerts(as []detractorAlert) {
	clear(o.Dismiss)
	o.alerts.fill(len(as), func(i int, s *alertSlot) {
		a := as[i]
		s.ticket = a.Ticket
		s.title.Text = a.Title
		s.title.Refresh()
		s.detail.SetText(a.Detail)
		s.comment.SetText(a.Comment)
		o.Dismiss[a.Ticket] = s.dismiss
	})
	showIf(o.unhappy, len(as) > 0)
}
