package printers

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"accueil/hardware/printer"
	"accueil/hardware/simprinter"
)

func TestOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tickets")
	for _, tc := range []struct {
		spec string
		name string // Device name, or "sim"
		opts Options
	}{
		{"usb:/dev/usb/lp0", "usb /dev/usb/lp0", Options{Timeout: DefaultTimeout}},
		{"tcp:192.168.1.50:9100", "tcp 192.168.1.50:9100", Options{Timeout: DefaultTimeout}},
		{"tcp:192.168.1.50", "tcp 192.168.1.50:9100", Options{Timeout: DefaultTimeout}},
		{"tcp:[fe80::1]:9101", "tcp [fe80::1]:9101", Options{Timeout: DefaultTimeout}},
		{"tcp:printer.local:9100?qr=raster&timeout=5s", "tcp printer.local:9100",
			Options{Layout: printer.LayoutOptions{RasterQR: true}, Timeout: 5 * time.Second}},
		{"serial:/dev/ttyUSB0?baud=19200&columns=32&qrsize=4", "serial /dev/ttyUSB0",
			Options{Layout: printer.LayoutOptions{Columns: 32, QRModule: 4}, Timeout: DefaultTimeout}},
		{"sim:" + dir, "sim", Options{}},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			p, err := Open(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			switch p := p.(type) {
			case *Device:
				if p.name != tc.name || p.opts != tc.opts {
					t.Errorf("Open() = %q %+v, want %q %+v", p.name, p.opts, tc.name, tc.opts)
				}
			case *simprinter.Printer:
				if tc.name != "sim" {
					t.Errorf("Open() = simulated printer, want %q", tc.name)
				}
			default:
				t.Errorf("Open() = %T", p)
			}
		})
	}
}

func TestOpenBadSpec(t *testing.T) {
	for _, spec := range []string{
		"", "/dev/usb/lp0", "usb:", "tcp:", "lpt:/dev/lp0",
		"tcp:host:port:9100", "tcp:host:99999", "tcp::9100", "tcp:host:http",
		"usb:/dev/usb/lp0?qr=maybe", "usb:/dev/usb/lp0?qrsize=0", "usb:/dev/usb/lp0?columns=wide",
		"usb:/dev/usb/lp0?timeout=-1s", "usb:/dev/usb/lp0?timeout=soon", "usb:/dev/usb/lp0?baud=9600",
		"serial:/dev/ttyUSB0?baud=fast", "serial:/dev/ttyUSB0?speed=9600", "usb:/dev/usb/lp0?%zz",
	} {
		t.Run(spec, func(t *testing.T) {
			if p, err := Open(spec); err == nil {
				t.Errorf("Open(%q) = %v, want an error", spec, fmt.Sprint(p))
			}
		})
	}
}
