package printers

import (
	"context"
	"io"
	"net"
	"os"
	"time"

	"accueil/hardware/serialport"
	"go.bug.st/serial"
)

// USB is a printer of the USB printer class, seen by Linux as a device
// file such as /dev/usb/lp0.
func USB(path string, opts Options) *Device {
	return NewDevice("usb "+path, func(context.Context) (io.ReadWriteCloser, error) {
		return os.OpenFile(path, os.O_RDWR, 0)
	}, opts)
}

// TCP is a network printer taking raw ESC/POS on addr, usually port 9100.
func TCP(addr string, opts Options) *Device {
	return NewDevice("tcp "+addr, func(ctx context.Context) (io.ReadWriteCloser, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}, opts)
}

// Serial is a printer on a serial port.
func Serial(cfg serialport.Config, opts Options) *Device {
	return NewDevice("serial "+cfg.Path, func(context.Context) (io.ReadWriteCloser, error) {
		port, err := serialport.Open(cfg)
		if err != nil {
			return nil, err
		}
		return serialConn{port}, nil
	}, opts)
}

// serialConn gives a serial port a read deadline; go.bug.st/serial
// reports a read timeout as zero bytes and no error.
type serialConn struct{ serial.Port }

func (c serialConn) SetDeadline(t time.Time) error {
	return c.SetReadTimeout(max(time.Until(t), 0))
}

func (c serialConn) Read(p []byte) (int, error) {
	n, err := c.Port.Read(p)
	if n == 0 && err == nil && len(p) > 0 {
		return 0, os.ErrDeadlineExceeded
	}
	return n, err
}
