package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// Kiosk shows a Flow in a window: one screen per step, built afresh when
// the step, the question, the language or the text size changes, and
// refreshed from the flow otherwise. It also listens to the keys typed on
// the window, where a keyboard-wedge scanner types its codes.
type Kiosk struct {
	flow   *Flow
	app    fyne.App
	win    fyne.Window
	cur    screen
	shown  shown
	scroll *container.Scroll // the content of the screen shown
}

// shown is what the screen on display was built for.
type shown struct {
	step     Step
	question int
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
}

// NewKiosk shows flow in win. Call it on the UI goroutine.
func NewKiosk(a fyne.App, win fyne.Window, flow *Flow) *Kiosk {
	k := &Kiosk{flow: flow, app: a, win: win}
	a.Settings().SetTheme(kioskTheme{})
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
	if q := f.Question(); q != nil && s.step == StepQuestion {
		s.question = q.N
	}
	if k.cur != nil && s == k.shown {
		k.cur.refresh()
		k.relayout() // a message shown or hidden moves what is below it
		return
	}
	if k.cur == nil || s.large != k.shown.large {
		k.app.Settings().SetTheme(kioskTheme{large: s.large})
	}
	k.shown = s
	switch s.step {
	case StepWelcome:
		k.cur = newWelcomeScreen(k)
	case StepReasons:
		k.cur = newReasonsScreen(k)
	case StepQuestion:
		k.cur = newQuestionsScreen(k)
	case StepCheckIn:
		k.cur = newCheckInScreen(k)
	case StepPhone:
		k.cur = newPhoneScreen(k)
	case StepTicket:
		k.cur = newTicketScreen(k)
	}
	k.cur.refresh()
	k.win.Canvas().Unfocus()
	k.win.SetContent(k.cur.object())
	k.relayout()
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
	case *container.ThemeOverride:
		c.Content.Resize(c.Size())
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

// sized gives o's text (button labels, entries) size points, grown by
// "A+" like the rest.
func (k *Kiosk) sized(o fyne.CanvasObject, size float32) fyne.CanvasObject {
	return container.NewThemeOverride(o, kioskTheme{large: k.flow.Large(), text: size})
}

// fixed gives o's text size points, whatever "A+" says: keypads, already
// large, and which must fit.
func (k *Kiosk) fixed(o fyne.CanvasObject, size float32) fyne.CanvasObject {
	return container.NewThemeOverride(o, kioskTheme{text: size})
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
// visit a footer to go back or start over.
type chrome struct {
	Langs   map[string]*widget.Button // by language code
	Larger  *widget.Button
	Back    *widget.Button // nil on the welcome and ticket screens
	Restart *widget.Button // nil on the welcome and ticket screens
}

// frame puts content in the chrome. With nav, the footer has Back and
// Restart; with langs, the header has the languages. Taps beside the
// buttons call tapped.
func (k *Kiosk) frame(c *chrome, content fyne.CanvasObject, nav, langs bool, tapped func()) fyne.CanvasObject {
	f := k.flow
	store := textBlock(f.Store(), theme.SizeNameSubHeadingText, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	store.Wrapping = fyne.TextWrapOff
	store.Truncation = fyne.TextTruncateEllipsis
	var right []fyne.CanvasObject
	if langs {
		c.Langs = map[string]*widget.Button{}
		for _, l := range assets.Languages {
			imp := widget.MediumImportance
			if l == f.Lang() {
				imp = widget.HighImportance
			}
			b := button(lang.L("kiosk.lang."+l), nil, imp, func() { f.SetLang(l) })
			c.Langs[l] = b
			right = append(right, tall(b, targetMin+20))
		}
	}
	larger := lang.L("kiosk.text.larger")
	if f.Large() {
		larger = lang.L("kiosk.text.normal")
	}
	c.Larger = button(larger, theme.ZoomInIcon(), widget.MediumImportance, f.ToggleLarge)
	if f.Large() {
		c.Larger.Icon = theme.ZoomOutIcon()
	}
	right = append(right, tall(c.Larger, targetMin+20))
	// The header keeps its size with "A+", so that the store's name stays.
	header := container.NewBorder(nil, nil, nil, k.fixed(container.NewHBox(right...), 28), store)
	var footer fyne.CanvasObject
	if nav {
		c.Back = button(lang.L("kiosk.back"), theme.NavigateBackIcon(), widget.MediumImportance, f.Back)
		c.Restart = button(lang.L("kiosk.restart"), theme.HomeIcon(), widget.MediumImportance, f.Home)
		footer = container.NewGridWithColumns(2, tall(c.Back, buttonHeight), tall(c.Restart, buttonHeight))
	}
	// A screen that does not fit (larger text on a landscape screen, a
	// store with many reasons) scrolls rather than being cut.
	k.scroll = container.NewVScroll(container.NewPadded(content))
	body := container.NewBorder(container.NewVBox(header, widget.NewSeparator()), footer, nil, nil, k.scroll)
	return container.NewStack(newTapArea(tapped), container.NewPadded(body))
}
