package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// UI draws a Tablet: the offline banner, a header with who is logged in
// and the language switch, the message line and the screen of the mode.
// It builds its widgets once per language and sets them from the tablet's
// views at each redraw; the widgets write what is typed into the tablet's
// forms and call its actions. Every method runs on the UI goroutine.
type UI struct {
	T *Tablet

	Login  *loginScreen
	Desk   *deskScreen
	Orient *orienteurScreen

	// Header, shown once logged in.
	PauseWhy   *selectOf
	Pause      *widget.Button
	Resume     *widget.Button
	Logout     *widget.Button
	SwitchMode *widget.Button // a manager goes from desk to door and back
	LangSwitch *widget.Button // to the other language, always shown

	lang       string // of the widgets built
	banner     *fyne.Container
	bannerText *canvas.Text
	who        *canvas.Text
	header     *fyne.Container
	msg        *widget.Label
	msgBG      *canvas.Rectangle
	body       *fyne.Container
	root       fyne.CanvasObject
	frame      *fyne.Container // holds root, built again when the language changes
}

// NewUI draws t, and again whenever it changes.
func NewUI(t *Tablet) *UI {
	u := &UI{T: t, frame: container.NewStack()}
	t.SetOnChange(u.render)
	u.render()
	return u
}

// Content is what the window shows.
func (u *UI) Content() fyne.CanvasObject { return u.frame }

// build makes the widgets in the tablet's language.
func (u *UI) build() {
	t := u.T
	u.lang = t.Lang()
	u.Login = newLoginScreen(t)
	u.Desk = newDeskScreen(t)
	u.Orient = newOrienteurScreen(t)

	u.PauseWhy = newSelect(lang.L("counter.pause.why"), func(id string) { t.PauseWhy = id; t.Edited() })
	var whys []Choice
	for _, p := range pauseReasons {
		whys = append(whys, Choice{p, lang.L("counter.pause." + p)})
	}
	u.PauseWhy.SetOptions(whys)
	u.Pause = widget.NewButton(lang.L("counter.pause"), t.Pause)
	u.Resume = primary(widget.NewButton(lang.L("counter.resume"), t.Resume))
	u.Logout = widget.NewButton(lang.L("counter.logout"), t.Logout)
	u.SwitchMode = widget.NewButton("", t.SwitchMode)
	other := t.OtherLang()
	otherName := other
	if tr, err := assets.NewTranslator(other); err == nil {
		otherName = tr.L("lang.name")
	}
	u.LangSwitch = widget.NewButton(otherName, func() {
		if err := t.SetLang(other); err != nil {
			t.fail(err)
		}
	})

	bg := canvas.NewRectangle(lateRed)
	u.bannerText = text(lang.L("counter.offline.banner"), white, 20, true)
	u.banner = container.NewStack(bg, container.NewPadded(u.bannerText))
	u.who = text("", ink, 20, true)
	u.header = container.NewBorder(nil, nil, u.who,
		container.NewHBox(u.SwitchMode, u.PauseWhy, u.Pause, u.Resume, u.Logout))
	u.msgBG = canvas.NewRectangle(paleBlue)
	u.msg = wrap("")
	u.msg.TextStyle.Bold = true
	u.body = container.NewStack()
	top := container.NewVBox(u.banner, container.NewBorder(nil, nil, nil, u.LangSwitch, u.header), container.NewStack(u.msgBG, u.msg))
	u.root = container.NewBorder(top, nil, nil, nil, u.body)
	u.frame.Objects = []fyne.CanvasObject{u.root}
	u.frame.Refresh()
}

// render draws the tablet as it is.
func (u *UI) render() {
	t := u.T
	if u.lang != t.Lang() {
		u.build()
	}
	h := t.Header()
	showIf(u.banner, !h.Online)
	showIf(u.header, h.Who != "")
	if h.Who != "" {
		u.who.Text = h.Who
		u.who.Refresh()
		showIf(u.Resume, h.Paused)
		showIf(u.Pause, !h.Paused)
		showIf(u.PauseWhy, !h.Paused)
		u.PauseWhy.set(t.PauseWhy)
		enable(u.Pause, h.CanPause)
		showIf(u.SwitchMode, h.Switch != "")
		imp := widget.MediumImportance
		if h.Alert {
			imp = widget.DangerImportance
		}
		setButton(u.SwitchMode, h.Switch, imp)
	}
	m := t.Message()
	showIf(u.msgBG, m.Text != "")
	showIf(u.msg, m.Text != "")
	if m.Text != "" {
		u.msgBG.FillColor = paleBlue
		if m.Err != nil {
			u.msgBG.FillColor = rgb(0xFBE9EB)
		}
		u.msgBG.Refresh()
		u.msg.SetText(m.Text)
	}
	var screen fyne.CanvasObject
	switch t.Mode() {
	case ModeDesk:
		u.Desk.render()
		screen = u.Desk.root
	case ModeOrienteur:
		u.Orient.render()
		screen = u.Orient.root
	default:
		u.Login.render()
		screen = u.Login.root
	}
	if len(u.body.Objects) != 1 || u.body.Objects[0] != screen {
		u.body.Objects = []fyne.CanvasObject{screen}
	}
	// Lists changed length: lay everything out again.
	u.root.Refresh()
}

// enable enables w when on, else disables it.
func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// setEntry shows s in e unless it shows it already.
func setEntry(e *widget.Entry, s string) {
	if e.Text != s {
		e.SetText(s)
	}
}

// setCheck ticks c or not, without calling its OnChanged.
func setCheck(c *widget.Check, on bool) {
	if c.Checked != on {
		c.Checked = on
		c.Refresh()
	}
}
