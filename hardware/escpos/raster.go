package escpos

import (
	"fmt"
	"image"
	"image/color"
)

// Raster prints img as a raster bit image (GS v 0, normal mode): pixels
// darker than mid-grey print black.
func Raster(img image.Image) ([]byte, error) {
	b := img.Bounds()
	wBytes := (b.Dx() + 7) / 8
	if b.Empty() || wBytes > 0xFFFF || b.Dy() > 0xFFFF {
		return nil, fmt.Errorf("escpos: raster image of %dx%d dots", b.Dx(), b.Dy())
	}
	out := make([]byte, 8, 8+wBytes*b.Dy())
	copy(out, []byte{GS, 'v', '0', 0, byte(wBytes), byte(wBytes >> 8), byte(b.Dy()), byte(b.Dy() >> 8)})
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := make([]byte, wBytes)
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				i := x - b.Min.X
				row[i/8] |= 0x80 >> (i % 8)
			}
		}
		out = append(out, row...)
	}
	return out, nil
}
