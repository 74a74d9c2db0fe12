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
	k     *Kiosk
	Start *bigButton
	// Incidents are the outages open, each with its button; rebuilt when
	// they change.
	Incidents []*incidentBanner
	outages   *fyne.Container
	outageKey string
	waits     *fyne.Container // a row per reason: name, wait
	names     []*widget.RichText
	times     []*widget.RichText
	touch     *widget.RichText
	status    *widget.RichText
	scan      *widget.RichText // why a scan was not taken
	root      fyne.CanvasObject
}

func newWelcomeScreen(k *Kiosk) *welcomeScreen {
	f, th := k.flow, k.theme()
	s := &welcomeScreen{k: k}
	hello := canvas.NewText(lang.L("kiosk.welcome.hello"), th.Color(theme.ColorNamePrimary, 0))
	hello.TextSize = 120
	hello.TextStyle.Bold = true
	hello.Alignment = fyne.TextAlignCenter
	s.touch = textBlock("", theme.SizeNameHeadingText, false, theme.ColorNameForeground, fyne.TextAlignCenter)
	s.Start = newBigButton(lang.L("kiosk.welcome.start"), theme.NavigateNextIcon(), widget.HighImportance, sizeStart, fyne.TextAlignCenter, true, f.Start)
	s.scan = textBlock("", theme.SizeNameText, true, theme.ColorNameError, fyne.TextAlignLeading)
	s.status = textBlock("", theme.SizeNameCaptionText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
	top := layout.NewSpacer()
	s.outages = container.NewVBox()
	greeting := container.NewVBox(top, s.outages, hello, s.touch, tall(s.Start.object(), 160),
		para(lang.L("kiosk.welcome.scan")), s.scan, s.status, layout.NewSpacer())

	s.waits = container.NewVBox()
	infoTop := layout.NewSpacer()
	info := container.NewVBox(
		infoTop,
		textBlock(lang.L("kiosk.welcome.waits"), theme.SizeNameSubHeadingText, true, theme.ColorNameForeground, fyne.TextAlignLeading),
		s.waits,
		layout.NewSpacer(),
	)
	// On a tall portrait screen the waits come right under the greeting,
	// not at the far bottom.
	if !k.landscape() {
		top.Hide()
		infoTop.Hide()
	}
	body := container.New(&split{ratio: 0.5, landscape: k.landscape()}, greeting, info)
	s.root = k.frame(&s.chrome, body, false, true, f.Start)
	return s
}

func (s *welcomeScreen) object() fyne.CanvasObject { return s.root }

func (s *welcomeScreen) refresh() {
	f := s.k.flow
	if f.Ready() {
		setText(s.touch, lang.L("kiosk.welcome.touch"))
	} else { // first start: the configuration comes from the hub
		setText(s.touch, lang.L("kiosk.welcome.starting"))
	}
	s.Start.setEnabled(f.Ready())
	if key := f.ScanProblem(); key != "" {
		setText(s.scan, lang.L(key))
	}
	showIf(s.scan, f.ScanProblem() != "")
	s.refreshIncidents()
	posted := f.Posted()
	for len(s.names) < len(posted) { // rows are added, never rebuilt
		wait := textBlock("", theme.SizeNameText, true, theme.ColorNameForeground, fyne.TextAlignTrailing)
		wait.Wrapping = fyne.TextWrapOff
		name := textBlock("", theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
		s.names, s.times = append(s.names, name), append(s.times, wait)
		s.waits.Add(container.NewBorder(nil, nil, nil, wait, name))
	}
	for i, row := range s.waits.Objects {
		showIf(row, i < len(posted))
		if i < len(posted) {
			setText(s.names[i], posted[i].Name)
			setText(s.times[i], waitText(posted[i].Wait))
		}
	}
	if s.k.flow.Online() {
		setText(s.status, lang.L("kiosk.welcome.online"))
	} else {
		setText(s.status, lang.L("kiosk.welcome.offline"))
	}
}

// refreshIncidents shows the outages open, each as a banner; the banners
// are built again only when the outages change.
func (s *welcomeScreen) refreshIncidents() {
	open := s.k.flow.Incidents()
	key := ""
	for _, v := range open {
		key += v.ID + "|"
	}
	if key != s.outageKey {
		s.outageKey, s.Incidents = key, nil
		s.outages.RemoveAll()
		for _, v := range open {
			b := newIncidentBanner(s.k, v.ID)
			s.Incidents = append(s.Incidents, b)
			s.outages.Add(b.root)
		}
	}
	for i, v := range open {
		s.Incidents[i].refresh(v)
	}
}
