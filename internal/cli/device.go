package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"accueil/assets"
	"accueil/internal/enrol"
)

// DeviceConfig is the configuration every device program (kiosk, tablet) shares.
type DeviceConfig struct {
	Store    string // store id, in the MQTT topics
	Device   string // this device's enrolled id
	Broker   string // MQTT broker of the store
	DB       string // SQLite file: replica of the store's log and outbox
	Windowed bool   // a window rather than full screen
	Lang     string // language of the screens: fr or en
	Pair     string // one-time pairing code, traded at Hub for the device's secret
	Hub      string // the hub's web address, for pairing
	HubPin   string // the fingerprint the hub's TLS certificate must have, when known before pairing
}

// Flags registers the shared flags on fs; id is the default device id and
// what names the device in the help ("kiosk").
func (d *DeviceConfig) Flags(fs *flag.FlagSet, id, what string) {
	fs.StringVar(&d.Store, "store", Env("STORE", "store1"), "store id (letters, digits, - and _)")
	fs.StringVar(&d.Device, "device", Env("DEVICE", id), "this "+what+"'s device id, enrolled in the store")
	fs.StringVar(&d.Broker, "broker", Env("BROKER", "tcp://127.0.0.1:1883"), "MQTT broker of the store")
	fs.StringVar(&d.DB, "db", Env("DB", ""), "SQLite file of the "+what+"'s replica (default var/<device>.db)")
	fs.BoolVar(&d.Windowed, "windowed", EnvBool("WINDOWED", false), "run in a window rather than full screen")
	fs.StringVar(&d.Lang, "lang", Env("LANG_UI", "fr"), "language of the screens: fr or en")
	fs.StringVar(&d.Pair, "pair", "", "one-time pairing code from the store's manager (`backoffice enrol`): needed once, at the first start")
	fs.StringVar(&d.Hub, "hub", Env("HUB", "http://127.0.0.1:8080"), "the hub's web address, where --pair trades the code (https:// for a hub that speaks TLS)")
	fs.StringVar(&d.HubPin, "hub-fingerprint", "", "with --pair: the SHA-256 fingerprint the hub's certificate must have (the hub prints it); without, the device trusts the certificate it sees when it pairs")
}

// Credential returns the device's broker credential, kept next to its
// database; with --pair, it is first traded with the hub (see
// enrol.DeviceCredential).
func (d *DeviceConfig) Credential(ctx context.Context) (enrol.Credential, error) {
	return enrol.DeviceCredential(ctx, d.DB, d.Device, d.Pair, d.Hub, d.HubPin)
}

// Parsed fills what defaults to other flags (the database follows the
// device id) and checks the configuration.
func (d *DeviceConfig) Parsed() error {
	if d.DB == "" {
		d.DB = filepath.Join("var", d.Device+".db")
	}
	switch {
	case d.Store == "" || strings.ContainsAny(d.Store, "/+# "):
		return fmt.Errorf("--store %q: use letters, digits, - and _", d.Store)
	case d.Device == "" || strings.ContainsAny(d.Device, "/+# "):
		return fmt.Errorf("--device %q: use letters, digits, - and _", d.Device)
	case !strings.Contains(d.Broker, "://"):
		return fmt.Errorf("--broker %q: want tcp://host:port", d.Broker)
	case !slices.Contains(assets.Languages, d.Lang):
		return fmt.Errorf("--lang %q: one of %s", d.Lang, strings.Join(assets.Languages, ", "))
	}
	return nil
}
