package simprinter

import (
	"fmt"
	"image"

	"accueil/hardware/escpos"
)

// lineGap is the space between printed lines, in dots (default line
// spacing 30 dots for a 24-dot font).
const lineGap = 6

// mode is the print mode set by ESC @, ESC a, ESC E, ESC ! and GS !.
type mode struct {
	align escpos.Align
	bold  bool
	w, h  int
}

// cell is one character on the line being printed.
type cell struct {
	r    rune
	bold bool
	w, h int
	x    int
}

// renderer interprets one stream.
type renderer struct {
	data  []byte
	pos   int
	cp    escpos.CodePage
	mode  mode
	qr    qrState
	line  []cell // printed line being filled
	align escpos.Align
	x     int
	text  []rune // text line since the last feed, for Receipt.Lines
	paper paper
	glyph glyphs
	out   Receipt
}

// Render prints the ESC/POS stream data on simulated paper.
func Render(data []byte) (*Receipt, error) {
	r := &renderer{data: data}
	r.reset()
	for r.pos < len(r.data) {
		if err := r.step(); err != nil {
			return nil, fmt.Errorf("%w (at byte %d)", err, r.pos)
		}
	}
	if err := r.flush(); err != nil {
		return nil, err
	}
	r.out.Image = r.paper.image(r.out.Cut)
	return &r.out, nil
}

func (r *renderer) reset() {
	r.cp = escpos.PC437
	r.mode = mode{align: escpos.Left, w: 1, h: 1}
	r.qr = qrState{size: 3, level: escpos.QRLevelL}
}

// take returns the next n bytes, or ErrTruncated.
func (r *renderer) take(n int) ([]byte, error) {
	if n < 0 || len(r.data)-r.pos < n {
		return nil, ErrTruncated
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

func (r *renderer) byte() (byte, error) {
	b, err := r.take(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (r *renderer) step() error {
	b, _ := r.byte()
	switch {
	case b == escpos.LF:
		return r.newline()
	case b == escpos.ESC:
		return r.esc()
	case b == escpos.GS:
		return r.gs()
	case b == escpos.DLE:
		return r.dle()
	case b == escpos.FS:
		return r.fs()
	case b < 0x20 || b == 0x7F:
		return nil // CR, HT and other control bytes print nothing
	default:
		return r.char(r.cp.Decode(b))
	}
}

// char adds a character to the line, wrapping at the paper's edge like a
// printer does.
func (r *renderer) char(c rune) error {
	w := cellW * r.mode.w
	if len(r.line) > 0 && r.x+w > PaperWidth {
		if err := r.printLine(); err != nil {
			return err
		}
	}
	if len(r.line) == 0 {
		r.align = r.mode.align
	}
	r.line = append(r.line, cell{r: c, bold: r.mode.bold, w: r.mode.w, h: r.mode.h, x: r.x})
	r.x += w
	r.text = append(r.text, c)
	return nil
}

// newline prints the line (LF); an empty line feeds one line of paper.
func (r *renderer) newline() error {
	if len(r.line) == 0 && len(r.text) == 0 {
		_, err := r.paper.feed(cellH+lineGap, false)
		return err
	}
	return r.flush()
}

// flush prints what the line holds before a feed, an image or a cut.
func (r *renderer) flush() error {
	if len(r.line) == 0 && len(r.text) == 0 {
		return nil
	}
	r.out.Lines = append(r.out.Lines, string(r.text))
	r.text = nil
	return r.printLine()
}

// printLine draws the characters of the line, bottoms aligned.
func (r *renderer) printLine() error {
	if len(r.line) == 0 {
		return nil
	}
	h := 1
	for _, c := range r.line {
		h = max(h, c.h)
	}
	strip, err := r.paper.feed(cellH*h+lineGap, true)
	if err != nil {
		return err
	}
	off := offset(r.align, r.x)
	for _, c := range r.line {
		at := image.Pt(off+c.x, cellH*(h-c.h))
		if err := r.glyph.draw(strip, at, c); err != nil {
			return err
		}
	}
	r.line, r.x = r.line[:0], 0
	return nil
}

// offset is where a width of w dots starts on the paper for alignment a.
func offset(a escpos.Align, w int) int {
	switch a {
	case escpos.Center:
		return max(0, (PaperWidth-w)/2)
	case escpos.Right:
		return max(0, PaperWidth-w)
	default:
		return 0
	}
}

// picture draws a black and white picture of w×h dots on its own strip,
// aligned like text; black reports whether dot (x, y) is black.
func (r *renderer) picture(w, h int, black func(x, y int) bool) error {
	if err := r.flush(); err != nil {
		return err
	}
	strip, err := r.paper.feed(h, true)
	if err != nil || strip == nil {
		return err
	}
	off := offset(r.mode.align, min(w, PaperWidth))
	for y := range h {
		for x := range min(w, PaperWidth-off) {
			if black(x, y) {
				strip.Pix[y*strip.Stride+off+x] = 0
			}
		}
	}
	return nil
}
