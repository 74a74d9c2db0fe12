package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// Kiosk shows a Flow in a window, one screen per step. It builds each
// screen once, for a step, reason, question and language, keeps it and
// refreshes it from the flow when shown again: the kiosk makes the same
// screens all day, and Fyne keeps what a screen drew for a while after it
// is gone. A new configuration or text size builds them again. The
// header and footer are built once. It also listens to the keys typed on
// the window, where a keyboard-wedge scanner types its codes.
type Kiosk struct {
	flow    *Flow
	app     fyne.App
	win     fyne.Window
	cur     screen
	shown   shown
	screens map[shown]screen
	bars    *bars
	scroll  *container.Scroll // the content of the screen shown
}

// shown is what a screen was built for.
type shown struct {
	step     Step
	reason   string // of the questions and check-in
	question int
	failed   bool // a ticket that could not be issued
	lang     string
	large    bool
	config   int
}

// screen is one screen of the kiosk, built by its constructor (newXScreen)
// from the flow.
type screen interface {
	object() fyne.CanvasObject
	// refresh updates the screen from the flow.
	refresh()
	bars() *chrome
}

// NewKiosk shows flow in win. Call it on the UI goroutine.
func NewKiosk(a fyne.App, win fyne.Window, flow *Flow) *Kiosk {
	k := &Kiosk{flow: flow, app: a, win: win, screens: map[shown]screen{}}
	a.Settings().SetTheme(kioskTheme{})
	k.bars = newBars(flow)
	flow.SetOnChange(k.render)
	c := win.Canvas()
	c.SetOnTypedRune(flow.ScanRune)
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
			flow.ScanEnter()
		}
	})
	k.render()
	return k
}

// render shows the flow's step.
func (k *Kiosk) render() {
	f := k.flow
	s := shown{step: f.Step(), lang: f.Lang(), large: f.Large(), config: f.ConfigRev()}
	switch s.step {
	case StepQuestion:
		if q := f.Question(); q != nil {
			s.question = q.N
		}
		fallthrough
	case StepCheckIn:
		if r := f.Reason(); r != nil {
			s.reason = r.Code
		}
	case StepTicket:
		tv := f.Ticket()
		s.failed = tv == nil || tv.Err != nil
	}
	k.bars.update(f)
	if k.cur != nil && s == k.shown {
		k.cur.refresh()
		k.relayout() // a message shown or hidden moves what is below it
		return
	}
	if k.cur == nil || s.large != k.shown.large {
		k.app.Settings().SetTheme(kioskTheme{large: s.large})
	}
	if k.cur == nil || s.large != k.shown.large || s.config != k.shown.config {
		clear(k.screens)
	}
	k.shown = s
	cur, ok := k.screens[s]
	if !ok {
		cur = k.build(s)
		k.screens[s] = cur
	}
	k.cur = cur
	c := cur.bars()
	showIf(k.bars.langs, c.Langs != nil)
	k.scroll = c.scroll
	k.scroll.ScrollToTop()
	cur.refresh()
	k.win.Canvas().Unfocus()
	k.win.SetContent(cur.object())
	k.relayout()
}

// build builds the screen of s.
func (k *Kiosk) build(s shown) screen {
	switch s.step {
	case StepReasons:
		return newReasonsScreen(k)
	case StepQuestion:
		return newQuestionsScreen(k)
	case StepCheckIn:
		return newCheckInScreen(k)
	case StepPhone:
		return newPhoneScreen(k)
	case StepTicket:
		return newTicketScreen(k, s.failed)
	case StepIncident:
		return newIncidentScreen(k)
	}
	return newWelcomeScreen(k)
}

// layoutTree lays out o's containers again, without redrawing their
// widgets: cheap enough for every key typed.
func layoutTree(o fyne.CanvasObject) {
	switch c := o.(type) {
	case *fyne.Container:
		if c.Layout != nil {
			c.Layout.Layout(c.Objects, c.Size())
		}
		for _, child := range c.Objects {
			layoutTree(child)
		}
	case *container.Scroll:
		c.Content.Resize(c.Content.MinSize().Max(c.Size()))
		layoutTree(c.Content)
	}
}

// relayout lays the screen out again, twice: wrapped text knows its
// height only once it knows its width. The desktop driver does it on the
// next frame; the test driver, which draws the screenshots, does not.
func (k *Kiosk) relayout() {
	for range 2 {
		layoutTree(k.win.Content())
	}
}

// theme returns the theme in use.
func (k *Kiosk) theme() kioskTheme { return kioskTheme{large: k.flow.Large()} }

