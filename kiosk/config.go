package main

import (
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"accueil/internal/cli"
)

// Config is the kiosk's configuration, from flags with environment
// fallbacks (ACCUEIL_STORE, ACCUEIL_DEVICE, ...). What the kiosk offers
// (reasons, questions) is the store's configuration, from the hub.
type Config struct {
	cli.DeviceConfig               // Lang is the default language, back after each visit
	Printer          string        // printer spec, see hardware/printers.Open
	StatusURL        string        // base of the mobile status page, in the QR code
	Size             string        // window size when windowed, "1080x1920"
	SMS              bool          // offer an SMS when the turn is near
	Scanner          string        // serial code scanner, "/dev/ttyACM0?baud=9600"; empty: keyboard wedge only
	ScanEnterGap     time.Duration // longest pause between a scan's last key and its Enter
}

// ParseFlags reads the configuration from args and the environment.
func ParseFlags(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	c.Flags(fs, "kiosk-1", "kiosk")
	fs.StringVar(&c.Printer, "printer", cli.Env("PRINTER", ""), "ticket printer: usb:/dev/usb/lp0, serial:/dev/ttyUSB0, tcp:host:9100 or sim:<dir> (default sim:<db dir>/tickets)")
	fs.StringVar(&c.StatusURL, "status-url", cli.Env("STATUS_URL", "http://localhost:8080"), "base URL of the mobile status page, in the ticket's QR code")
	fs.StringVar(&c.Size, "size", cli.Env("SIZE", "1080x1920"), "window size when windowed, WIDTHxHEIGHT")
	fs.BoolVar(&c.SMS, "sms", cli.EnvBool("SMS", false), "ask for a phone number for an SMS when the turn is near (kept on the ticket; sending needs an SMS gateway, not part of Accueil yet)")
	fs.StringVar(&c.Scanner, "scanner", cli.Env("SCANNER", ""), "serial code scanner, e.g. /dev/ttyACM0?baud=9600 (default: keyboard-wedge scanners only, which need no setting)")
	gap, err := time.ParseDuration(cli.Env("SCAN_ENTER_GAP", "500ms"))
	if err != nil {
		return c, fmt.Errorf("ACCUEIL_SCAN_ENTER_GAP: %w", err)
	}
	fs.DurationVar(&c.ScanEnterGap, "scan-enter-gap", gap, "longest pause between the last key of a keyboard-wedge scan and its Enter (slower and Bluetooth scanners send it late)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if err := c.Parsed(); err != nil {
		return c, err
	}
	if c.Printer == "" {
		c.Printer = "sim:" + filepath.Join(filepath.Dir(c.DB), "tickets")
	}
	return c, c.Validate()
}

// Validate checks the kiosk's own settings (ParseFlags checks the shared
// ones with DeviceConfig.Parsed).
func (c Config) Validate() error {
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
