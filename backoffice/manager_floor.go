package main

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// floorScreen is the live floor: the queues, red past their target; the
// staff; the devices' alerts; the last hour; today's NPS.
type floorScreen struct {
	m *manager
	scrolling
}

func newFloorScreen(m *manager) *floorScreen { return &floorScreen{m: m, scrolling: newScrolling()} }

// scrolling is a screen whose lines scroll, set again at each show.
type scrolling struct {
	body *fyne.Container
	root fyne.CanvasObject
}

func newScrolling() scrolling {
	body := container.NewVBox()
	return scrolling{body: body, root: container.NewScroll(body)}
}

// set shows objs.
func (s scrolling) set(objs []fyne.CanvasObject) {
	s.body.Objects = objs
	s.body.Refresh()
}

// heading is a section's title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// cell is a table's cell, in red when late.
func cell(text string, late bool) *widget.Label {
	l := widget.NewLabel(text)
	if late {
		l.Importance = widget.DangerImportance
	}
	return l
}

// table lays out header and rows in columns.
func table(header []string, rows ...[]fyne.CanvasObject) *fyne.Container {
	g := container.NewGridWithColumns(len(header))
	for _, h := range header {
		g.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, r := range rows {
		for _, o := range r {
			g.Add(o)
		}
	}
	return g
}

// show renders the model's floor.
func (s *floorScreen) show() {
	f, L := s.m.Floor, s.m.views.L
	var queues [][]fyne.CanvasObject
	for _, r := range f.Reasons {
		waiting := fmt.Sprint(r.Waiting)
		if r.PastSLA {
			waiting += " · " + L("manager.floor.past_sla", "Count", r.Late)
		}
		queues = append(queues, []fyne.CanvasObject{cell(r.Name, r.PastSLA), cell(waiting, r.PastSLA), cell(r.Longest, r.PastSLA), cell(r.Posted, false), cell(r.SLA, false)})
	}
	objs := []fyne.CanvasObject{
		widget.NewLabel(L("manager.floor.updated", "Time", f.Updated)),
		heading(L("manager.floor.queues")),
		table([]string{L("manager.col.reason"), L("manager.col.waiting"), L("manager.col.longest"), L("manager.col.posted"), L("manager.col.sla")}, queues...),
		heading(L("manager.floor.staff")),
	}
	if len(f.Staff) == 0 {
		objs = append(objs, widget.NewLabel(L("manager.floor.no_staff")))
	} else {
		var staff [][]fyne.CanvasObject
		for _, p := range f.Staff {
			staff = append(staff, []fyne.CanvasObject{cell(p.Name+" ("+p.Role+")", false), cell(p.Counter, false), cell(p.Doing, false), cell(p.For, false)})
		}
		objs = append(objs, table([]string{L("manager.col.name"), L("manager.col.counter"), L("manager.col.doing"), L("manager.col.for")}, staff...))
	}
	objs = append(objs, heading(L("manager.floor.devices")))
	for _, d := range f.Devices {
		objs = append(objs, cell(d.ID+" · "+d.Kind+" — "+d.Status, d.Alert))
	}
	objs = append(objs, heading(L("manager.floor.last_hour")),
		widget.NewLabel(fmt.Sprintf("%d %s · %d %s", f.WalkOuts, L("manager.floor.walk_outs"), f.NoShows, L("manager.floor.no_shows"))),
		heading(L("manager.window.nps_today", "NPS", s.m.Today)))
	s.set(objs)
}
