package main

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/eta"
	"accueil/internal/queue"
)

// minutes says a duration in whole minutes, "12 min", "1 h 05".
func minutes(d time.Duration) string {
	m := int(math.Floor(d.Minutes()))
	if m < 60 {
		return lang.L("counter.minutes", map[string]any{"Minutes": max(m, 0)})
	}
	return lang.L("counter.hours", map[string]any{"Hours": m / 60, "Minutes": fmt.Sprintf("%02d", m%60)})
}

// waitRange is an estimated wait: "12 min", or "10–15 min" when it is
// uncertain (see eta.Wait.Minutes).
func waitRange(w eta.Wait) string {
	low, high := w.Minutes()
	if low < high {
		return lang.L("counter.minutes_range", map[string]any{"Low": low, "High": high})
	}
	return minutes(time.Duration(high) * time.Minute)
}

// reasonName is the configured name of a reason in the screen's language.
func reasonName(cfg *queue.Config, code, lng string) string {
	if r := cfg.Reason(code); r != nil {
		return r.Name.In(lng)
	}
	return code
}

// staffName is a staff member's name, or their id when unknown.
func staffName(cfg *queue.Config, id string) string {
	if s := cfg.StaffMember(id); s != nil {
		return s.Name
	}
	return id
}

// counterName is "Guichet 3", or the door for the orienteur.
func counterName(cfg *queue.Config, id string) string {
	if id == "" {
		return lang.L("counter.at_door")
	}
	name := id
	if c := cfg.Counter(id); c != nil {
		name = c.Name
	}
	return lang.L("counter.counter_name", map[string]any{"Name": name})
}

// answerLines renders a ticket's answers with the configured question and
// option texts, in the order of the questions: "Which device? Phone".
func answerLines(cfg *queue.Config, t *queue.Ticket, lng string) []string {
	r := cfg.Reason(t.Reason)
	var out []string
	seen := map[string]bool{}
	// Answers were given for the reason the ticket was issued for; after a
	// transfer they still belong to it, so look in every reason.
	reasons := cfg.Reasons
	if r != nil {
		reasons = append([]queue.Reason{*r}, reasons...)
	}
	for _, rr := range reasons {
		for _, q := range rr.Questions {
			a, ok := t.Answers[q.ID]
			if !ok || seen[q.ID] {
				continue
			}
			i := slices.IndexFunc(q.Options, func(o queue.Option) bool { return o.ID == a })
			if i < 0 {
				continue
			}
			seen[q.ID] = true
			out = append(out, q.Text.In(lng)+" "+q.Options[i].Label.In(lng))
		}
	}
	return out
}

// reasonChoices are the door reasons (see queue.Config.DoorReasons), in
// language lng.
func reasonChoices(cfg *queue.Config, lng string) []Choice {
	var out []Choice
	for _, r := range cfg.DoorReasons() {
		out = append(out, Choice{r.Code, r.Name.In(lng)})
	}
	return out
}

// priorityName says a priority, "" for a normal one.
func priorityName(p queue.Priority) string {
	if p == "" || p == queue.PriorityNormal {
		return ""
	}
	return lang.L("counter.priority." + string(p))
}

// outcomeName says a configured outcome.
func outcomeName(o string) string {
	return lang.X("counter.outcome."+o, strings.ReplaceAll(o, "_", " "))
}

// text is a label of colour c, bold when strong, of size size (0: normal).
func text(s string, c color.Color, size float32, strong bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextStyle.Bold = strong
	if size > 0 {
		t.TextSize = size
	}
	return t
}

// wrap is a word-wrapped label.
func wrap(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a section title.
func heading(s string) fyne.CanvasObject {
	return text(s, navy, 22, true)
}

// card puts objects on a pale background with a padding.
func card(objs ...fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(cardBG)
	bg.CornerRadius = 6
	return container.NewStack(bg, container.NewPadded(container.NewVBox(objs...)))
}

// primary makes a high-importance button.
func primary(b *widget.Button) *widget.Button {
	b.Importance = widget.HighImportance
	return b
}

// selectOf is a drop-down of options shown by label, reporting ids.
type selectOf struct {
	widget.Select // by value: the widget the canvas holds is the selectOf itself, so its pop-up finds its window
	ids           []string
	labels        []string
}

func newSelect(placeholder string, onChange func(id string)) *selectOf {
	s := &selectOf{}
	s.OnChanged = func(string) {
		if onChange != nil {
			onChange(s.ID())
		}
	}
	s.PlaceHolder = placeholder
	s.ExtendBaseWidget(s)
	return s
}

// SetOptions replaces the options, keeping the selection when it is still
// there.
func (s *selectOf) SetOptions(cs []Choice) {
	ids, labels := make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		ids[i], labels[i] = c.ID, c.Label
	}
	if slices.Equal(ids, s.ids) && slices.Equal(labels, s.labels) {
		return
	}
	cur, chosen := s.ID(), s.Selected != ""
	s.ids, s.labels = ids, labels
	s.Options = labels
	s.Selected = ""
	s.show(cur, chosen)
}

// set shows the option with id selected, none for "", without calling
// OnChanged: the screens show what the tablet holds.
func (s *selectOf) set(id string) { s.show(id, id != "") }

// show shows the option with id selected when chosen, else none.
func (s *selectOf) show(id string, chosen bool) {
	sel := ""
	if i := slices.Index(s.ids, id); i >= 0 && chosen {
		sel = s.labels[i]
	}
	if sel != s.Selected {
		s.Selected = sel
		s.Refresh()
	}
}

// ID is the id of the selected option, or "".
func (s *selectOf) ID() string {
	if i := slices.Index(s.labels, s.Selected); i >= 0 && s.Selected != "" {
		return s.ids[i]
	}
	return ""
}

// Choose selects the option with id.
func (s *selectOf) Choose(id string) {
	if i := slices.Index(s.ids, id); i >= 0 {
		s.SetSelected(s.labels[i])
	}
}

// adaptive lays out two panes side by side on a landscape screen and one
// above the other on a portrait one.
type adaptive struct{ split float32 }

func (a adaptive) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (a adaptive) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		layout.NewStackLayout().Layout(objs, size)
		return
	}
	gap := float32(12)
	if size.Width >= size.Height {
		w := (size.Width - gap) * a.split
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(w, size.Height))
		objs[1].Move(fyne.NewPos(w+gap, 0))
		objs[1].Resize(fyne.NewSize(size.Width-w-gap, size.Height))
		return
	}
	h := (size.Height - gap) * a.split
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+gap))
	objs[1].Resize(fyne.NewSize(size.Width, size.Height-h-gap))
}

// panes is the two scrolled panes of a screen.
func panes(split float32, left, right fyne.CanvasObject) fyne.CanvasObject {
	return container.New(adaptive{split}, container.NewVScroll(left), container.NewVScroll(right))
}

// rgb is an opaque colour from 0xRRGGBB.
func rgb(c uint32) color.NRGBA {
	return color.NRGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 0xFF}
}
