package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"accueil/assets"
	"accueil/internal/cli"
	"accueil/internal/mqttsync"
)

// Main is the tablet program: its replica of the store, the sync client
// and the window.
type Main struct {
	Config Config
	App    fyne.App         // app.New() in main; test.NewTempApp in tests
	Do     func(func())     // nil: fyne.Do
	Now    func() time.Time // nil: time.Now
	Log    *slog.Logger     // nil: slog.Default()
	Tick   time.Duration    // how often waits are redrawn; 0: every 20 s

	Client *mqttsync.Client
	Tablet *Tablet
	UI     *UI
	Window fyne.Window

	stop context.CancelFunc
}

// Open opens the replica, starts syncing and builds the window; it does
// not wait for the broker. Call it on the UI goroutine.
func (m *Main) Open(ctx context.Context) error {
	if m.Log == nil {
		m.Log = slog.Default()
	}
	if m.Do == nil {
		m.Do = fyne.Do
	}
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Tick == 0 {
		m.Tick = 20 * time.Second
	}
	if err := assets.SetLanguage(m.Config.Lang); err != nil {
		return err
	}
	// The theme comes before any widget: a renderer keeps the theme it was
	// made with.
	m.App.Settings().SetTheme(counterTheme{})
	var err error
	cred, err := m.Config.Credential(ctx)
	if err != nil {
		return err
	}
	m.Client, err = mqttsync.OpenDevice(ctx, m.Config.DB, mqttsync.ClientConfig{
		Store: m.Config.Store, Device: m.Config.Device, Secret: cred.Secret, TLS: cred.TLS(), Broker: m.Config.Broker, Now: m.Now, Log: m.Log,
	})
	if err != nil {
		return err
	}
	m.Tablet = NewTablet(TabletConfig{Backend: Replica{m.Client}, Do: m.Do, Now: m.Now, Log: m.Log, Lang: m.Config.Lang})
	m.UI = NewUI(m.Tablet)
	m.Window = m.App.NewWindow(lang.L("counter.title"))
	m.Window.SetContent(m.UI.Content())
	m.Window.Resize(fyne.NewSize(1280, 800))
	m.Window.SetFullScreen(!m.Config.Windowed)

	// Waits grow by themselves: redraw them now and then.
	tickCtx, stop := context.WithCancel(context.Background())
	m.stop = stop
	go func() {
		t := time.NewTicker(m.Tick)
		defer t.Stop()
		for {
			select {
			case <-tickCtx.Done():
				return
			case <-t.C:
				m.Tablet.Changed()
			}
		}
	}()
	m.Log.Info("counter ready", "store", m.Config.Store, "device", m.Config.Device, "broker", m.Config.Broker, "db", m.Config.DB)
	return nil
}

// Run opens the tablet and shows it until ctx ends or the window closes.
func (m *Main) Run(ctx context.Context) error {
	if err := m.Open(ctx); err != nil {
		return errors.Join(err, m.Close())
	}
	cli.ShowAndRun(ctx, m.App, m.Window)
	return m.Close()
}

// Close stops syncing and closes the replica; the outbox keeps what the
// hub has not acknowledged.
func (m *Main) Close() error {
	if m.stop != nil {
		m.stop()
	}
	if m.Client != nil {
		m.Client.Close()
		m.Client = nil
	}
	return nil
}
