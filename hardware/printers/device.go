// Package printers drives real ESC/POS ticket printers and builds any
// printer, real or simulated, from a spec string (see Open).
//
// A Device opens its connection for each job and closes it afterwards, so
// an unplugged or rebooted printer is picked up again on the next ticket,
// and a TCP printer stays free for other clients between tickets. The
// ticket goes in one Write. Status sends the three DLE EOT queries (printer,
// offline cause, paper sensor) and reads the three reply bytes under a
// deadline.
//
// The driver lives here rather than in hardware/escpos so that escpos stays
// plain bytes, imported by hardware/printer for the layout, without an
// import cycle.
package printers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"accueil/hardware/escpos"
	"accueil/hardware/printer"
)

// DefaultTimeout bounds a print job or a status query, connection included.
const DefaultTimeout = 3 * time.Second

// Dialer opens a connection to a printer for one job.
type Dialer func(ctx context.Context) (io.ReadWriteCloser, error)

// Options tune a Device.
type Options struct {
	Layout  printer.LayoutOptions
	Timeout time.Duration // per job or status query; 0 means DefaultTimeout
}

// Device is an ESC/POS printer behind a connection.
type Device struct {
	name string
	dial Dialer
	opts Options
}

var _ printer.Printer = (*Device)(nil)

// NewDevice returns the printer that dial connects to; name says which it
// is in errors and logs.
func NewDevice(name string, dial Dialer, opts Options) *Device {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return &Device{name: name, dial: dial, opts: opts}
}

func (d *Device) String() string { return d.name }

// Print sends the laid out ticket in one write. Errors reaching or writing
// to the printer wrap printer.ErrOffline. A printer out of paper may take
// the ticket and keep it: call Status first to tell the visitor.
func (d *Device) Print(ctx context.Context, t printer.Ticket) error {
	if err := t.Validate(); err != nil {
		return err
	}
	data := printer.Layout(t, d.opts.Layout)
	return d.session(ctx, func(conn io.ReadWriter) error {
		n, err := conn.Write(data)
		if err == nil && n < len(data) {
			err = io.ErrShortWrite
		}
		return err
	})
}

// statusQueries are sent together; the printer answers one byte each, in
// order.
var statusQueries = []byte{escpos.StatusPrinter, escpos.StatusOffline, escpos.StatusPaper}

// Status asks the printer for its state. When it does not answer in time,
// or answers something else than status bytes, Status returns Offline and
// an error wrapping printer.ErrOffline.
func (d *Device) Status(ctx context.Context) (printer.Status, error) {
	var st escpos.Status
	err := d.session(ctx, func(conn io.ReadWriter) error {
		var q []byte
		for _, n := range statusQueries {
			q = append(q, escpos.StatusQuery(n)...)
		}
		if _, err := conn.Write(q); err != nil {
			return err
		}
		reply := make([]byte, len(statusQueries))
		if _, err := io.ReadFull(conn, reply); err != nil {
			return fmt.Errorf("no status reply: %w", err)
		}
		for i, n := range statusQueries {
			if err := st.Decode(n, reply[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return printer.Offline, err
	}
	return statusOf(st), nil
}

// statusOf maps what the printer reported to the state a kiosk acts on,
// the most serious first.
func statusOf(st escpos.Status) printer.Status {
	switch {
	case st.CoverOpen:
		return printer.CoverOpen
	case st.PaperEnd || st.PaperStop:
		return printer.PaperOut
	case st.Offline || st.Error:
		return printer.Offline
	case st.PaperNearEnd:
		return printer.PaperLow
	default:
		return printer.Ready
	}
}

// deadliner is a connection that supports I/O deadlines.
type deadliner interface {
	SetDeadline(t time.Time) error
}

// session runs fn on a fresh connection within the timeout. The
// connection's deadline stops blocked reads and writes when it has one;
// closing it stops them otherwise.
func (d *Device) session(ctx context.Context, fn func(io.ReadWriter) error) error {
	ctx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
	defer cancel()
	conn, err := d.dial(ctx)
	if err != nil {
		return fmt.Errorf("printers: %s: %w: %w", d.name, printer.ErrOffline, err)
	}
	defer conn.Close()
	if dl, ok := conn.(deadliner); ok {
		deadline, _ := ctx.Deadline()
		_ = dl.SetDeadline(deadline) // a file that cannot poll refuses; Close below still stops it
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := fn(conn); err != nil {
		if ctx.Err() != nil {
			err = errors.Join(err, fmt.Errorf("no answer within %v", d.opts.Timeout))
		}
		return fmt.Errorf("printers: %s: %w: %w", d.name, printer.ErrOffline, err)
	}
	return nil
}
