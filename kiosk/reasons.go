package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// reasonsScreen asks why the visitor came: one big button per reason.
type reasonsScreen struct {
	chrome
	Reasons map[string]*widget.Button // by reason code
	root    fyne.CanvasObject
}

func newReasonsScreen(k *Kiosk) *reasonsScreen {
	f := k.flow
	s := &reasonsScreen{Reasons: map[string]*widget.Button{}}
	var buttons []fyne.CanvasObject
	for _, r := range f.Reasons() {
		b := button(r.Name, assets.ReasonIcon(r.Icon), widget.HighImportance, func() { f.ChooseReason(r.Code) })
		b.Alignment = widget.ButtonAlignLeading
		s.Reasons[r.Code] = b
		buttons = append(buttons, k.sized(tall(b, choiceHeight), 36))
	}
	body := container.NewVBox(
		title(lang.L("kiosk.reasons.title")),
		para(lang.L("kiosk.reasons.hint")),
		container.New(&choices{minWidth: 760, maxCols: 2, width: k.win.Canvas().Size().Width}, buttons...),
	)
	s.root = k.frame(&s.chrome, body, true, true, f.Touch)
	return s
}

func (s *reasonsScreen) object() fyne.CanvasObject { return s.root }

func (s *reasonsScreen) refresh() {}