// landscape reports whether the window is wider than high.
func (k *Kiosk) landscape() bool {
	s := k.win.Canvas().Size()
	return s.Width > s.Height
}

// chrome is what every screen has around its content: a header with the
// store's name, the languages and the text size, and on the screens of a
// visit a footer to go back or start over. The kiosk builds it once and
// updates it; screens only lay it out.
type chrome struct {
	Langs   map[string]*bigButton // by language code; nil on the ticket screen
	Larger  *bigButton
	Back    *widget.Button // nil on the welcome and ticket screens
	Restart *widget.Button // nil on the welcome and ticket screens
	scroll  *container.Scroll
}

func (c *chrome) bars() *chrome { return c }

// bars are the header and the footer of every screen.
type bars struct {
	all    chrome
	store  *widget.RichText
	langs  *fyne.Container
	header *fyne.Container
	footer *fyne.Container
}

func newBars(f *Flow) *bars {
	b := &bars{all: chrome{Langs: map[string]*bigButton{}}}
	b.store = textBlock("", theme.SizeNameSubHeadingText, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	b.store.Wrapping = fyne.TextWrapOff
	b.store.Truncation = fyne.TextTruncateEllipsis
	b.langs = container.NewHBox()
	for _, l := range assets.Languages {
		lb := newBigButton(lang.L("kiosk.lang."+l), nil, widget.MediumImportance, sizeHeader, fyne.TextAlignCenter, false, func() { f.SetLang(l) })
		b.all.Langs[l] = lb
		b.langs.Add(tall(lb.object(), targetMin+20))
	}
	b.all.Larger = newBigButton("", theme.ZoomInIcon(), widget.MediumImportance, sizeHeader, fyne.TextAlignCenter, false, f.ToggleLarge)
	// The header keeps its size with "A+", so that the store's name stays.
	b.header = container.NewBorder(nil, nil, nil, container.NewHBox(b.langs, tall(b.all.Larger.object(), targetMin+20)), b.store)
	b.all.Back = button("", theme.NavigateBackIcon(), widget.MediumImportance, f.Back)
	b.all.Restart = button("", theme.HomeIcon(), widget.MediumImportance, f.Home)
	b.footer = container.NewGridWithColumns(2, tall(b.all.Back, buttonHeight), tall(b.all.Restart, buttonHeight))
	return b
}

// update shows the flow's store, language and text size.
func (b *bars) update(f *Flow) {
	setText(b.store, f.Store())
	for l, lb := range b.all.Langs {
		lb.setText(lang.L("kiosk.lang." + l))
		if l == f.Lang() {
			lb.setImportance(widget.HighImportance)
		} else {
			lb.setImportance(widget.MediumImportance)
		}
	}
	if f.Large() {
		b.all.Larger.setText(lang.L("kiosk.text.normal"))
		b.all.Larger.setIcon(theme.ZoomOutIcon())
	} else {
		b.all.Larger.setText(lang.L("kiosk.text.larger"))
		b.all.Larger.setIcon(theme.ZoomInIcon())
	}
	for _, t := range []struct {
		b   *widget.Button
		key string
	}{{b.all.Back, "kiosk.back"}, {b.all.Restart, "kiosk.restart"}} {
		if s := lang.L(t.key); t.b.Text != s {
			t.b.SetText(s)
		}
	}
}

// frame puts content in the chrome. With nav, the footer has Back and
// Restart; with langs, the header has the languages. Taps beside the
// buttons call tapped.
func (k *Kiosk) frame(c *chrome, content fyne.CanvasObject, nav, langs bool, tapped func()) fyne.CanvasObject {
	c.Larger = k.bars.all.Larger
	if langs {
		c.Langs = k.bars.all.Langs
	}
	var footer fyne.CanvasObject
	if nav {
		c.Back, c.Restart = k.bars.all.Back, k.bars.all.Restart
		footer = k.bars.footer
	}
	// On a tall portrait screen Back and Start over come right under the
	// content, within reach, not at the far bottom.
	if footer != nil && !k.landscape() {
		content = container.NewVBox(content, widget.NewSeparator(), footer)
		footer = nil
	}
	// A screen that does not fit (larger text on a landscape screen, a
	// store with many reasons) scrolls rather than being cut.
	c.scroll = container.NewVScroll(container.NewPadded(content))
	body := container.NewBorder(container.NewVBox(k.bars.header, widget.NewSeparator()), footer, nil, nil, c.scroll)
	return container.NewStack(newTapArea(tapped), container.NewPadded(body))
}
