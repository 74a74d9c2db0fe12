package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"accueil/assets"
	"accueil/internal/cli"
)

// Config is the tablet's configuration, from flags with environment
// fallbacks (ACCUEIL_STORE, ACCUEIL_DEVICE, ...). What the tablet shows
// (reasons, staff, counters) is the store's configuration, from the hub.
type Config struct {
	Store    string // store id, in the MQTT topics
	Device   string // this tablet's enrolled device id
	Broker   string // MQTT broker of the store
	DB       string // SQLite file: replica of the store's log and outbox
	Windowed bool   // a window rather than full screen
	Lang     string // language of the screens: fr or en
}

// ParseFlags reads the configuration from args and the environment.
func ParseFlags(args []string) (Config, error) {
	windowed, _ := strconv.ParseBool(cli.Env("WINDOWED", "false"))
	var c Config
	fs := flag.NewFlagSet("counter", flag.ContinueOnError)
	fs.StringVar(&c.Store, "store", cli.Env("STORE", "store1"), "store id (letters, digits, - and _)")
	fs.StringVar(&c.Device, "device", cli.Env("DEVICE", "counter-1"), "this tablet's device id, enrolled in the store")
	fs.StringVar(&c.Broker, "broker", cli.Env("BROKER", "tcp://127.0.0.1:1883"), "MQTT broker of the store")
	fs.StringVar(&c.DB, "db", cli.Env("DB", ""), "SQLite file of the tablet's replica (default var/<device>.db)")
	fs.BoolVar(&c.Windowed, "windowed", windowed, "run in a window rather than full screen")
	fs.StringVar(&c.Lang, "lang", cli.Env("LANG_UI", "fr"), "language of the screens: fr or en")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.DB == "" {
		c.DB = filepath.Join("var", c.Device+".db")
	}
	return c, c.Validate()
}

// Validate checks the configuration.
func (c Config) Validate() error {
	switch {
	case c.Store == "" || strings.ContainsAny(c.Store, "/+# "):
		return fmt.Errorf("--store %q: use letters, digits, - and _", c.Store)
	case c.Device == "" || strings.ContainsAny(c.Device, "/+# "):
		return fmt.Errorf("--device %q: use letters, digits, - and _", c.Device)
	case !strings.Contains(c.Broker, "://"):
		return fmt.Errorf("--broker %q: want tcp://host:port", c.Broker)
	case c.DB == "":
		return fmt.Errorf("--db is empty")
	case !slices.Contains(assets.Languages, c.Lang):
		return fmt.Errorf("--lang %q: one of %s", c.Lang, strings.Join(assets.Languages, ", "))
	}
	return nil
}
