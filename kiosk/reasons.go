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
	Reasons map[string]*bigButton // by reason code
	root    fyne.CanvasObject
}

func newReasonsScreen(k *Kiosk) *reasonsScreen {
	f := k.flow
	s := &reasonsScreen{Reasons: map[string]*bigButton{}}
	var buttons []fyne.CanvasObject
	for _, r := range f.Reasons() {
		b := newBigButton(r.Name, assets.ReasonIcon(r.Icon), widget.HighImportance, sizeChoice, fyne.TextAlignLeading, false, func() { f.ChooseReason(r.Code) })
		s.Reasons[r.Code] = b
		buttons = append(buttons, tall(b.object(), choiceHeight))
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
