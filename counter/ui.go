package main

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
	"accueil/internal/queue"
)

// Modes of the tablet, one screen each.
const (
	modeLogin     = "login"
	modeDesk      = "desk"      // conseiller and expert
	modeOrienteur = "orienteur" // the whole store, at the door
)

// pauseReasons are why staff pause; the key goes into the log.
var pauseReasons = []string{"break", "lunch", "backoffice", "phone", "other"}

// UI is the tablet's window content: the offline banner, a header with who
// is logged in, the message line and the screen of the current mode. Every
// method runs on the UI goroutine; the client's callbacks come in through
// Do.
type UI struct {
	S  *Session
	Do func(func()) // fyne.Do in the app

	Mode    string
	Message string // what the message line says
	Err     error  // the error shown, nil after a success

	Login  *loginScreen
	Desk   *deskScreen
	Orient *orienteurScreen

	Unhappy detractors // alerts of unhappy visitors, kept across languages

	// Header, shown once logged in.
	PauseWhy   *selectOf
	Pause      *widget.Button
	Resume     *widget.Button
	Logout     *widget.Button
	SwitchMode *widget.Button // a manager goes from desk to door and back
	LangSwitch *widget.Button // to the other language, always shown

	Online     bool
	banner     *fyne.Container
	bannerText *canvas.Text
	who        *canvas.Text
	header     *fyne.Container
	msg        *widget.Label
	msgBG      *canvas.Rectangle
	body       *fyne.Container
	root       fyne.CanvasObject
	frame      *fyne.Container // holds root, built again when the language changes
	dirty      atomic.Bool
	busy       atomic.Int32
}

// NewUI builds the tablet's screens over s.
func NewUI(s *Session, do func(func())) *UI {
	u := &UI{S: s, Do: do, Mode: modeLogin, frame: container.NewStack()}
	u.build()
	u.show(modeLogin)
	return u
}

