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

// incidentBanner is an outage on the welcome screen: white on red, in
// plain words, with a button for the visitors who came about it.
type incidentBanner struct {
	About *widget.Button
	head  *widget.RichText
	msg   *widget.RichText
	root  fyne.CanvasObject
}

func newIncidentBanner(k *Kiosk, id string) *incidentBanner {
	b := &incidentBanner{}
	b.head = textBlock("", theme.SizeNameHeadingText, true, theme.ColorNameForegroundOnError, fyne.TextAlignLeading)
	b.msg = textBlock("", theme.SizeNameSubHeadingText, false, theme.ColorNameForegroundOnError, fyne.TextAlignLeading)
	b.About = button(lang.L("kiosk.incident.about"), theme.NavigateNextIcon(), widget.MediumImportance, func() { k.flow.AboutIncident(id) })
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameError))
	bg.CornerRadius = 12
	b.root = container.NewStack(bg, container.NewPadded(container.NewPadded(
		container.NewVBox(b.head, b.msg, tall(b.About, buttonHeight)))))
	return b
}

func (b *incidentBanner) refresh(v IncidentView) {
	setText(b.head, incidentHeading(v))
	setText(b.msg, v.Message)
}

// incidentHeading says what does not work, where, and until when.
func incidentHeading(v IncidentView) string {
	data := map[string]any{"Service": v.Service, "Area": v.Area, "Until": v.Until}
	if v.Until == "" {
		return lang.L("kiosk.incident.heading", data)
	}
	return lang.L("kiosk.incident.heading_until", data)
}

// incidentScreen tells a visitor who came about an outage what is known,
// and offers to wait for an advisor or to leave and follow it on their
// phone; left, it shows the QR code of their status page.
type incidentScreen struct {
	chrome
	k      *Kiosk
	Wait   *widget.Button
	Leave  *widget.Button
	Done   *widget.Button
	head   *widget.RichText
	msg    *widget.RichText
	choose *fyne.Container // the two choices
	left   *fyne.Container // what a visitor who leaves sees
	failed *widget.RichText
	QR     *canvas.Image
	url    string
	root   fyne.CanvasObject
}

func newIncidentScreen(k *Kiosk) *incidentScreen {
	f := k.flow
	s := &incidentScreen{k: k}
	s.head = title("")
	s.msg = textBlock("", theme.SizeNameSubHeadingText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
	s.Wait = button(lang.L("kiosk.incident.wait"), theme.AccountIcon(), widget.HighImportance, f.WaitForIncident)
	s.Leave = button(lang.L("kiosk.incident.leave"), theme.LogoutIcon(), widget.MediumImportance, f.LeaveInformed)
	s.Done = button(lang.L("kiosk.ticket.done"), theme.HomeIcon(), widget.HighImportance, f.Done)
	s.choose = container.NewVBox(
		para(lang.L("kiosk.incident.choose")),
		tall(s.Wait, buttonHeight), tall(s.Leave, buttonHeight))
	s.QR = canvas.NewImageFromImage(nil)
	s.QR.FillMode = canvas.ImageFillContain
	s.QR.ScaleMode = canvas.ImageScalePixels
	s.QR.SetMinSize(fyne.NewSquareSize(qrSize))
	s.left = container.NewVBox(
		textBlock(lang.L("kiosk.incident.left"), theme.SizeNameSubHeadingText, true, theme.ColorNameForeground, fyne.TextAlignCenter),
		s.QR, tall(s.Done, buttonHeight))
	s.failed = textBlock("", theme.SizeNameSubHeadingText, true, theme.ColorNameError, fyne.TextAlignCenter)
	known := framed(container.NewVBox(s.head, s.msg), theme.ColorNameError)
	body := container.New(&split{ratio: 0.5, landscape: k.landscape()},
		container.NewVBox(known, layout.NewSpacer()),
		container.NewVBox(s.choose, s.left, s.failed))
	s.root = k.frame(&s.chrome, body, true, true, f.Touch)
	return s
}

func (s *incidentScreen) object() fyne.CanvasObject { return s.root }

func (s *incidentScreen) refresh() {
	f := s.k.flow
	if v := f.Incident(); v != nil {
		setText(s.head, incidentHeading(*v))
		setText(s.msg, v.Message+"\n\n"+lang.L("kiosk.incident.staff"))
	}
	tv := f.Ticket()
	showIf(s.choose, tv == nil)
	showIf(s.left, tv != nil && tv.Err == nil)
	showIf(s.failed, tv != nil && tv.Err != nil)
	if tv != nil && tv.Err != nil {
		setText(s.failed, issueError(tv.Err))
	}
	if tv != nil && tv.URL != s.url {
		s.url = tv.URL
		s.QR.Image = qrImage(tv.URL)
		s.QR.Refresh()
	}
	showIf(s.QR, s.QR.Image != nil)
}
