// Package simprinter is a simulated ticket printer. It reads the very
// ESC/POS byte stream a real printer gets (printer.Layout's output), not a
// separate rendering path, and draws it on a 576-dot (80 mm at 203 dpi)
// paper roll saved as one PNG file per ticket.
//
// Render interprets initialisation, code pages (text is decoded back to
// UTF-8), justification, character size, emphasis, line feeds, native QR
// codes (GS ( k, drawn with github.com/skip2/go-qrcode), raster images
// (GS v 0) and cuts. Other known commands are skipped with their
// arguments, unknown ones byte by byte; a stream cut short is an error,
// never a panic. Text is drawn with the Go Mono fonts, 12×24 dots per
// character like an Epson font A.
package simprinter

import (
	"errors"
	"image"
)

// Paper geometry, in dots.
const (
	PaperWidth = 576   // 80 mm roll, 72 mm printable at 203 dpi
	MaxLength  = 16000 // paper one ticket may use, about 2 m
)

// Errors from Render.
var (
	ErrTruncated = errors.New("simprinter: byte stream ends inside a command")
	ErrTooLong   = errors.New("simprinter: ticket longer than the paper limit")
)

// Receipt is what the simulated printer made of one byte stream.
type Receipt struct {
	Lines []string    // text lines as printed, decoded to UTF-8
	QR    []string    // data of each QR code printed
	Cut   bool        // the paper was cut
	Image *image.Gray // the paper, PaperWidth dots wide
	Path  string      // the PNG file, when a Printer printed it
}
