// Package serialport opens serial ports (RS-232, USB CDC "virtual COM")
// from a spec string such as "/dev/ttyUSB0?baud=19200&parity=even", for
// printers and code scanners. It uses go.bug.st/serial.
package serialport

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"go.bug.st/serial"
)

// Config is a serial port and its line settings.
type Config struct {
	Path     string
	Baud     int // default 9600
	DataBits int // 5 to 8, default 8
	Parity   serial.Parity
	StopBits serial.StopBits
}

var parities = map[string]serial.Parity{
	"none": serial.NoParity, "odd": serial.OddParity, "even": serial.EvenParity,
	"mark": serial.MarkParity, "space": serial.SpaceParity,
}

var stopBits = map[string]serial.StopBits{
	"1": serial.OneStopBit, "1.5": serial.OnePointFiveStopBits, "2": serial.TwoStopBits,
}

// Parse reads a spec "path[?baud=N&databits=N&parity=P&stopbits=S]" with
// parity none, odd, even, mark or space and stop bits 1, 1.5 or 2.
func Parse(spec string) (Config, error) {
	path, query, _ := strings.Cut(spec, "?")
	cfg := Config{Path: path, Baud: 9600, DataBits: 8}
	if path == "" {
		return cfg, fmt.Errorf("serialport: %q has no device path", spec)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return cfg, fmt.Errorf("serialport: %q: %w", spec, err)
	}
	for key, vals := range q {
		v := vals[len(vals)-1]
		var ok bool
		switch key {
		case "baud":
			cfg.Baud, err = strconv.Atoi(v)
			ok = err == nil && cfg.Baud > 0
		case "databits":
			cfg.DataBits, err = strconv.Atoi(v)
			ok = err == nil && cfg.DataBits >= 5 && cfg.DataBits <= 8
		case "parity":
			cfg.Parity, ok = parities[v]
		case "stopbits":
			cfg.StopBits, ok = stopBits[v]
		default:
			return cfg, fmt.Errorf("serialport: %q: unknown setting %q (want baud, databits, parity or stopbits)", spec, key)
		}
		if !ok {
			return cfg, fmt.Errorf("serialport: %q: bad %s %q", spec, key, v)
		}
	}
	return cfg, nil
}

// Open opens the port.
func Open(cfg Config) (serial.Port, error) {
	port, err := serial.Open(cfg.Path, &serial.Mode{
		BaudRate: cfg.Baud,
		DataBits: cfg.DataBits,
		Parity:   cfg.Parity,
		StopBits: cfg.StopBits,
	})
	if err != nil {
		return nil, fmt.Errorf("serialport: %s: %w", cfg.Path, err)
	}
	return port, nil
}
