package simprinter

import (
	"bytes"
	"errors"
	"image"
	"slices"
	"testing"
	"time"

	"accueil/hardware/escpos"
	"accueil/hardware/printer"
)

func TestRenderText(t *testing.T) {
	var b escpos.Builder
	b.Init()
	b.CodePage(escpos.PC858)
	b.Line("Réparation Télécom 5 €")
	b.CodePage(escpos.PC850)
	b.Line("Noël à côté")
	b.Raw(0x1B, 't', 99) // unknown table: keeps PC850
	b.Raw(escpos.SetSize(2, 2)...)
	b.Line("Ça")
	b.Raw(0x1B, 0x7E, 'X', 0x0A)                                    // unknown ESC ~: skipped alone, X prints
	b.Raw(0x1D, 0x28, 0x4C, 0x02, 0x00, 0x30, 0x45, 'O', 'K', 0x0A) // GS ( L with its payload
	b.Raw(0x10, 0x04, 0x01, 'Z', 0x0A)                              // DLE EOT 1 prints nothing
	rc, err := Render(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Réparation Télécom 5 €", "Noël à côté", "Ça", "X", "OK", "Z"}
	if !slices.Equal(rc.Lines, want) {
		t.Errorf("Lines = %q, want %q", rc.Lines, want)
	}
	if rc.Cut {
		t.Error("Cut without GS V")
	}
	if w := rc.Image.Bounds().Dx(); w != PaperWidth {
		t.Errorf("paper %d dots wide", w)
	}
}

// A line longer than the paper wraps onto the next, like on a printer.
func TestRenderWraps(t *testing.T) {
	long := bytes.Repeat([]byte{'W'}, 100)
	short, err := Render([]byte("W\n"))
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := Render(append(long, '\n'))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(wrapped.Lines, []string{string(long)}) {
		t.Errorf("Lines = %q", wrapped.Lines)
	}
	// 100 characters of 12 dots on 576: three printed lines.
	if got, want := wrapped.Image.Bounds().Dy()-topMargin, 3*(short.Image.Bounds().Dy()-topMargin); got != want {
		t.Errorf("wrapped text is %d dots long, want %d", got, want)
	}
}

func TestRenderRaster(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 16, 4)) // all black
	var b escpos.Builder
	if err := b.Image(img); err != nil {
		t.Fatal(err)
	}
	b.Cut()
	rc, err := Render(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !rc.Cut {
		t.Error("not cut")
	}
	if got := rc.Image.GrayAt(0, topMargin).Y; got != 0 {
		t.Errorf("top left dot of the image = %d, want black", got)
	}
	if got := rc.Image.GrayAt(16, topMargin).Y; got != 0xFF {
		t.Errorf("dot right of the image = %d, want white", got)
	}
}

func TestRenderTruncated(t *testing.T) {
	full := printer.Layout(printer.Ticket{Number: "A001", Store: "Télécom", URL: "http://h/t/1", Tr: translator("fr")}, printer.LayoutOptions{})
	for _, stream := range [][]byte{
		{0x1B},
		{0x1B, 't'},
		{0x1D, '!'},
		{0x1D, 0x28, 0x6B, 0x10, 0x00, 0x31, 0x50},
		{0x1D, 'v', '0', 0, 2, 0, 2, 0, 0xFF},
		{0x1D, 'V', 66},
		{0x1D, 'k', 4, '1', '2'},
		{0x10, 0x04},
	} {
		if _, err := Render(stream); !errors.Is(err, ErrTruncated) {
			t.Errorf("Render(% X) = %v, want ErrTruncated", stream, err)
		}
	}
	// Cutting the ticket inside its QR code commands.
	i := bytes.Index(full, []byte{0x1D, 0x28, 0x6B})
	if _, err := Render(full[:i+4]); !errors.Is(err, ErrTruncated) {
		t.Errorf("Render(cut in QR) = %v, want ErrTruncated", err)
	}
}

func TestRenderTooLong(t *testing.T) {
	feeds := bytes.Repeat([]byte{0x1B, 'd', 255}, 10)
	if _, err := Render(feeds); !errors.Is(err, ErrTooLong) {
		t.Errorf("Render(10 × 255 lines) = %v, want ErrTooLong", err)
	}
}

func FuzzRender(f *testing.F) {
	tk := printer.Ticket{
		Store: "Accueil Télécom", Number: "A042", Reason: "Réparation", IssuedAt: time.Unix(0, 0),
		Ahead: 2, Wait: time.Minute, WaitKnown: true, URL: "http://hub/t/1?k=x", Tr: translator("fr"),
	}
	f.Add(printer.Layout(tk, printer.LayoutOptions{}))
	f.Add(printer.Layout(tk, printer.LayoutOptions{RasterQR: true, QRModule: 2}))
	f.Add([]byte{0x1D, 0x21, 0x77, 'A', 0x0A, 0x1B, 0x21, 0xFF, 'B', 0x1B, 0x61, 0x32, 'C', 0x0A})
	f.Add([]byte{0x1D, 'v', '0', 3, 1, 0, 2, 0, 0xAA, 0x55})
	f.Add([]byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x10, 0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x50, 0x30, 'x', 0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30})
	f.Add([]byte{0x1D, 'k', 73, 3, 'a', 'b', 'c', 0x1B, '*', 33, 1, 0, 1, 2, 3, 0x1D, '8', 'L', 1, 0, 0, 0, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := Render(data)
		if err != nil {
			return
		}
		if b := rc.Image.Bounds(); b.Dx() != PaperWidth || b.Dy() > topMargin+MaxLength+cutterMargin {
			t.Fatalf("paper of %v", b)
		}
	})
}
