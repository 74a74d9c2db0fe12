package main

import (
	"fyne.io/fyne/v2/lang"

	"accueil/internal/queue"
)

// detractorAlert is one alert, in the screen's language.
type detractorAlert struct {
	Ticket  string
	Title   string // the number, the reason and the score
	Detail  string // how long they waited, who served them
	Comment string
}

// alerts returns the alerts of unhappy visitors to show of state v: the
// open day's visits rated 0 to 6 after they ended (queue.State.Detractors),
// the latest first, each until it is dismissed on this tablet, so the
// orienteur can catch the visitor before they leave. Dismissing is the
// tablet's own business, not an event; it lasts as long as the app runs.
func (t *Tablet) alerts(v *queue.State) []detractorAlert {
	var out []detractorAlert
	for _, x := range v.Detractors() {
		if t.dismissed[x.ID] {
			continue
		}
		a := detractorAlert{Ticket: x.ID,
			Title: lang.L("counter.detractor.title", map[string]any{"Number": x.Number, "Reason": reasonName(&v.Config, x.Reason, t.lang), "Score": x.Feedback.Score}),
			Detail: lang.L("counter.detractor.detail", map[string]any{"Wait": minutes(x.Wait(t.now())), "Staff": staffName(&v.Config, x.Staff),
				"At": x.Feedback.At.In(v.Config.Location()).Format("15:04")}),
			Comment: lang.L("counter.detractor.no_comment"),
		}
		if x.Feedback.Comment != "" {
			a.Comment = lang.L("counter.detractor.comment", map[string]any{"Comment": x.Feedback.Comment})
		}
		out = append(out, a)
	}
	return out
}

// Dismiss hides the alert of ticket id.
func (t *Tablet) Dismiss(id string) {
	t.dismissed[id] = true
	t.changed()
}
