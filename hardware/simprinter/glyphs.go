package simprinter

import (
	"image"
	"image/draw"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Character cell of font A at normal size, in dots. Go Mono at 20 px has
// a 12 px advance.
const (
	cellW    = 12
	cellH    = 24
	fontSize = 20
)

// monoFonts parses the embedded Go Mono fonts once; parsed fonts are
// read-only.
var monoFonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	regular, err := opentype.Parse(gomono.TTF)
	if err != nil {
		return [2]*opentype.Font{}, err
	}
	bold, err := opentype.Parse(gomonobold.TTF)
	return [2]*opentype.Font{regular, bold}, err
})

// glyphs draws characters; it keeps one face per height and weight.
type glyphs struct {
	faces map[[2]int]font.Face
}

func (g *glyphs) face(h int, bold bool) (font.Face, error) {
	w := 0
	if bold {
		w = 1
	}
	if f, ok := g.faces[[2]int{h, w}]; ok {
		return f, nil
	}
	fonts, err := monoFonts()
	if err != nil {
		return nil, err
	}
	f, err := opentype.NewFace(fonts[w], &opentype.FaceOptions{Size: float64(fontSize * h), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	if g.faces == nil {
		g.faces = map[[2]int]font.Face{}
	}
	g.faces[[2]int{h, w}] = f
	return f, nil
}

// draw draws c magnified w×h with its cell's top left corner at at.
func (g *glyphs) draw(dst *image.Gray, at image.Point, c cell) error {
	face, err := g.face(c.h, c.bold)
	if err != nil {
		return err
	}
	glyph := white(cellW*c.h, cellH*c.h)
	d := font.Drawer{Dst: glyph, Src: image.Black, Face: face, Dot: fixed.P(0, face.Metrics().Ascent.Ceil())}
	d.DrawString(string(c.r))
	r := image.Rectangle{at, at.Add(image.Pt(cellW*c.w, cellH*c.h))}
	if c.w == c.h {
		draw.Draw(dst, r, glyph, image.Point{}, draw.Src)
	} else {
		xdraw.ApproxBiLinear.Scale(dst, r, glyph, glyph.Bounds(), draw.Src, nil)
	}
	return nil
}
