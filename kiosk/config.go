package main

import (
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"accueil/assets"
	"accueil/internal/cli"
)

// Config is the kiosk's configuration, from flags with environment
// fallbacks (ACCUEIL_STORE, ACCUEIL_DEVICE, ...). What the kiosk offers
// (reasons, questions) is the store's configuration, from the hub.
type Config struct {
	Store     string // store id, in the MQTT topics
	Device    string // this kiosk's enrolled device id
	Broker    string // MQTT broker of the store
	DB        string // SQLite file: replica of the store's log and outbox
	Printer   string // printer spec, see hardware/printers.Open
	StatusURL string // base of the mobile status page, in the QR code
	Windowed  bool   // a window rather than full screen
	Size      string // window size when windowed, "1080x1920"
	Lang      string // default language
	SMS       bool   // offer an SMS when the turn is near
	Scanner   string // serial code scanner, "/dev/ttyACM0?baud=9600"; empty: keyboard wedge only
}

// ParseFlags reads the configuration from args and the environment.
func ParseFlags(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.StringVar(&c.Store, "store", cli.Env("STORE", "store1"), "store id (letters, digits, - and _)")
	fs.StringVar(&c.Device, "device", cli.Env("DEVICE", "kiosk-1"), "this kiosk's device id, enrolled in the store")
	fs.StringVar(&c.Broker, "broker", cli.Env("BROKER", "tcp://127.0.0.1:1883"), "MQTT broker of the store")
	fs.StringVar(&c.DB, "db", cli.Env("DB", ""), "SQLite file of the kiosk's replica (default var/<device>.db)")
	fs.StringVar(&c.Printer, "printer", cli.Env("PRINTER", ""), "ticket printer: usb:/dev/usb/lp0, serial:/dev/ttyUSB0, tcp:host:9100 or sim:<dir> (default sim:<db dir>/tickets)")
	fs.StringVar(&c.StatusURL, "status-url", cli.Env("STATUS_URL", "http://localhost:8080"), "base URL of the mobile status page, in the ticket's QR code")
	fs.BoolVar(&c.Windowed, "windowed", cli.EnvBool("WINDOWED", false), "run in a window rather than full screen")
	fs.StringVar(&c.Size, "size", cli.Env("SIZE", "1080x1920"), "window size when windowed, WIDTHxHEIGHT")
	fs.StringVar(&c.Lang, "lang", cli.Env("LANG_UI", "fr"), "default language: fr or en")
	fs.BoolVar(&c.SMS, "sms", cli.EnvBool("SMS", false), "ask for a phone number for an SMS when the turn is near (kept on the ticket; sending needs an SMS gateway, not part of Accueil yet)")
	fs.StringVar(&c.Scanner, "scanner", cli.Env("SCANNER", ""), "serial code scanner, e.g. /dev/ttyACM0?baud=9600 (default: keyboard-wedge scanners only, which need no setting)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.DB == "" {
		c.DB = filepath.Join("var", c.Device+".db")
	}
	if c.Printer == "" {
		c.Printer = "sim:" + filepath.Join(filepath.Dir(c.DB), "tickets")
	}
	return c, c.Validate()
}

// Validate checks the configuration.
func (c Config) Validate() error {
	known := false
	for _, l := range assets.Languages {
		known = known || c.Lang == l
	}
	switch {
	case c.Store == "" || strings.ContainsAny(c.Store, "/+# "):
		return fmt.Errorf("--store %q: use letters, digits, - and _", c.Store)
	case c.Device == "" || strings.ContainsAny(c.Device, "/+# "):
		return fmt.Errorf("--device %q: use letters, digits, - and _", c.Device)
	case c.DB == "":
		return fmt.Errorf("--db is empty")
	case !known:
		return fmt.Errorf("--lang %q: one of %s", c.Lang, strings.Join(assets.Languages, ", "))
	}
	if _, _, err := c.WindowSize(); err != nil {
		return err
	}
	if c.StatusURL != "" {
		u, err := url.Parse(c.StatusURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--status-url %q: want http://host[:port]", c.StatusURL)
		}
	}
	return nil
}

// WindowSize returns the window size of --size.
func (c Config) WindowSize() (w, h float32, err error) {
	ws, hs, ok := strings.Cut(c.Size, "x")
	wi, err1 := strconv.Atoi(ws)
	hi, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || wi < 320 || hi < 320 {
		return 0, 0, fmt.Errorf("--size %q: want WIDTHxHEIGHT, e.g. 1080x1920", c.Size)
	}
	return float32(wi), float32(hi), nil
}
