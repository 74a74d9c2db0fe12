package main

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
)

// maxPIN is the longest PIN the keypad takes.
const maxPIN = 8

// loginScreen asks for a staff id, a PIN on a keypad and the counter; the
// hub checks the PIN.
type loginScreen struct {
	u *UI

	staff string // typed staff id
	pin   string // typed PIN

	StaffID *widget.Entry
	Counter *selectOf
	Keys    [10]*widget.Button
	Erase   *widget.Button
	Clear   *widget.Button
	Submit  *widget.Button

	dots    *canvas.Text
	store   *canvas.Text
	waiting *widget.Label
	root    fyne.CanvasObject
}

func newLoginScreen(u *UI) *loginScreen {
	l := &loginScreen{u: u}
	l.StaffID = widget.NewEntry()
	l.StaffID.SetPlaceHolder(lang.L("counter.login.staff_hint"))
	l.StaffID.OnChanged = func(s string) { l.staff = strings.TrimSpace(s) }
	l.StaffID.OnSubmitted = func(string) { l.u.refresh() }
	l.Counter = newSelect(lang.L("counter.login.counter_hint"), nil)
	keys := container.NewGridWithColumns(3)
	for _, d := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9} {
		l.Keys[d] = widget.NewButton(strconv.Itoa(d), l.key(d))
		keys.Add(l.Keys[d])
	}
	l.Keys[0] = widget.NewButton("0", l.key(0))
	l.Erase = widget.NewButton(lang.L("counter.login.erase"), func() {
		if l.pin != "" {
			l.pin = l.pin[:len(l.pin)-1]
		}
		l.refreshPIN()
	})
	l.Clear = widget.NewButton(lang.L("counter.login.clear"), func() { l.pin = ""; l.refreshPIN() })
	keys.Add(l.Clear)
	keys.Add(l.Keys[0])
	keys.Add(l.Erase)
	l.Submit = primary(widget.NewButton(lang.L("counter.login.submit"), l.submit))
	l.dots = text("", ink, 36, true)
	l.store = text("", navy, 28, true)
	l.waiting = wrap(lang.L("counter.login.no_config"))

	form := container.NewVBox(
		l.store,
		heading(lang.L("counter.login.title")),
		widget.NewLabel(lang.L("counter.login.staff")), l.StaffID,
		widget.NewLabel(lang.L("counter.login.counter")), l.Counter,
		l.waiting,
	)
	pad := container.NewVBox(
		widget.NewLabel(lang.L("counter.login.pin")),
		container.NewCenter(l.dots),
		container.NewGridWrap(fyne.NewSize(360, 300), keys),
		l.Submit,
	)
	l.root = container.NewPadded(container.New(adaptive{0.5},
		container.NewVBox(form, layout.NewSpacer()), container.NewCenter(pad)))
	return l
}

func (l *loginScreen) key(d int) func() {
	return func() {
		if len(l.pin) < maxPIN {
			l.pin += strconv.Itoa(d)
		}
		l.refreshPIN()
	}
}

func (l *loginScreen) refreshPIN() {
	l.dots.Text = strings.Repeat("● ", len(l.pin))
	if l.pin == "" {
		l.dots.Text = "—"
	}
	l.dots.Refresh()
}

// reset forgets what was typed.
func (l *loginScreen) reset() {
	l.pin = ""
	l.StaffID.SetText("")
	l.refreshPIN()
}

func (l *loginScreen) refresh(v *queue.State) {
	l.store.Text = v.Config.Store
	l.store.Refresh()
	ids, labels := []string{""}, []string{lang.L("counter.at_door")}
	for _, c := range v.Config.Counters {
		ids, labels = append(ids, c.ID), append(labels, counterName(&v.Config, c.ID))
	}
	l.Counter.SetOptions(ids, labels)
	if len(v.Config.Reasons) == 0 {
		l.waiting.Show()
	} else {
		l.waiting.Hide()
	}
	l.refreshPIN()
}

func (l *loginScreen) submit() {
	staff, pin, counter := l.staff, l.pin, l.Counter.ID()
	v := l.u.S.View()
	switch {
	case staff == "" || pin == "":
		l.u.Message, l.u.Err = lang.L("counter.login.missing"), queue.Errorf(queue.EINVALID, "staff id or PIN missing")
		l.u.refresh()
		return
	case l.Counter.Selected == "":
		l.u.Message, l.u.Err = lang.L("counter.login.choose_counter"), queue.Errorf(queue.EINVALID, "no counter chosen")
		l.u.refresh()
		return
	}
	// The hub's rule, asked before the PIN travels. Unknown ids go to the
	// hub, which says no the same way as for a wrong PIN.
	if err := v.Config.CheckLogin(staff, counter); queue.ErrorCode(err) == queue.EINVALID {
		l.u.Message, l.u.Err = lang.L("counter.login.choose_counter"), err
		l.u.refresh()
		return
	}
	l.Submit.Disable()
	c := l.u.S.B
	l.u.request(func(ctx context.Context) error {
		return Login(ctx, c, staff, counter, pin)
	}, func(err error) {
		l.Submit.Enable()
		l.pin = ""
		if err != nil {
			l.u.fail(err)
			return
		}
		l.u.loggedIn(staff, counter)
	})
}
