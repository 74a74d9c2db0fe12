// Package printer is what the kiosk knows of a ticket printer: the Ticket
// it prints, the Printer interface, its Status, the errors a kiosk shows,
// and Layout, which turns a ticket into one ESC/POS byte stream.
//
// Implementations live elsewhere: hardware/printers drives real printers
// over USB, serial or TCP 9100, and hardware/simprinter renders the same
// byte stream to PNG files.
package printer

import "context"

// Printer prints tickets.
//
// Print returns an error wrapping ErrPaperOut, ErrCoverOpen or ErrOffline
// when the ticket cannot be printed for that reason. Status reports the
// printer's state; when the printer does not answer it returns Offline and
// an error wrapping ErrOffline.
type Printer interface {
	Print(ctx context.Context, t Ticket) error
	Status(ctx context.Context) (Status, error)
}
