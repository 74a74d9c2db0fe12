package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// questionsScreen asks one of the reason's follow-up questions, with its
// answers as big buttons, and the reason's reminder ("have an ID document
// ready").
type questionsScreen struct {
	chrome
	k       *Kiosk
	Options map[string]*bigButton // by option id
	root    fyne.CanvasObject
}

func newQuestionsScreen(k *Kiosk) *questionsScreen {
	f := k.flow
	s := &questionsScreen{k: k, Options: map[string]*bigButton{}}
	q := f.Question()
	if q == nil { // the configuration changed under the visitor's finger
		s.root = k.frame(&s.chrome, widget.NewLabel(""), true, true, f.Touch)
		return s
	}
	context := f.ReasonName(f.Reason().Code)
	if q.Total > 1 {
		context += " · " + lang.L("kiosk.question.progress", map[string]any{"N": q.N, "Total": q.Total})
	}
	var buttons []fyne.CanvasObject
	for _, o := range q.Options {
		imp := widget.HighImportance
		if o.Chosen {
			imp = widget.SuccessImportance
		}
		b := newBigButton(o.Label, nil, imp, sizeChoice, fyne.TextAlignCenter, false, func() { f.Answer(o.ID) })
		s.Options[o.ID] = b
		buttons = append(buttons, tall(b.object(), choiceHeight))
	}
	objs := []fyne.CanvasObject{
		textBlock(context, theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading),
		title(q.Text),
	}
	if r := f.Reminder(); r != "" {
		box, _ := reminder(r, theme.SizeNameSubHeadingText)
		objs = append(objs, box)
	}
	objs = append(objs, container.New(&choices{minWidth: 620, maxCols: 2, width: k.win.Canvas().Size().Width}, buttons...))
	s.root = k.frame(&s.chrome, container.NewVBox(objs...), true, true, f.Touch)
	return s
}

func (s *questionsScreen) object() fyne.CanvasObject { return s.root }

func (s *questionsScreen) refresh() {
	q := s.k.flow.Question()
	if q == nil {
		return
	}
	for _, o := range q.Options {
		if b := s.Options[o.ID]; b != nil {
			if o.Chosen {
				b.setImportance(widget.SuccessImportance)
			} else {
				b.setImportance(widget.HighImportance)
			}
		}
	}
}

// reminder is a framed notice with a warning sign, in text of size, and
// its text.
func reminder(text string, size fyne.ThemeSizeName) (fyne.CanvasObject, *widget.RichText) {
	icon := widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))
	msg := textBlock(text, size, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	return framed(container.NewBorder(nil, nil, icon, nil, msg), theme.ColorNameWarning), msg
}
