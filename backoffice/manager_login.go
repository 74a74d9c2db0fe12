package main

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// managerLogin asks for a manager's staff id and PIN.
type managerLogin struct {
	m      *manager
	root   fyne.CanvasObject
	Staff  *widget.Entry
	PIN    *widget.Entry
	Submit *widget.Button
	Error  *widget.Label
}

func newManagerLogin(ctx context.Context, m *manager) *managerLogin {
	l := &managerLogin{m: m, Staff: widget.NewEntry(), PIN: widget.NewPasswordEntry(), Error: widget.NewLabel("")}
	l.Error.Importance = widget.DangerImportance
	l.Error.Wrapping = fyne.TextWrapWord
	l.Submit = widget.NewButton(m.views.L("manager.login.submit"), func() { m.Login(ctx, l.Staff.Text, l.PIN.Text) })
	l.Submit.Importance = widget.HighImportance
	l.PIN.OnSubmitted = func(string) { l.Submit.OnTapped() }
	hint := widget.NewLabel(m.views.L("manager.login.hint"))
	hint.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(
		widget.NewLabelWithStyle(m.views.L("manager.login.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(m.views.L("manager.login.staff")), l.Staff,
		widget.NewLabel(m.views.L("manager.login.pin")), l.PIN,
		l.Submit, l.Error, hint)
	l.root = container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 420), form))
	return l
}

// show renders the login's state.
func (l *managerLogin) show() {
	l.Error.SetText(l.m.LoginError)
	if l.m.Checking {
		l.Submit.Disable()
	} else {
		l.Submit.Enable()
	}
}
