package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
)

// deskScreen is the conseiller's and expert's screen: call the next
// visitor, see what they already said, serve, and close or pass the visit
// on. The ticket on screen is the one the staff member called, so a
// restart or a second tablet shows the same.
type deskScreen struct {
	t *Tablet

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

	waiting   *rowList // call buttons by ticket id
	appts     *rowList // check-in buttons by appointment code
	callHint  *widget.Label
	idCheck   *fyne.Container
	rebond    *fyne.Container
	rebondTip *canvas.Text
	number    *canvas.Text
	reason    *canvas.Text
	status    *widget.Label
	details   *lineList
	called    *fyne.Container
	serving   *fyne.Container
	noting    *fyne.Container
	apptsHead fyne.CanvasObject
	root      fyne.CanvasObject
}

func newDeskScreen(t *Tablet) *deskScreen {
	d := &deskScreen{t: t}
	f := &t.Desk
	d.CallNext = primary(widget.NewButton(lang.L("counter.call_next"), t.CallNext))
	d.callHint = wrap("")
	d.Recall = widget.NewButton(lang.L("counter.recall"), t.Recall)
	d.Start = primary(widget.NewButton(lang.L("counter.start"), t.Start))
	d.NoShow = widget.NewButton(lang.L("counter.no_show"), t.NoShow)
	d.Requeue = widget.NewButton(lang.L("counter.requeue"), t.Requeue)
	d.Outcome = newSelect(lang.L("counter.outcome"), func(id string) { f.Outcome = id; t.Edited() })
	d.Finish = primary(widget.NewButton(lang.L("counter.finish"), t.Finish))
	d.IDDocument = newSelect(lang.L("counter.idcheck.document"), func(id string) { f.IDDocument = id; t.Edited() })
	var docs []Choice
	for _, doc := range queue.IDDocuments() {
		docs = append(docs, Choice{doc, lang.L("counter.idcheck." + doc)})
	}
	d.IDDocument.SetOptions(docs)
	d.NameMatches = widget.NewCheck(lang.L("counter.idcheck.name_matches"), func(on bool) { f.NameMatches = on; t.Edited() })
	d.idCheck = container.NewVBox(wrap(lang.L("counter.idcheck.why")), d.IDDocument, d.NameMatches)
	d.RebondProposed = widget.NewCheck(lang.L("counter.rebond.proposed"), func(on bool) {
		f.RebondProposed = on
		f.RebondAccepted = f.RebondAccepted && on
		t.Edited()
	})
	d.RebondAccepted = widget.NewCheck(lang.L("counter.rebond.accepted"), func(on bool) { f.RebondAccepted = on; t.Edited() })
	d.rebondTip = text("", navy, 20, true)
	d.rebond = container.NewVBox(card(text(lang.L("counter.rebond.title"), ink, 0, false), d.rebondTip,
		container.NewHBox(d.RebondProposed, d.RebondAccepted)))
	d.NoteEntry = widget.NewMultiLineEntry()
	d.NoteEntry.SetPlaceHolder(lang.L("counter.note.hint"))
	d.NoteEntry.SetMinRowsVisible(2)
	d.NoteEntry.OnChanged = func(s string) { f.Note = s }
	d.AddNote = widget.NewButton(lang.L("counter.note.add"), t.AddNote)
	d.TransferReason = newSelect(lang.L("counter.transfer.reason"), func(id string) { f.TransferReason = id })
	d.TransferTo = newSelect(lang.L("counter.transfer.to"), func(id string) { f.TransferTo = id })
	d.Transfer = widget.NewButton(lang.L("counter.transfer"), t.Transfer)

	d.number = text("", navy, 72, true)
	d.reason = text("", ink, 26, true)
	d.status = widget.NewLabel("")
	d.details = newLineList()
	d.called = container.NewGridWithColumns(2, d.Start, d.Recall, d.NoShow, d.Requeue)
	d.serving = container.NewVBox(
		d.rebond,
		container.NewBorder(nil, nil, nil, d.Finish, d.Outcome),
		d.idCheck,
		widget.NewSeparator(),
		container.NewGridWithColumns(2, d.TransferReason, d.TransferTo),
		d.Transfer,
	)
	// The note's button sits beside it, not under.
	d.noting = container.NewBorder(nil, nil, nil, d.AddNote, d.NoteEntry)
	d.waiting = newRowList(t.CallTicket)
	d.appts = newRowList(t.CheckIn)
	d.apptsHead = heading(lang.L("counter.appointments.today"))

	// What is done with the visitor stays at the bottom of the screen,
	// under what they said, which scrolls: on an 800-px-high tablet every
	// button stays in reach however long the notes.
	left := container.NewBorder(
		container.NewVBox(container.NewGridWithRows(1, d.CallNext), d.callHint),
		container.NewVBox(d.called, d.serving, d.noting), nil, nil,
		container.NewVScroll(card(d.number, d.reason, d.status, d.details.box)),
	)
	right := container.NewVScroll(container.NewVBox(
		heading(lang.L("counter.waiting")), d.waiting.box,
		d.apptsHead, d.appts.box,
	))
	d.root = container.NewPadded(container.New(adaptive{0.58}, left, right))
	return d
}

func (d *deskScreen) render() {
	v, f := d.t.DeskScreen(), d.t.Desk
	setButton(d.CallNext, v.CallNext, widget.HighImportance)
	enable(d.CallNext, v.CanCallNext)
	d.callHint.SetText(v.CallHint)
	showIf(d.callHint, v.CallHint != "")

	tk := v.Ticket
	showIf(d.called, tk != nil && tk.Called)
	showIf(d.serving, tk != nil && !tk.Called)
	showIf(d.noting, tk != nil)
	if tk == nil {
		d.number.Text, d.reason.Text = "—", lang.L("counter.nobody")
		d.status.SetText("")
		d.details.set(nil)
	} else {
		d.number.Text, d.reason.Text = tk.Number, tk.Reason
		d.status.SetText(tk.Status)
		d.details.set(tk.Details)
		setButton(d.Recall, tk.Recall, widget.MediumImportance)
		enable(d.Recall, tk.CanRecall)
	}
	d.number.Refresh()
	d.reason.Refresh()

	showIf(d.rebond, v.Rebond != "")
	d.rebondTip.Text = v.Rebond
	d.rebondTip.Refresh()
	setCheck(d.RebondProposed, f.RebondProposed)
	setCheck(d.RebondAccepted, f.RebondAccepted)
	enable(d.RebondAccepted, v.CanAccept)
	d.Outcome.SetOptions(v.Outcomes)
	d.Outcome.set(f.Outcome)
	showIf(d.idCheck, v.IDCheck)
	d.IDDocument.set(f.IDDocument)
	setCheck(d.NameMatches, f.NameMatches)
	enable(d.Finish, v.CanFinish)
	setEntry(d.NoteEntry, f.Note)
	d.TransferReason.SetOptions(v.TransferReasons)
	d.TransferReason.set(f.TransferReason)
	d.TransferTo.SetOptions(v.TransferTo)
	d.TransferTo.set(f.TransferTo)

	d.waiting.set(v.Waiting)
	showIf(d.apptsHead, v.Appointments != nil)
	showIf(d.appts.box, v.Appointments != nil)
	d.appts.set(v.Appointments)
}
