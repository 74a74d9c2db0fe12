package simprinter

import "accueil/hardware/escpos"

// Argument counts of the fixed-length commands the renderer skips. A
// command in neither table is skipped alone, its arguments then print as
// text, as on a printer that does not know it.
var (
	escArgs = map[byte]int{
		' ': 1, '-': 1, '2': 0, '3': 1, '<': 0, '=': 1, '?': 1, 'G': 1, 'J': 1,
		'K': 1, 'L': 0, 'M': 1, 'R': 1, 'S': 0, 'T': 1, 'U': 1, 'V': 1,
		'W': 8, '$': 2, '\\': 2, '%': 1, 'c': 2, 'e': 1, 'p': 3, 'r': 1,
		'u': 1, 'v': 0, '{': 1,
	}
	gsArgs = map[byte]int{
		'$': 2, '/': 1, ':': 0, 'B': 1, 'H': 1, 'I': 1, 'L': 2, 'P': 2,
		'T': 1, 'W': 2, '\\': 2, '^': 3, 'a': 1, 'b': 1, 'f': 1, 'h': 1,
		'r': 1, 'w': 1,
	}
)

// esc interprets ESC commands.
func (r *renderer) esc() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch c {
	case '@':
		if err := r.flush(); err != nil {
			return err
		}
		r.reset()
	case 't':
		n, err := r.byte()
		if err != nil {
			return err
		}
		if cp, ok := escpos.CodePageNumber(n); ok {
			r.cp = cp
		}
	case 'a':
		n, err := r.byte()
		if err != nil {
			return err
		}
		if n%48 <= 2 {
			r.mode.align = escpos.Align(n % 48)
		}
	case 'E':
		n, err := r.byte()
		r.mode.bold = n&1 == 1
		return err
	case '!':
		n, err := r.byte()
		r.mode.bold = n&0x08 != 0
		r.mode.h = 1 + int(n>>4&1)
		r.mode.w = 1 + int(n>>5&1)
		return err
	case 'd':
		n, err := r.byte()
		if err != nil {
			return err
		}
		if err := r.flush(); err != nil {
			return err
		}
		_, err = r.paper.feed(int(n)*(cellH+lineGap), false)
		return err
	case 'J':
		n, err := r.byte()
		if err != nil {
			return err
		}
		if err := r.flush(); err != nil {
			return err
		}
		_, err = r.paper.feed(int(n), false)
		return err
	case 'i', 'm':
		return r.cut()
	case 'D':
		return r.skipUntil(0)
	case '*':
		return r.skipBitImage()
	default:
		_, err := r.take(escArgs[c])
		return err
	}
	return nil
}

// gs interprets GS commands.
func (r *renderer) gs() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch c {
	case '!':
		n, err := r.byte()
		r.mode.w = 1 + int(n>>4&7)
		r.mode.h = 1 + int(n&7)
		return err
	case '(':
		return r.gsParen()
	case 'v':
		return r.raster()
	case 'V':
		m, err := r.byte()
		if err != nil {
			return err
		}
		if m >= 65 {
			if _, err := r.byte(); err != nil {
				return err
			}
		}
		return r.cut()
	case '8':
		return r.gsEight()
	case 'k':
		return r.skipBarcode()
	default:
		_, err := r.take(gsArgs[c])
		return err
	}
}

// dle skips real-time commands: they ask the printer, and print nothing.
func (r *renderer) dle() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch c {
	case escpos.EOT, 0x05: // DLE EOT n, DLE ENQ n
		_, err = r.take(1)
	case 0x14: // DLE DC4 fn m t
		_, err = r.take(3)
	}
	return err
}

// fs skips FS commands (kanji and NV images).
func (r *renderer) fs() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	switch c {
	case '(':
		_, err = r.payload()
	case 'p', 'S':
		_, err = r.take(2)
	case '!', '-', 'C', 'W':
		_, err = r.take(1)
	}
	return err
}

func (r *renderer) cut() error {
	if err := r.flush(); err != nil {
		return err
	}
	r.out.Cut = true
	return nil
}

// payload reads a pL pH length and the bytes it counts.
func (r *renderer) payload() ([]byte, error) {
	n, err := r.take(2)
	if err != nil {
		return nil, err
	}
	return r.take(int(n[0]) | int(n[1])<<8)
}

// gsParen interprets GS ( fn pL pH ...: QR codes, skipping the rest.
func (r *renderer) gsParen() error {
	fn, err := r.byte()
	if err != nil {
		return err
	}
	p, err := r.payload()
	if err != nil || fn != 'k' {
		return err
	}
	return r.symbol(p)
}

// gsEight skips GS 8 L p1 p2 p3 p4 ...: graphics with a 32-bit length.
func (r *renderer) gsEight() error {
	if _, err := r.byte(); err != nil {
		return err
	}
	n, err := r.take(4)
	if err != nil {
		return err
	}
	_, err = r.take(int(uint32(n[0]) | uint32(n[1])<<8 | uint32(n[2])<<16 | uint32(n[3])<<24))
	return err
}

// skipBarcode skips GS k m ...: NUL-terminated data for m ≤ 6, counted
// data otherwise.
func (r *renderer) skipBarcode() error {
	m, err := r.byte()
	if err != nil {
		return err
	}
	if m <= 6 {
		return r.skipUntil(0)
	}
	n, err := r.byte()
	if err != nil {
		return err
	}
	_, err = r.take(int(n))
	return err
}

// skipBitImage skips ESC * m nL nH d...: n columns of 1 or 3 bytes.
func (r *renderer) skipBitImage() error {
	h, err := r.take(3)
	if err != nil {
		return err
	}
	n := int(h[1]) | int(h[2])<<8
	if h[0] >= 32 {
		n *= 3
	}
	_, err = r.take(n)
	return err
}

func (r *renderer) skipUntil(end byte) error {
	for {
		b, err := r.byte()
		if err != nil || b == end {
			return err
		}
	}
}

// raster draws GS v 0 m xL xH yL yH d...: m doubles the width (bit 0)
// and the height (bit 1).
func (r *renderer) raster() error {
	h, err := r.take(6)
	if err != nil {
		return err
	}
	if h[0] != '0' && h[0] != 0 {
		return nil
	}
	m := h[1] & 3
	wBytes, rows := int(h[2])|int(h[3])<<8, int(h[4])|int(h[5])<<8
	bits, err := r.take(wBytes * rows)
	if err != nil {
		return err
	}
	sx, sy := 1+int(m&1), 1+int(m>>1)
	return r.picture(wBytes*8*sx, rows*sy, func(x, y int) bool {
		x, y = x/sx, y/sy
		return bits[y*wBytes+x/8]&(0x80>>(x%8)) != 0
	})
}
