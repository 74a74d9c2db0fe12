package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The lists of the screens keep their widgets and set them again at each
// redraw, hiding those left over: a redraw makes no new widget. Fyne keeps
// a renderer for every widget it has drawn, and a tablet redraws all day.

// grow adds to *slots, and to box, new ones made by mk until there are n.
func grow[S any](slots *[]S, n int, box *fyne.Container, mk func() (S, fyne.CanvasObject)) {
	for len(*slots) < n {
		s, o := mk()
		*slots = append(*slots, s)
		box.Add(o)
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
	labels []*widget.Label
}

func newLineList() *lineList { return &lineList{box: container.NewVBox()} }

func (l *lineList) set(lines []Line) {
	grow(&l.labels, len(lines), l.box, func() (*widget.Label, fyne.CanvasObject) {
		lb := wrap("")
		return lb, lb
	})
	for i, lb := range l.labels {
		if i >= len(lines) {
			lb.Hide()
			continue
		}
		imp := map[LineKind]widget.Importance{Plain: widget.MediumImportance, Heading: widget.HighImportance, Alert: widget.DangerImportance}[lines[i].Kind]
		setLabel(lb, lines[i].Text, imp, lines[i].Kind != Plain)
		lb.Show()
	}
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
	rows    []*rowSlot
	tap     func(id string)
	Buttons map[string]*widget.Button
}

type rowSlot struct {
	id     string
	text   *canvas.Text
	button *widget.Button
	side   *widget.Label
	obj    fyne.CanvasObject
}

func newRowList(tap func(id string)) *rowList {
	return &rowList{box: container.NewVBox(), tap: tap, Buttons: map[string]*widget.Button{}}
}

func (l *rowList) set(rows []Row) {
	grow(&l.rows, len(rows), l.box, func() (*rowSlot, fyne.CanvasObject) {
		s := &rowSlot{text: text("", ink, 0, false), side: widget.NewLabel("")}
		s.button = widget.NewButton("", func() { l.tap(s.id) })
		s.obj = container.NewBorder(nil, nil, nil, container.NewStack(s.button, s.side), s.text)
		return s, s.obj
	})
	clear(l.Buttons)
	for i, s := range l.rows {
		if i >= len(rows) {
			s.obj.Hide()
			continue
		}
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
		s.obj.Show()
	}
}
