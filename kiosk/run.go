package main

import (
	"context"
	"errors"
	"log/slog"

	"fyne.io/fyne/v2"

	"accueil/assets"
	"accueil/hardware/printer"
	"accueil/hardware/printers"
	"accueil/hardware/scanner"
	"accueil/internal/cli"
	"accueil/internal/mqttsync"
)

// Main is the kiosk program: its replica of the store, the sync client,
// the printer and the window.
type Main struct {
	Config Config
	App    fyne.App     // app.New() in main; test.NewTempApp in tests
	Clock  Clock        // nil: the system clock
	Do     func(func()) // nil: fyne.Do
	Log    *slog.Logger

	Client  *mqttsync.Client
	Printer printer.Printer
	Flow    *Flow
	Kiosk   *Kiosk
	Window  fyne.Window
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
	if err := assets.LoadTranslations(); err != nil {
		return err
	}
	var err error
	if m.Printer, err = printers.Open(m.Config.Printer); err != nil {
		return err
	}
	cred, err := m.Config.Credential(ctx)
	if err != nil {
		return err
	}
	m.Client, err = mqttsync.OpenDevice(ctx, m.Config.DB, mqttsync.ClientConfig{
		Store: m.Config.Store, Device: m.Config.Device, Secret: cred.Secret, TLS: cred.TLS(), Public: true, Broker: m.Config.Broker, Log: m.Log,
	})
	if err != nil {
		return err
	}
	m.Flow, err = NewFlow(ctx, FlowConfig{
		Backend: m.Client, Printer: m.Printer, Clock: m.Clock, Do: m.Do, Device: m.Config.Device,
		StatusURL: m.Config.StatusURL, Lang: m.Config.Lang, SMS: m.Config.SMS, Log: m.Log,
		Scan: scanner.Rules{EnterGap: m.Config.ScanEnterGap},
	})
	if err != nil {
		return err
	}
	m.Window = m.App.NewWindow("Accueil " + m.Config.Device)
	w, h, _ := m.Config.WindowSize()
	m.Window.Resize(fyne.NewSize(w, h))
	m.Window.SetFullScreen(!m.Config.Windowed)
	m.Kiosk = NewKiosk(m.App, m.Window, m.Flow)
	if m.Config.Scanner != "" {
		sc, err := scanner.OpenSerial(m.Config.Scanner, scanner.Rules{}, m.Log)
		if err != nil {
			return err
		}
		go func() {
			err := sc.Run(ctx, func(code string) { m.Do(func() { m.Flow.Scanned(code) }) })
			if err != nil && ctx.Err() == nil {
				m.Log.Error("kiosk: serial scanner stopped", "err", err)
			}
		}()
	}
	m.Log.Info("kiosk ready", "store", m.Config.Store, "device", m.Config.Device, "broker", m.Config.Broker,
		"db", m.Config.DB, "printer", m.Config.Printer, "scanner", m.Config.Scanner)
	return nil
}

// Run opens the kiosk and shows it until ctx ends or the window closes.
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
	if m.Client != nil {
		m.Client.Close()
		m.Client = nil
	}
	return nil
}
