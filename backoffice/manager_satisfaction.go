package main

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/chart"
	"accueil/internal/managerpage"
)

// satisfactionScreen is what visitors answered: the NPS of the last
// satisfactionDays, by reason, by staff member and by wait (the pages'
// chart, as an image), today's detractors and the comments.
type satisfactionScreen struct {
	m *manager
	scrolling
}

func newSatisfactionScreen(m *manager) *satisfactionScreen {
	return &satisfactionScreen{m: m, scrolling: newScrolling()}
}

// answers lists answers as the pages do: the score (detractors in red),
// the visit, who served it and after what wait, the comment.
func (s *satisfactionScreen) answers(rows []managerpage.AnswerRow) fyne.CanvasObject {
	L := s.m.views.L
	var out [][]fyne.CanvasObject
	for _, a := range rows {
		visit := cell(a.Day+" · "+a.Number+" · "+a.Reason+"\n"+L("manager.report.answer_visit", "Staff", a.Staff, "Wait", a.Wait), false)
		comment := cell(a.Comment, false)
		comment.Wrapping = fyne.TextWrapWord
		out = append(out, []fyne.CanvasObject{cell(fmt.Sprint(a.Score), a.Class == "detractor"), visit, comment})
	}
	return table([]string{L("manager.col.score"), L("manager.col.visit"), L("manager.col.comment")}, out...)
}

// show renders the model's satisfaction.
func (s *satisfactionScreen) show() {
	v, L := s.m.Answers, s.m.views.L
	objs := []fyne.CanvasObject{heading(L("manager.window.nps_days", "Days", satisfactionDays))}
	if v.NPS.Score == "" {
		objs = append(objs, widget.NewLabel(L("manager.report.nps_none")))
	} else {
		objs = append(objs,
			widget.NewLabelWithStyle(v.NPS.Score+" "+L("manager.report.nps_score"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabel(fmt.Sprintf("%d %s", v.NPS.Answers, L("manager.report.nps_answers", "Promoters", v.NPS.Promoters, "Passives", v.NPS.Passives, "Detractors", v.NPS.Detractors))))
	}
	var reasons, staff [][]fyne.CanvasObject
	for _, r := range v.Reasons {
		reasons = append(reasons, []fyne.CanvasObject{cell(r.Label, false), cell(r.NPS, false)})
	}
	for _, r := range v.Staff {
		staff = append(staff, []fyne.CanvasObject{cell(r.Name, false), cell(r.NPS, false)})
	}
	objs = append(objs, container.NewGridWithColumns(2,
		table([]string{L("manager.col.reason"), L("manager.report.nps")}, reasons...),
		table([]string{L("manager.col.name"), L("manager.report.nps")}, staff...)))
	if s.m.NPSChart != nil {
		img := canvas.NewImageFromResource(fyne.NewStaticResource("nps-by-wait.png", s.m.NPSChart))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(chart.Width, chart.Height))
		objs = append(objs, heading(L("manager.report.chart.nps")), img, widget.NewLabel(L("manager.report.chart.nps_sum")))
	}
	objs = append(objs, heading(L("manager.window.detractors_today")))
	if len(s.m.Detractors) == 0 {
		objs = append(objs, widget.NewLabel(L("manager.window.no_detractor")))
	} else {
		objs = append(objs, s.answers(s.m.Detractors))
	}
	if len(v.NPS.Comments) > 0 {
		objs = append(objs, heading(L("manager.report.comments")), s.answers(v.NPS.Comments))
	}
	s.set(objs)
}
