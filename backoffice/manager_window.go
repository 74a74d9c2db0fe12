package main

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"accueil/internal/managerpage"
)

// RunManager runs the hub and, beside it, the manager's window in a, until
// ctx ends or the window is closed. Call it on the main goroutine: it runs
// the Fyne event loop.
func RunManager(ctx context.Context, cfg Config, a fyne.App) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	up := make(chan served, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, func(s served) { up <- s }) }()
	var s served
	select {
	case s = <-up:
	case err := <-done:
		return err
	}
	views, err := managerpage.NewViews(cfg.Lang)
	if err != nil {
		cancel()
		<-done
		return err
	}
	m := &manager{hub: s.Hub, reports: s.DB, views: views, now: time.Now, log: slog.Default(), do: fyne.Do}
	w := newManagerWindow(ctx, a, m)
	w.win.SetMaster()
	w.win.Show()
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	a.Run()
	cancel()
	return <-done
}

// managerWindow shows the login, then the tabs: live floor, reports and
// satisfaction.
type managerWindow struct {
	m            *manager
	win          fyne.Window
	login        *managerLogin
	floor        *floorScreen
	satisfaction *satisfactionScreen
	reports      *reportsScreen
	Tabs         *container.AppTabs
	Logout       *widget.Button
	who          *widget.Label // the manager signed in
	signedIn     fyne.CanvasObject
}

// newManagerWindow opens the manager's window of m in a.
func newManagerWindow(ctx context.Context, a fyne.App, m *manager) *managerWindow {
	w := &managerWindow{m: m, win: a.NewWindow(m.views.L("manager.window.title"))}
	w.login = newManagerLogin(ctx, m)
	w.floor = newFloorScreen(m)
	w.satisfaction = newSatisfactionScreen(m)
	w.reports = newReportsScreen(ctx, m)
	w.Tabs = container.NewAppTabs(
		container.NewTabItem(m.views.L("manager.floor.title"), w.floor.root),
		container.NewTabItem(m.views.L("manager.report.title"), w.reports.root),
		container.NewTabItem(m.views.L("manager.satisfaction.title"), w.satisfaction.root))
	w.Logout = widget.NewButton(m.views.L("manager.logout"), m.Logout)
	w.who = widget.NewLabel("")
	w.signedIn = container.NewBorder(container.NewHBox(w.who, w.Logout), nil, nil, nil, w.Tabs)
	m.onChange = w.show
	w.win.Resize(fyne.NewSize(1100, 760))
	w.show()
	return w
}

// show renders the model: the login, or the tabs.
func (w *managerWindow) show() {
	if w.m.Manager == "" {
		w.login.show()
		if w.win.Content() != w.login.root {
			w.win.SetContent(w.login.root)
		}
		return
	}
	w.who.SetText(w.m.Manager)
	w.floor.show()
	w.satisfaction.show()
	w.reports.show()
	if w.win.Content() != w.signedIn {
		w.win.SetContent(w.signedIn)
	}
}
