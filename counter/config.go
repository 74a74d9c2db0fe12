package main

import (
	"flag"

	"accueil/internal/cli"
)

// Config is the tablet's configuration, from flags with environment
// fallbacks (ACCUEIL_STORE, ACCUEIL_DEVICE, ...). What the tablet shows
// (reasons, staff, counters) is the store's configuration, from the hub.
type Config struct {
	cli.DeviceConfig
}

// ParseFlags reads the configuration from args and the environment.
func ParseFlags(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("counter", flag.ContinueOnError)
	c.Flags(fs, "counter-1", "tablet")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Parsed()
}
