package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The lists of the screens keep their widgets and set them again at each
// redraw, hiding those left over: a redraw makes no new widget. Fyne keeps
// what it drew for every widget until it is long gone, and a tablet
// redraws all day.

// slots are a list's widgets, kept across redraws: fill shows the first
// n, set again, and hides the rest, making more only when n grows.
type slots[S any] struct {
	box  *fyne.Container
	mk   func() (S, fyne.CanvasObject)
	all  []S
	objs []fyne.CanvasObject
}

func newSlots[S any](box *fyne.Container, mk func() (S, fyne.CanvasObject)) *slots[S] {
	return &slots[S]{box: box, mk: mk}
}

func (l *slots[S]) fill(n int, set func(i int, s S)) {
	for len(l.all) < n {
		s, o := l.mk()
		l.all, l.objs = append(l.all, s), append(l.objs, o)
		l.box.Add(o)
	}
	for i, s := range l.all {
		showIf(l.objs[i], i < n)
		if i < n {
			set(i, s)
		}
	}
}

// setLabel sets l's text and look, refreshing it only when they change.
func setLabel(l *widget.Label, text string, imp widget.Importance, bold bool) {
	if l.Text == text && l.Importance == imp && l.TextStyle.Bold == bold {
		return
	}
	l.Text, l.Importance, l.TextStyle.Bold = text, imp, bold
	l.Refresh()
}

// setButton sets b's label, refreshing it only when it changes.
func setButton(b *widget.Button, text string, imp widget.Importance) {
	if b.Text == text && b.Importance == imp {
		return
	}
	b.Text, b.Importance = text, imp
	b.Refresh()
}

// showIf shows o when show holds, else hides it.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// lineList shows Lines: wrapped text, headings in the primary colour,
// alerts in red.
type lineList struct {
	box    *fyne.Container
	labels *slots[*widget.Label]
}

func newLineList() *lineList {
	box := container.NewVBox()
	return &lineList{box: box, labels: newSlots(box, func() (*widget.Label, fyne.CanvasObject) {
		l := wrap("")
		return l, l
	})}
}

func (l *lineList) set(lines []Line) {
	l.labels.fill(len(lines), func(i int, lb *widget.Label) {
		imp := map[LineKind]widget.Importance{Plain: widget.MediumImportance, Heading: widget.HighImportance, Alert: widget.DangerImportance}[lines[i].Kind]
		setLabel(lb, lines[i].Text, imp, lines[i].Kind != Plain)
	})
}

// texts shows strings as wrapped text.
func (l *lineList) texts(ss []string) {
	lines := make([]Line, len(ss))
	for i, s := range ss {
		lines[i] = Line{Text: s}
	}
	l.set(lines)
}

// rowList shows Rows, each with its button or side label on the right.
// Buttons holds the buttons shown, by row id.
type rowList struct {
	box     *fyne.Container
	rows    *slots[*rowSlot]
	Buttons map[string]*widget.Button
}

type rowSlot struct {
	id     string
	text   *canvas.Text
	button *widget.Button
	side   *widget.Label
}

func newRowList(tap func(id string)) *rowList {
	box := container.NewVBox()
	return &rowList{box: box, Buttons: map[string]*widget.Button{}, rows: newSlots(box, func() (*rowSlot, fyne.CanvasObject) {
		s := &rowSlot{text: text("", ink, 0, false), side: widget.NewLabel("")}
		s.button = widget.NewButton("", func() { tap(s.id) })
		return s, container.NewBorder(nil, nil, nil, container.NewStack(s.button, s.side), s.text)
	})}
}

func (l *rowList) set(rows []Row) {
	clear(l.Buttons)
	l.rows.fill(len(rows), func(i int, s *rowSlot) {
		r := rows[i]
		s.id = r.ID
		c := ink
		if r.Late {
			c = lateRed
		}
		if s.text.Text != r.Text || s.text.Color != c || s.text.TextStyle.Bold != r.Late {
			s.text.Text, s.text.Color, s.text.TextStyle.Bold = r.Text, c, r.Late
			s.text.Refresh()
		}
		setButton(s.button, r.Action, widget.MediumImportance)
		showIf(s.button, r.Action != "")
		if r.Action != "" {
			l.Buttons[r.ID] = s.button
		}
		setLabel(s.side, r.Side, widget.MediumImportance, false)
		showIf(s.side, r.Side != "")
	})
}
