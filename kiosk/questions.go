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
	Options map[string]*widget.Button // by option id
	root    fyne.CanvasObject
}

func newQuestionsScreen(k *Kiosk) *questionsScreen {
	f := k.flow
	s := &questionsScreen{Options: map[string]*widget.Button{}}
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
		b := button(o.Label, nil, imp, func() { f.Answer(o.ID) })
		s.Options[o.ID] = b
		buttons = append(buttons, k.sized(tall(b, choiceHeight), 36))
	}
	objs := []fyne.CanvasObject{
		textBlock(context, theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading),
		title(q.Text),
	}
	if r := f.Reminder(); r != "" {
		objs = append(objs, reminder(r, theme.SizeNameSubHeadingText))
	}
	objs = append(objs, container.New(&choices{minWidth: 620, maxCols: 2, width: k.win.Canvas().Size().Width}, buttons...))
	s.root = k.frame(&s.chrome, container.NewVBox(objs...), true, true, f.Touch)
	return s
}

func (s *questionsScreen) object() fyne.CanvasObject { return s.root }

func (s *questionsScreen) refresh() {}

// reminder is a framed notice with a warning sign, in text of size.
func reminder(text string, size fyne.ThemeSizeName) fyne.CanvasObject {
	icon := widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))
	msg := textBlock(text, size, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	return framed(container.NewBorder(nil, nil, icon, nil, msg), theme.ColorNameWarning)
}
