// Package escpos encodes Epson ESC/POS commands and decodes the printer's
// real-time status replies (DLE EOT).
//
// It knows bytes, not tickets or transports: hardware/printer lays a ticket
// out with it, hardware/printers sends the bytes to a device, and
// hardware/simprinter reads them back. Every command is a small function
// returning its bytes, tested against golden byte tables; Builder chains
// them into one stream.
package escpos

// Control bytes that start ESC/POS commands.
const (
	LF  = 0x0A
	DLE = 0x10
	EOT = 0x04
	ESC = 0x1B
	FS  = 0x1C
	GS  = 0x1D
)