// build makes the screens in the current language.
func (u *UI) build() {
	u.Login = newLoginScreen(u)
	u.Desk = newDeskScreen(u)
	u.Orient = newOrienteurScreen(u)

	u.PauseWhy = newSelect(lang.L("counter.pause.why"), func(string) { u.refresh() })
	ids, labels := []string{}, []string{}
	for _, p := range pauseReasons {
		ids, labels = append(ids, p), append(labels, lang.L("counter.pause."+p))
	}
	u.PauseWhy.SetOptions(ids, labels)
	u.Pause = widget.NewButton(lang.L("counter.pause"), u.pause)
	u.Resume = primary(widget.NewButton(lang.L("counter.resume"), u.resume))
	u.Logout = widget.NewButton(lang.L("counter.logout"), u.logout)
	u.SwitchMode = widget.NewButton("", u.switchMode)
	other := assets.Languages[0]
	if u.S.Lang == other {
		other = assets.Languages[1]
	}
	otherName := other
	if tr, err := assets.NewTranslator(other); err == nil {
		otherName = tr.L("lang.name")
	}
	u.LangSwitch = widget.NewButton(otherName, func() {
		if err := u.SetLang(other); err != nil {
			u.fail(err)
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

// SetLang switches the tablet to language code: the screens are built
// again in it; who is logged in, and where, stays.
func (u *UI) SetLang(code string) error {
	if err := assets.SetLanguage(code); err != nil {
		return err
	}
	u.S.Lang = code
	mode := u.Mode
	u.build()
	u.show(mode)
	return nil
}

// Content is what the window shows.
func (u *UI) Content() fyne.CanvasObject { return u.frame }

// Changed asks for a refresh from any goroutine; refreshes that pile up
// while one is pending are done once.
func (u *UI) Changed() {
	if u.dirty.CompareAndSwap(false, true) {
		u.Do(func() {
			u.dirty.Store(false)
			u.refresh()
		})
	}
}

// Busy reports how many requests to the hub are under way.
func (u *UI) Busy() int { return int(u.busy.Load()) }

// show switches to mode.
func (u *UI) show(mode string) {
	u.Mode = mode
	var screen fyne.CanvasObject
	switch mode {
	case modeDesk:
		screen = u.Desk.root
	case modeOrienteur:
		screen = u.Orient.root
	default:
		screen = u.Login.root
	}
	u.body.Objects = []fyne.CanvasObject{screen}
	u.body.Refresh()
	u.refresh()
}

// refresh redraws everything from the client's view.
func (u *UI) refresh() {
	v := u.S.View()
	u.Online = u.S.B.Online()
	if u.Online {
		u.banner.Hide()
	} else {
		u.banner.Show()
	}
	me := u.S.Me(v)
	if me == nil && u.Mode != modeLogin {
		u.S.Staff, u.S.Counter = "", "" // logged out elsewhere, or the staff member removed
		u.show(modeLogin)
		return
	}
	if me != nil {
		u.header.Show()
		ss := v.Sessions[me.ID]
		who := lang.L("counter.who", map[string]any{"Name": me.Name, "Where": counterName(&v.Config, u.S.Counter)})
		if ss != nil && ss.Paused {
			who += " · " + lang.L("counter.paused")
			u.Pause.Hide()
			u.PauseWhy.Hide()
			u.Resume.Show()
		} else {
			u.Pause.Show()
			u.PauseWhy.Show()
			u.Resume.Hide()
			if u.PauseWhy.ID() == "" {
				u.Pause.Disable()
			} else {
				u.Pause.Enable()
			}
		}
		u.who.Text = who
		u.who.Refresh()
		u.SwitchMode.Hide()
		if me.Role == queue.RoleManager {
			// At the desk, a manager hears of unhappy visitors too: the
			// door view, where they are, says how many.
			label, importance := lang.L("counter.mode."+map[string]string{modeDesk: modeOrienteur, modeOrienteur: modeDesk}[u.Mode]), widget.MediumImportance
			if n := len(u.Unhappy.alerts(v, u.S.Lang, u.S.Now())); n > 0 && u.Mode == modeDesk {
				label, importance = lang.N("counter.detractor.to_door", n, map[string]any{"Count": n}), widget.DangerImportance
			}
			u.SwitchMode.SetText(label)
			u.SwitchMode.Importance = importance
			u.SwitchMode.Refresh()
			u.SwitchMode.Show()
		}
	} else {
		u.header.Hide()
	}
	if u.Message == "" {
		u.msgBG.Hide()
		u.msg.Hide()
	} else {
		u.msgBG.FillColor = paleBlue
		if u.Err != nil {
			u.msgBG.FillColor = rgb(0xFBE9EB)
		}
		u.msgBG.Show()
		u.msg.SetText(u.Message)
		u.msg.Show()
		u.msgBG.Refresh()
	}
	switch u.Mode {
	case modeLogin:
		u.Login.refresh(v)
	case modeDesk:
		u.Desk.refresh(v)
	case modeOrienteur:
		u.Orient.refresh(v)
	}
	// Lists changed length: lay everything out again.
	u.root.Refresh()
}

// say shows an information line.
func (u *UI) say(msg string) {
	u.Message, u.Err = msg, nil
	u.refresh()
}

// fail shows err as a sentence of what to do next.
func (u *UI) fail(err error) {
	if queue.ErrorCode(err) == queue.EINTERNAL {
		u.S.Log.Error("counter", "err", err)
	}
	u.Message, u.Err = errorText(err), err
	u.refresh()
}

// act runs a local action (a Submit: quick, works offline) and shows its
// outcome: ok on success.
func (u *UI) act(ok string, fn func(ctx context.Context) error) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fn(ctx); err != nil {
		u.fail(err)
		return false
	}
	u.say(ok)
	return true
}

// request runs work that waits for the hub off the UI goroutine, then done
// on it.
func (u *UI) request(work func(ctx context.Context) error, done func(error)) {
	u.busy.Add(1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		err := work(ctx)
		cancel()
		u.Do(func() {
			u.busy.Add(-1)
			done(err)
		})
	}()
}

func (u *UI) staffBody(why string) queue.StaffBody {
	return queue.StaffBody{Staff: u.S.Staff, Counter: u.S.Counter, Why: why}
}

func (u *UI) pause() {
	why := u.PauseWhy.ID()
	if why == "" {
		u.fail(queue.Errorf(queue.EINVALID, "no reason for the pause"))
		return
	}
	if u.act(lang.L("counter.pause.done"), func(ctx context.Context) error {
		return u.S.Submit(ctx, queue.StaffPaused, u.staffBody(why))
	}) {
		u.PauseWhy.ClearSelected()
		u.refresh()
	}
}

func (u *UI) resume() {
	u.act(lang.L("counter.resume.done"), func(ctx context.Context) error {
		return u.S.Submit(ctx, queue.StaffResumed, u.staffBody(""))
	})
}

// logout closes the session. A visitor called or served at this counter
// must be finished, sent back or marked absent first: nobody is forgotten.
// logout closes the session; the domain refuses it (ECONFLICT) while a
// visitor is called or served, and the message names the ticket.
func (u *UI) logout() {
	if u.act(lang.L("counter.logout.done"), func(ctx context.Context) error {
		return u.S.Submit(ctx, queue.StaffLoggedOut, u.staffBody(""))
	}) {
		u.S.Staff, u.S.Counter = "", ""
		u.Login.reset()
		u.show(modeLogin)
		return
	}
	if t := u.S.Current(u.S.View()); t != nil && queue.ErrorCode(u.Err) == queue.ECONFLICT {
		u.Message = lang.L("counter.logout.busy", map[string]any{"Number": t.Number})
		u.refresh()
	}
}

func (u *UI) switchMode() {
	if u.Mode == modeDesk {
		u.show(modeOrienteur)
	} else {
		u.show(modeDesk)
	}
}

// loggedIn opens the screen of the staff member's role.
func (u *UI) loggedIn(staff, counter string) {
	u.S.Staff, u.S.Counter = staff, counter
	v := u.S.View()
	me := u.S.Me(v)
	u.Message, u.Err = lang.L("counter.login.welcome", map[string]any{"Name": me.Name}), nil
	if rs := v.Config.Unserved(staff, counter); len(rs) > 0 {
		names := make([]string, len(rs))
		for i, r := range rs {
			names[i] = r.Name.In(u.S.Lang)
		}
		u.Message = lang.L("counter.login.unserved", map[string]any{"Name": me.Name, "Reasons": strings.Join(names, ", ")})
	}
	if me.Role == queue.RoleOrienteur {
		u.show(modeOrienteur)
	} else {
		u.show(modeDesk)
	}
}
