package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// welcomeScreen is the attract screen: a greeting, the languages, the wait
// posted for each reason. A touch anywhere starts.
type welcomeScreen struct {
	chrome
	k      *Kiosk
	Start  *widget.Button
	waits  *fyne.Container // a row per reason: name, wait
	status *widget.RichText
	root   fyne.CanvasObject
}

func newWelcomeScreen(k *Kiosk) *welcomeScreen {
	f, th := k.flow, k.theme()
	s := &welcomeScreen{k: k}
	hello := canvas.NewText(lang.L("kiosk.welcome.hello"), th.Color(theme.ColorNamePrimary, 0))
	hello.TextSize = 120
	hello.TextStyle.Bold = true
	hello.Alignment = fyne.TextAlignCenter
	touch := textBlock(lang.L("kiosk.welcome.touch"), theme.SizeNameHeadingText, false, theme.ColorNameForeground, fyne.TextAlignCenter)
	s.Start = button(lang.L("kiosk.welcome.start"), theme.NavigateNextIcon(), widget.HighImportance, f.Start)
	if !f.Ready() { // first start: the configuration comes from the hub
		setText(touch, lang.L("kiosk.welcome.starting"))
		s.Start.Disable()
	}
	s.Start.IconPlacement = widget.ButtonIconTrailingText
	s.status = textBlock("", theme.SizeNameCaptionText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
	greeting := container.NewVBox(layout.NewSpacer(), hello, touch, k.sized(tall(s.Start, 160), 48),
		para(lang.L("kiosk.welcome.scan")), s.status, layout.NewSpacer())

	s.waits = container.NewVBox()
	info := container.NewVBox(
		layout.NewSpacer(),
		textBlock(lang.L("kiosk.welcome.waits"), theme.SizeNameSubHeadingText, true, theme.ColorNameForeground, fyne.TextAlignLeading),
		s.waits,
		layout.NewSpacer(),
	)
	body := container.New(&split{ratio: 0.5, landscape: k.landscape(), portrait: 0.45}, greeting, info)
	s.root = k.frame(&s.chrome, body, false, true, f.Start)
	return s
}

func (s *welcomeScreen) object() fyne.CanvasObject { return s.root }

func (s *welcomeScreen) refresh() {
	var rows []fyne.CanvasObject
	for _, p := range s.k.flow.Posted() {
		wait := textBlock(waitText(p.Wait, p.Known), theme.SizeNameText, true, theme.ColorNameForeground, fyne.TextAlignTrailing)
		wait.Wrapping = fyne.TextWrapOff
		name := textBlock(p.Name, theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
		rows = append(rows, container.NewBorder(nil, nil, nil, wait, name))
	}
	s.waits.Objects = rows
	s.waits.Refresh()
	if s.k.flow.Online() {
		setText(s.status, lang.L("kiosk.welcome.online"))
	} else {
		setText(s.status, lang.L("kiosk.welcome.offline"))
	}
}
