package main

import (
	"flag"
	"fmt"
	"net"
	"strings"

	"accueil/internal/cli"
)

// Config is the hub's configuration, from flags with environment fallbacks
// (ACCUEIL_STORE, ACCUEIL_DB, ...).
type Config struct {
	Store    string // store id, in the MQTT topics
	DB       string // SQLite file of the store's log
	Broker   string // external broker URL; empty: run the embedded one
	MQTTAddr string // where the embedded broker listens
	HTTPAddr string // web pages and JSON
	TLS      bool   // the broker and the web pages speak TLS only (always, on an address that is not loopback)
	Lang     string // language of the web pages
	Headless bool   // no manager window
	Rebuild  bool   // write the read models again from the log at start

	// The calling display (--display): instead of the hub, a board window
	// run as an enrolled display device with its own replica.
	Display   bool
	Device    string // the display's device id
	DisplayDB string // the display's SQLite replica
	Pair      string // the display's one-time pairing code, traded at HTTPAddr
	Voice     bool   // speak the calls after the chime
	Windowed  bool   // the board in a window rather than full screen
}

// ParseFlags reads the configuration from args and the environment.
func ParseFlags(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("backoffice", flag.ContinueOnError)
	fs.StringVar(&c.Store, "store", cli.Env("STORE", "store1"), "store id (letters, digits, - and _)")
	fs.StringVar(&c.DB, "db", cli.Env("DB", "var/hub.db"), "SQLite file of the store's log")
	fs.StringVar(&c.Broker, "broker", cli.Env("BROKER", ""), "external MQTT broker, e.g. tcp://127.0.0.1:1883 (default: embedded)")
	fs.StringVar(&c.MQTTAddr, "mqtt", cli.Env("MQTT", "127.0.0.1:1883"), "address of the embedded MQTT broker")
	fs.StringVar(&c.HTTPAddr, "http", cli.Env("HTTP", "127.0.0.1:8080"), "address of the web pages")
	fs.BoolVar(&c.TLS, "tls", cli.EnvBool("TLS", false), "the broker and the web pages speak TLS only, with the hub's own certificate (<db>.tls.pem); always on when --mqtt or --http is not a loopback address. The calling display: its hub speaks TLS")
	fs.StringVar(&c.Lang, "lang", cli.Env("LANG_UI", "fr"), "language of the web pages: fr or en")
	fs.BoolVar(&c.Headless, "headless", cli.EnvBool("HEADLESS", false), "run without the manager window")
	fs.BoolVar(&c.Rebuild, "rebuild", false, "write the read models (tickets, sessions, ...) again from the log before serving")
	fs.BoolVar(&c.Display, "display", false, "run the calling display window (connects to --broker, or the embedded broker at --mqtt) instead of the hub")
	fs.StringVar(&c.Device, "device", cli.Env("DEVICE", "display-1"), "device id of the calling display")
	fs.StringVar(&c.DisplayDB, "display-db", cli.Env("DISPLAY_DB", "var/display-1.db"), "SQLite replica of the calling display")
	fs.StringVar(&c.Pair, "pair", "", "calling display: one-time pairing code (`backoffice enrol display-1 display`), needed at the first start")
	fs.BoolVar(&c.Voice, "voice", false, "calling display: say the calls aloud (espeak-ng) after the chime")
	fs.BoolVar(&c.Windowed, "windowed", cli.EnvBool("WINDOWED", false), "calling display: a window rather than full screen")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if !c.Display && (!loopback(c.HTTPAddr) || (c.Broker == "" && !loopback(c.MQTTAddr))) {
		c.TLS = true // the shop's network is shared: nothing leaves the machine in clear
	}
	return c, c.Validate()
}

// loopback reports whether the listen address addr ("host:port") stays on
// the machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Validate checks the configuration.
func (c Config) Validate() error {
	switch {
	case c.Store == "" || strings.ContainsAny(c.Store, "/+# "):
		return fmt.Errorf("--store %q: use letters, digits, - and _", c.Store)
	case c.DB == "":
		return fmt.Errorf("--db is empty")
	case c.Lang != "fr" && c.Lang != "en":
		return fmt.Errorf("--lang %q: fr or en", c.Lang)
	case c.Display && (c.Device == "" || strings.ContainsAny(c.Device, "/+# ")):
		return fmt.Errorf("--device %q: use letters, digits, - and _", c.Device)
	case c.Display && c.DisplayDB == "":
		return fmt.Errorf("--display-db is empty")
	}
	return nil
}
