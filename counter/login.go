package main

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// loginScreen asks for a staff id, a PIN on a keypad and the counter; the
// hub checks the PIN.
type loginScreen struct {
	t *Tablet

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

func newLoginScreen(t *Tablet) *loginScreen {
	l := &loginScreen{t: t}
	l.StaffID = widget.NewEntry()
	l.StaffID.SetPlaceHolder(lang.L("counter.login.staff_hint"))
	l.StaffID.OnChanged = func(s string) { t.Login.Staff = s }
	l.Counter = newSelect(lang.L("counter.login.counter_hint"), func(id string) {
		t.Login.Counter, t.Login.Chosen = id, true
		t.Edited()
	})
	keys := container.NewGridWithColumns(3)
	for d := 1; d <= 9; d++ {
		l.Keys[d] = widget.NewButton(strconv.Itoa(d), func() { t.Key(d) })
		keys.Add(l.Keys[d])
	}
	l.Keys[0] = widget.NewButton("0", func() { t.Key(0) })
	l.Erase = widget.NewButton(lang.L("counter.login.erase"), t.ErasePIN)
	l.Clear = widget.NewButton(lang.L("counter.login.clear"), t.ClearPIN)
	keys.Add(l.Clear)
	keys.Add(l.Keys[0])
	keys.Add(l.Erase)
	l.Submit = primary(widget.NewButton(lang.L("counter.login.submit"), t.SubmitLogin))
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

func (l *loginScreen) render() {
	v, f := l.t.LoginScreen(), l.t.Login
	l.store.Text = v.Store
	l.store.Refresh()
	l.Counter.SetOptions(v.Counters)
	l.Counter.show(f.Counter, f.Chosen)
	setEntry(l.StaffID, f.Staff)
	showIf(l.waiting, v.Waiting)
	l.dots.Text = v.PIN
	l.dots.Refresh()
	enable(l.Submit, l.t.Busy() == 0)
}
