package main

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/chart"
	"accueil/internal/managerpage"
	"accueil/internal/report"
)

// reportsScreen is a report of a usual range: its summary, its charts (the
// pages' ones, as images) and its figures by reason and by staff member.
type reportsScreen struct {
	m      *manager
	Ranges map[string]*widget.Button // by report.Quick key
	scrolling
	root fyne.CanvasObject
}

func newReportsScreen(ctx context.Context, m *manager) *reportsScreen {
	s := &reportsScreen{m: m, Ranges: map[string]*widget.Button{}, scrolling: newScrolling()}
	bar := container.NewHBox()
	for _, q := range report.QuickRanges(m.now()) {
		b := widget.NewButton(m.views.L("manager.report.quick."+q.Key), func() { m.ShowReport(ctx, q.Key) })
		s.Ranges[q.Key] = b
		bar.Add(b)
	}
	s.root = container.NewBorder(bar, nil, nil, nil, s.scrolling.root)
	return s
}

// show renders the model's report.
func (s *reportsScreen) show() {
	v, L := s.m.Report, s.m.views.L
	for key, b := range s.Ranges {
		b.Importance = widget.MediumImportance
		if key == s.m.Range {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	var objs []fyne.CanvasObject
	switch {
	case s.m.ReportErr != "":
		objs = append(objs, cell(s.m.ReportErr, true))
	case v.From == "": // not computed yet
	case v.Total.Arrivals == 0:
		objs = append(objs, widget.NewLabel(L("manager.report.empty", "From", v.From, "To", v.To)))
	default:
		objs = append(objs, heading(L("manager.report.summary", "Arrivals", v.Total.Arrivals, "Served", v.Total.Served, "Wait", v.Total.WaitMean, "SLA", v.Total.SLA)))
		var charts []fyne.CanvasObject
		for _, c := range s.m.Charts {
			img := canvas.NewImageFromResource(fyne.NewStaticResource(c.Title+".png", c.PNG))
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(chart.Width*2/3, chart.Height*2/3))
			summary := widget.NewLabel(c.Summary)
			summary.Wrapping = fyne.TextWrapWord
			charts = append(charts, container.NewVBox(heading(c.Title), img, summary))
		}
		objs = append(objs, container.NewGridWithColumns(2, charts...),
			heading(L("manager.report.by_reason")), figures(L, append(v.Reasons, v.Total)),
			heading(L("manager.report.by_staff")), staffFigures(L, v.Staff))
	}
	s.set(objs)
}

// figures lays out the figures of rows: arrivals, waits, share within
// target, walk-outs, no-shows, NPS.
func figures(L func(string, ...any) string, rows []managerpage.FiguresRow) fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	for _, r := range rows {
		out = append(out, []fyne.CanvasObject{cell(r.Label, false), cell(fmt.Sprint(r.Arrivals), false), cell(r.WaitMean, false), cell(r.WaitP90, false),
			cell(r.SLA, false), cell(fmt.Sprint(r.WalkOuts), false), cell(fmt.Sprint(r.NoShows), false), cell(r.NPS, false)})
	}
	return table([]string{L("manager.col.reason"), L("manager.col.arrivals"), L("manager.col.wait_mean"), L("manager.col.wait_p90"),
		L("manager.col.within_sla"), L("manager.col.walk_outs"), L("manager.col.no_shows"), L("manager.col.nps")}, out...)
}

// staffFigures lays out, for each staff member, the visits served, their
// service times and NPS.
func staffFigures(L func(string, ...any) string, rows []managerpage.StaffRow) fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	for _, r := range rows {
		out = append(out, []fyne.CanvasObject{cell(r.Name, false), cell(fmt.Sprint(r.Served), false), cell(r.ServiceMean, false), cell(r.ServiceP90, false), cell(r.NPS, false)})
	}
	return table([]string{L("manager.col.name"), L("manager.col.served"), L("manager.col.service_mean"), L("manager.col.service_p90"), L("manager.col.nps")}, out...)
}
