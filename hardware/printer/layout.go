package printer

import (
	"image"
	"math"
	"strings"
	"time"

	"accueil/hardware/escpos"
	qrcode "github.com/skip2/go-qrcode"
)

// LayoutOptions adapt the layout to a printer model. The zero value suits
// an 80 mm Epson-compatible printer.
type LayoutOptions struct {
	RasterQR bool // print the QR code as a raster image, for printers without native QR codes
	QRModule int  // dots per QR module, 1 to 16; 0 means 6
	Columns  int  // characters per line at normal size; 0 means 48 (80 mm paper), 32 suits 58 mm
}

func (o LayoutOptions) withDefaults() LayoutOptions {
	if o.QRModule <= 0 {
		o.QRModule = 6
	}
	o.QRModule = min(o.QRModule, 16)
	if o.Columns <= 0 {
		o.Columns = 48
	}
	return o
}

const (
	numberSize = 3 // the ticket number is printed triple width and height
	margin     = 4 // characters left blank around paragraphs
)

// Layout returns the ticket as one ESC/POS stream in its language (t.Tr):
// store, big number, reason, time, people ahead, estimated wait, QR code of
// the status URL, a line on privacy, then a partial cut. Text is encoded in
// code page PC858, which has the French accents and the euro sign.
func Layout(t Ticket, opts LayoutOptions) []byte {
	opts = opts.withDefaults()
	tr := t.Tr
	var b escpos.Builder
	b.Init()
	b.CodePage(escpos.PC858)
	b.Align(escpos.Center)

	b.Bold(true)
	b.Size(1, 2)
	lines(&b, t.Store, opts.Columns)
	b.Size(1, 1)
	b.Bold(false)
	b.Line("")
	b.Line(tr.L("hardware.ticket.your_number"))
	b.Bold(true)
	b.Size(numberSize, numberSize)
	lines(&b, t.Number, opts.Columns/numberSize)
	b.Size(1, 2)
	lines(&b, t.Reason, opts.Columns)
	b.Size(1, 1)
	b.Bold(false)
	b.Line("")
	if t.Reminder != "" {
		b.Bold(true)
		lines(&b, t.Reminder, opts.Columns-margin)
		b.Bold(false)
		b.Line("")
	}

	b.Line(issued(tr, t.IssuedAt))
	b.Line(ahead(tr, t.Ahead))
	b.Line(wait(tr, t))

	if t.URL != "" {
		b.Line("")
		lines(&b, tr.L("hardware.ticket.scan"), opts.Columns-margin)
		qr(&b, t.URL, opts)
	}
	b.Line("")
	lines(&b, tr.L("hardware.ticket.privacy"), opts.Columns-margin)
	b.Feed(2)
	b.Cut()
	return b.Bytes()
}

func issued(tr Translator, at time.Time) string {
	return tr.L("hardware.ticket.issued", map[string]any{
		"Date": at.Format(tr.L("hardware.ticket.date_format")),
		"Time": at.Format(tr.L("hardware.ticket.time_format")),
	})
}

func ahead(tr Translator, n int) string {
	if n <= 0 {
		return tr.L("hardware.ticket.ahead_none")
	}
	return tr.L("hardware.ticket.ahead", map[string]any{"Count": n})
}

func wait(tr Translator, t Ticket) string {
	switch m := int(math.Ceil(t.Wait.Minutes())); {
	case !t.WaitKnown:
		return tr.L("hardware.ticket.wait_unknown")
	case t.WaitTo > 0:
		return tr.L("hardware.ticket.wait_range", map[string]any{"Low": m, "High": int(math.Ceil(t.WaitTo.Minutes()))})
	case m <= 0:
		return tr.L("hardware.ticket.wait_none")
	default:
		return tr.L("hardware.ticket.wait", map[string]any{"Minutes": m})
	}
}

// qr prints the status URL as a QR code, with the printer's own QR
// commands or as a raster image. A URL too long for a QR code is left out:
// the number still lets staff find the ticket.
func qr(b *escpos.Builder, url string, opts LayoutOptions) {
	if !opts.RasterQR {
		_ = b.QR([]byte(url), opts.QRModule, escpos.QRLevelM)
		return
	}
	code, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return
	}
	_ = b.Image(qrImage(code.Bitmap(), opts.QRModule))
}

// qrImage draws a QR bitmap, quiet zone included, with modules of size dots.
func qrImage(bits [][]bool, size int) image.Image {
	n := len(bits) * size
	img := image.NewGray(image.Rect(0, 0, n, n))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := range n {
		for x := range n {
			if bits[y/size][x/size] {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	return img
}

// lines prints s word-wrapped to cols characters.
func lines(b *escpos.Builder, s string, cols int) {
	for _, l := range wrap(s, max(cols, 1)) {
		b.Line(l)
	}
}

// wrap splits s into lines of at most cols characters, between words when
// it can.
func wrap(s string, cols int) []string {
	var out []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		word := []rune(w)
		if len(cur) > 0 && len(cur)+1+len(word) > cols {
			out = append(out, string(cur))
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, word...)
		for len(cur) > cols {
			out = append(out, string(cur[:cols]))
			cur = cur[cols:]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}
