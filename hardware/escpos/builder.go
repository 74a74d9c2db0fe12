package escpos

import "image"

// Builder appends commands and text to one byte stream, so a whole ticket
// goes to the printer in one write. The zero value writes text in PC437, the
// printer's power-on table; call CodePage to change it.
type Builder struct {
	buf []byte
	cp  CodePage
}

// Bytes returns the stream built so far.
func (b *Builder) Bytes() []byte { return b.buf }

// Raw appends bytes as they are.
func (b *Builder) Raw(p ...byte) { b.buf = append(b.buf, p...) }

// Init resets the printer (ESC @) and the builder's code page to PC437.
func (b *Builder) Init() {
	b.Raw(Init()...)
	b.cp = PC437
}

// CodePage selects cp on the printer (ESC t) and encodes later text in it.
func (b *Builder) CodePage(cp CodePage) {
	b.Raw(SelectCodePage(cp.Number)...)
	b.cp = cp
}

// Align sets the justification (ESC a).
func (b *Builder) Align(a Align) { b.Raw(SetAlign(a)...) }

// Bold turns emphasized mode on or off (ESC E).
func (b *Builder) Bold(on bool) { b.Raw(SetBold(on)...) }

// Size sets the character magnification (GS !).
func (b *Builder) Size(width, height int) { b.Raw(SetSize(width, height)...) }

// Text appends s in the current code page.
func (b *Builder) Text(s string) {
	if b.cp.Charmap == nil {
		b.cp = PC437
	}
	b.Raw(b.cp.Encode(s)...)
}

// Line appends s and a line feed.
func (b *Builder) Line(s string) {
	b.Text(s)
	b.Raw(LF)
}

// Feed prints the buffer and feeds n lines (ESC d).
func (b *Builder) Feed(n byte) { b.Raw(FeedLines(n)...) }

// QR appends the commands printing data as a model 2 QR code with modules
// of size dots and error correction level.
func (b *Builder) QR(data []byte, size int, level QRLevel) error {
	store, err := QRStore(data)
	if err != nil {
		return err
	}
	b.Raw(QRModel()...)
	b.Raw(QRModuleSize(size)...)
	b.Raw(QRErrorLevel(level)...)
	b.Raw(store...)
	b.Raw(QRPrint()...)
	return nil
}

// Image appends img as a raster bit image (GS v 0).
func (b *Builder) Image(img image.Image) error {
	p, err := Raster(img)
	if err != nil {
		return err
	}
	b.Raw(p...)
	return nil
}

// Cut feeds the paper past the cutter and cuts it, leaving a hinge (GS V 66).
func (b *Builder) Cut() { b.Raw(CutPartial(0)...) }
