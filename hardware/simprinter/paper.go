package simprinter

import (
	"fmt"
	"image"
	"image/draw"
)

// Margins of the simulated paper, in dots.
const (
	topMargin    = 16
	cutterMargin = 48 // paper fed past the head before a cut
)

// paper is the roll printed so far.
type paper struct {
	strips []strip
	length int
}

// strip is a length of paper; a blank one has no image.
type strip struct {
	img *image.Gray
	h   int
}

// feed adds h dots of paper. It returns a white strip to draw on when
// drawing is true.
func (p *paper) feed(h int, drawing bool) (*image.Gray, error) {
	if h <= 0 {
		return nil, nil
	}
	if p.length+h > MaxLength {
		return nil, fmt.Errorf("%w: %d dots", ErrTooLong, p.length+h)
	}
	p.length += h
	var img *image.Gray
	if drawing {
		img = white(PaperWidth, h)
	}
	p.strips = append(p.strips, strip{img, h})
	return img, nil
}

// image glues the strips into one picture of the paper.
func (p *paper) image(cut bool) *image.Gray {
	h := topMargin + p.length
	if cut {
		h += cutterMargin
	}
	out := white(PaperWidth, h)
	y := topMargin
	for _, s := range p.strips {
		if s.img != nil {
			draw.Draw(out, s.img.Bounds().Add(image.Pt(0, y)), s.img, image.Point{}, draw.Src)
		}
		y += s.h
	}
	if cut {
		for x := 0; x < PaperWidth; x += 12 {
			for dx := range 6 {
				out.Pix[(h-1)*out.Stride+x+dx] = 0x80
			}
		}
	}
	return out
}

func white(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	return img
}
