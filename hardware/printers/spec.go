package printers

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"accueil/hardware/printer"
	"accueil/hardware/serialport"
	"accueil/hardware/simprinter"
)

// Open returns the printer a spec names:
//
//	usb:/dev/usb/lp0
//	serial:/dev/ttyUSB0?baud=19200    (and databits, parity, stopbits; see serialport.Parse)
//	tcp:192.168.1.50:9100             (the port defaults to 9100)
//	sim:/var/lib/accueil/tickets      (simulated: one PNG per ticket in that folder)
//
// Any spec also takes, after '?' or '&':
//
//	qr=native|raster   raster for printers without QR code commands
//	qrsize=N           dots per QR module, 1 to 16
//	columns=N          characters per line, 48 for 80 mm paper, 32 for 58 mm
//	timeout=3s         per job or status query (not for sim)
func Open(spec string) (printer.Printer, error) {
	kind, rest, ok := strings.Cut(spec, ":")
	if !ok {
		return nil, fmt.Errorf("printers: %q: want usb:, serial:, tcp: or sim: and a device", spec)
	}
	target, query, _ := strings.Cut(rest, "?")
	if target == "" {
		return nil, fmt.Errorf("printers: %q: no device after %q", spec, kind+":")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("printers: %q: %w", spec, err)
	}
	opts, err := options(q)
	if err != nil {
		return nil, fmt.Errorf("printers: %q: %w", spec, err)
	}
	if kind != "serial" {
		for key := range q {
			return nil, fmt.Errorf("printers: %q: unknown setting %q", spec, key)
		}
	}
	switch kind {
	case "usb":
		return USB(target, opts), nil
	case "tcp":
		host, port, err := net.SplitHostPort(target)
		if err != nil && !strings.Contains(target, ":") {
			host, port = target, "9100"
		}
		if p, err := strconv.Atoi(port); host == "" || err != nil || p < 1 || p > 65535 {
			return nil, fmt.Errorf("printers: %q: want tcp:host or tcp:host:port", spec)
		}
		return TCP(net.JoinHostPort(host, port), opts), nil
	case "serial":
		cfg, err := serialport.Parse(target + "?" + q.Encode())
		if err != nil {
			return nil, fmt.Errorf("printers: %q: %w", spec, err)
		}
		return Serial(cfg, opts), nil
	case "sim":
		return simprinter.New(target, opts.Layout)
	default:
		return nil, fmt.Errorf("printers: %q: unknown kind %q, want usb, serial, tcp or sim", spec, kind)
	}
}

// options takes the settings common to all printers out of q.
func options(q url.Values) (Options, error) {
	var o Options
	for _, key := range []string{"qr", "qrsize", "columns", "timeout"} {
		if !q.Has(key) {
			continue
		}
		v := q.Get(key)
		q.Del(key)
		var err error
		switch key {
		case "qr":
			if v != "native" && v != "raster" {
				err = fmt.Errorf("qr=%s, want native or raster", v)
			}
			o.Layout.RasterQR = v == "raster"
		case "qrsize":
			o.Layout.QRModule, err = strconv.Atoi(v)
			if err == nil && (o.Layout.QRModule < 1 || o.Layout.QRModule > 16) {
				err = fmt.Errorf("qrsize=%s, want 1 to 16", v)
			}
		case "columns":
			o.Layout.Columns, err = strconv.Atoi(v)
			if err == nil && (o.Layout.Columns < 16 || o.Layout.Columns > 96) {
				err = fmt.Errorf("columns=%s, want 16 to 96", v)
			}
		case "timeout":
			o.Timeout, err = time.ParseDuration(v)
			if err == nil && o.Timeout <= 0 {
				err = fmt.Errorf("timeout=%s, want a positive duration", v)
			}
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}
