package main

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
)

// detractors is the view-model of the alerts of unhappy visitors on the
// orienteur's screen: the open day's visits rated 0 to 6 after they ended
// (queue.State.Detractors), the latest first, each until it is dismissed
// on this tablet, so the orienteur can catch the visitor before they
// leave. Dismissing is the tablet's own business, not an event; it lasts
// as long as the app runs.
type detractors struct {
	dismissed map[string]bool // by ticket id
}

// detractorAlert is one alert, in the screen's language.
type detractorAlert struct {
	Ticket  string
	Title   string // the number, the reason and the score
	Detail  string // how long they waited, who served them
	Comment string
}

// alerts returns the alerts to show of state v at now, in language lng.
func (d *detractors) alerts(v *queue.State, lng string, now time.Time) []detractorAlert {
	var out []detractorAlert
	for _, t := range v.Detractors() {
		if d.dismissed[t.ID] {
			continue
		}
		a := detractorAlert{Ticket: t.ID,
			Title: lang.L("counter.detractor.title", map[string]any{"Number": t.Number, "Reason": reasonName(&v.Config, t.Reason, lng), "Score": t.Feedback.Score}),
			Detail: lang.L("counter.detractor.detail", map[string]any{"Wait": minutes(t.Wait(now)), "Staff": staffName(&v.Config, t.Staff),
				"At": t.Feedback.At.In(v.Config.Location()).Format("15:04")}),
			Comment: lang.L("counter.detractor.no_comment"),
		}
		if t.Feedback.Comment != "" {
			a.Comment = lang.L("counter.detractor.comment", map[string]any{"Comment": t.Feedback.Comment})
		}
		out = append(out, a)
	}
	return out
}

// dismiss hides the alert of ticket id.
func (d *detractors) dismiss(id string) {
	if d.dismissed == nil {
		d.dismissed = map[string]bool{}
	}
	d.dismissed[id] = true
}

// fillDetractors shows the alerts of unhappy visitors above the queues,
// each with its dismiss button; nothing when there is none.
func (o *orienteurScreen) fillDetractors(v *queue.State) {
	o.unhappy.RemoveAll()
	clear(o.Dismiss)
	for _, a := range o.u.Unhappy.alerts(v, o.u.S.Lang, o.u.S.Now()) {
		id := a.Ticket
		b := primary(widget.NewButton(lang.L("counter.detractor.dismiss"), func() {
			o.u.Unhappy.dismiss(id)
			o.u.refresh()
		}))
		o.Dismiss[id] = b
		comment := wrap(a.Comment)
		comment.TextStyle.Italic = true
		bg := canvas.NewRectangle(rgb(0xFBE9EB))
		bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = lateRed, 3, 6
		o.unhappy.Add(container.NewPadded(container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, nil, b,
			container.NewVBox(text(a.Title, lateRed, 22, true), wrap(a.Detail), comment))))))
	}
	if len(o.unhappy.Objects) > 0 {
		o.unhappy.Objects = append([]fyne.CanvasObject{heading(lang.L("counter.detractor.heading"))}, o.unhappy.Objects...)
	}
}
