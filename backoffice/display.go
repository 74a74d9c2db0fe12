package main

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"accueil/assets"
	"accueil/hardware/announce"
	"accueil/internal/board"
	"accueil/internal/enrol"
	"accueil/internal/mqttsync"
)

// staleCall is how old a call may be and still be announced: a display
// that starts, or catches up after an outage, shows the calls made
// meanwhile without chiming for each of them.
const staleCall = time.Minute

// displayDevice is the calling display run by `backoffice --display`: a
// board window fed by the device's replica of the store, which announces
// each new call and recall.
type displayDevice struct {
	cfg    Config
	log    *slog.Logger
	client *mqttsync.Client
	view   *board.View
	win    fyne.Window
	hooks  displayHooks
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// RunDisplay shows the calling display in a until ctx ends or its window is
// closed. Call it on the main goroutine: it runs the Fyne event loop.
func RunDisplay(ctx context.Context, cfg Config, a fyne.App) error {
	d, err := startDisplay(ctx, cfg, a, displayHooks{})
	if err != nil {
		return err
	}
	defer d.Close()
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	d.win.SetMaster()
	a.Run()
	return nil
}

// displayHooks lets tests see what the display does.
type displayHooks struct {
	// say announces a call; nil means the chime and, with --voice,
	// espeak-ng.
	say func(context.Context, board.Call)
	// shown is called on the UI goroutine after board shows b.
	shown func(b board.Board, board fyne.CanvasObject)
}

// startDisplay opens the display's replica, connects it to the store's
// broker and shows the board in a new window of a.
func startDisplay(ctx context.Context, cfg Config, a fyne.App, hooks displayHooks) (*displayDevice, error) {
	log := slog.Default().With("part", "display", "device", cfg.Device)
	if err := assets.SetLanguage(cfg.Lang); err != nil {
		return nil, err
	}
	if hooks.say == nil {
		ann := announce.New(announce.Config{Voice: cfg.Voice, Log: log})
		hooks.say = func(ctx context.Context, c board.Call) {
			if err := ann.Announce(ctx, c.Number, c.Counter, c.Recall); err != nil && ctx.Err() == nil {
				log.Warn("announce a call", "number", c.Number, "err", err)
			}
		}
	}
	broker := cfg.Broker
	if broker == "" {
		broker = "tcp://" + cfg.MQTTAddr
	}
	hub := "http://" + cfg.HTTPAddr
	if cfg.TLS {
		broker, hub = strings.Replace(broker, "tcp://", "tls://", 1), "https://"+cfg.HTTPAddr
	}
	cred, err := enrol.DeviceCredential(ctx, cfg.DisplayDB, cfg.Device, cfg.Pair, hub, "")
	if err != nil {
		return nil, err
	}
	client, err := mqttsync.OpenDevice(ctx, cfg.DisplayDB, mqttsync.ClientConfig{Store: cfg.Store, Device: cfg.Device, Secret: cred.Secret, TLS: cred.TLS(), Public: true, Broker: broker, Log: log})
	if err != nil {
		return nil, err
	}
	d := &displayDevice{cfg: cfg, log: log, client: client, view: board.NewView(), hooks: hooks}
	d.win = a.NewWindow(lang.L("display.title"))
	d.win.SetContent(d.view.Object())
	d.win.Resize(fyne.NewSize(1920, 1080)) // the board is laid out for a 1080p wall screen
	d.win.SetFullScreen(!cfg.Windowed)
	d.win.Show()
	log.Info("calling display", "broker", broker, "db", cfg.DisplayDB)

	ctx, d.cancel = context.WithCancel(ctx)
	changed := make(chan struct{}, 1)
	client.OnChange(func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	calls := make(chan board.Call, 32)
	d.wg.Add(2)
	go d.follow(ctx, changed, calls)
	go d.announce(ctx, calls)
	return d, nil
}

// follow rebuilds the board when the replica changes (and every second,
// for the connection notice and waits that move with time), shows it
// and queues the calls to announce.
func (d *displayDevice) follow(ctx context.Context, changed <-chan struct{}, calls chan<- board.Call) {
	defer d.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var prev board.Board
	first, online := true, false
	for {
		now := time.Now()
		b := board.FromState(d.client.View(), d.cfg.Lang, now)
		on := d.client.Online()
		if first || on != online || !reflect.DeepEqual(b, prev) {
			var news []board.Call
			if !first {
				news = board.Diff(prev, b)
			}
			fyne.Do(func() {
				d.view.Refresh(b)
				d.view.SetOnline(on)
				if d.hooks.shown != nil {
					d.hooks.shown(b, d.view.Object())
				}
			})
			for _, c := range news {
				if !c.Recall && now.Sub(c.CalledAt) > staleCall {
					continue
				}
				select {
				case calls <- c:
				default:
					d.log.Warn("too many calls to announce, one skipped", "number", c.Number)
				}
			}
			prev, first, online = b, false, on
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		case <-tick.C:
		}
	}
}

// announce plays the calls one after the other, off the UI goroutine.
func (d *displayDevice) announce(ctx context.Context, calls <-chan board.Call) {
	defer d.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-calls:
			d.hooks.say(ctx, c)
		}
	}
}

// Close stops following the store and closes the replica.
func (d *displayDevice) Close() {
	d.cancel()
	d.wg.Wait()
	d.client.Close()
}
