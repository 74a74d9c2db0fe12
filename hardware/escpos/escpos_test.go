package escpos

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

// golden holds the exact bytes each command must produce, from the Epson
// ESC/POS command reference.
var golden = []struct {
	name string
	got  []byte
	want []byte
}{
	{"Init", Init(), []byte{0x1B, 0x40}},
	{"SelectCodePage/PC858", SelectCodePage(PC858.Number), []byte{0x1B, 0x74, 0x13}},
	{"SelectCodePage/PC850", SelectCodePage(PC850.Number), []byte{0x1B, 0x74, 0x02}},
	{"SetAlign/Center", SetAlign(Center), []byte{0x1B, 0x61, 0x01}},
	{"SetBold/on", SetBold(true), []byte{0x1B, 0x45, 0x01}},
	{"SetBold/off", SetBold(false), []byte{0x1B, 0x45, 0x00}},
	{"SetSize/normal", SetSize(1, 1), []byte{0x1D, 0x21, 0x00}},
	{"SetSize/double", SetSize(2, 2), []byte{0x1D, 0x21, 0x11}},
	{"SetSize/double-height", SetSize(1, 2), []byte{0x1D, 0x21, 0x01}},
	{"SetSize/triple", SetSize(3, 3), []byte{0x1D, 0x21, 0x22}},
	{"SetSize/clamped", SetSize(0, 9), []byte{0x1D, 0x21, 0x07}},
	{"FeedLines", FeedLines(3), []byte{0x1B, 0x64, 0x03}},
	{"CutPartial", CutPartial(0), []byte{0x1D, 0x56, 0x42, 0x00}},
	{"QRModel", QRModel(), []byte{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00}},
	{"QRModuleSize", QRModuleSize(6), []byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06}},
	{"QRModuleSize/clamped", QRModuleSize(40), []byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x10}},
	{"QRErrorLevel/M", QRErrorLevel(QRLevelM), []byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31}},
	{"QRStore/ABC", must(QRStore([]byte("ABC"))), []byte{0x1D, 0x28, 0x6B, 0x06, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42, 0x43}},
	{"QRStore/300 bytes", must(QRStore(bytes.Repeat([]byte{'x'}, 300)))[:8], []byte{0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30}},
	{"QRPrint", QRPrint(), []byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30}},
	{"StatusQuery", StatusQuery(StatusPaper), []byte{0x10, 0x04, 0x04}},
	{"Encode/PC858", PC858.Encode("Réparation Télécom 5€ ç"), []byte{
		'R', 0x82, 'p', 'a', 'r', 'a', 't', 'i', 'o', 'n', ' ',
		'T', 0x82, 'l', 0x82, 'c', 'o', 'm', ' ', '5', 0xD5, ' ', 0x87}},
	{"Encode/controls and unknown", PC858.Encode("a\x1b@\nb日"), []byte{'a', ' ', '@', ' ', 'b', '?'}},
	{"Encode/PC437 has no euro", PC437.Encode("É€"), []byte{0x90, '?'}},
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestGolden(t *testing.T) {
	for _, tc := range golden {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Equal(tc.got, tc.want) {
				t.Errorf("got  % X\nwant % X", tc.got, tc.want)
			}
		})
	}
}

func TestQRStoreLimits(t *testing.T) {
	for _, n := range []int{0, QRMaxData + 1} {
		if _, err := QRStore(make([]byte, n)); err == nil {
			t.Errorf("QRStore(%d bytes): want an error", n)
		}
	}
}

func TestRaster(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 10, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	img.SetGray(0, 0, color.Gray{0})
	img.SetGray(9, 1, color.Gray{0x20})
	want := []byte{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x40}
	if got := must(Raster(img)); !bytes.Equal(got, want) {
		t.Errorf("got  % X\nwant % X", got, want)
	}
	if _, err := Raster(image.NewGray(image.Rect(0, 0, 0, 0))); err == nil {
		t.Error("Raster(empty): want an error")
	}
}

func TestBuilder(t *testing.T) {
	var b Builder
	b.Init()
	b.CodePage(PC858)
	b.Align(Center)
	b.Size(2, 2)
	b.Line("Télé")
	if err := b.QR([]byte("hi"), 4, QRLevelM); err != nil {
		t.Fatal(err)
	}
	b.Cut()
	want := []byte{
		0x1B, 0x40, 0x1B, 0x74, 0x13, 0x1B, 0x61, 0x01, 0x1D, 0x21, 0x11,
		'T', 0x82, 'l', 0x82, 0x0A,
		0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x04,
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,
		0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'h', 'i',
		0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,
		0x1D, 0x56, 0x42, 0x00,
	}
	if got := b.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("got  % X\nwant % X", got, want)
	}
}

func TestStatusDecode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n, b    byte
		want    Status
		wantErr bool
	}{
		{"online", StatusPrinter, 0x12, Status{}, false},
		{"offline", StatusPrinter, 0x1A, Status{Offline: true}, false},
		{"cover open", StatusOffline, 0x16, Status{CoverOpen: true}, false},
		{"paper stop", StatusOffline, 0x32, Status{PaperStop: true}, false},
		{"error", StatusOffline, 0x52, Status{Error: true}, false},
		{"recoverable error", StatusError, 0x16, Status{Error: true}, false},
		{"paper near end", StatusPaper, 0x1E, Status{PaperNearEnd: true}, false},
		{"paper end", StatusPaper, 0x72, Status{PaperEnd: true}, false},
		{"paper near end and end", StatusPaper, 0x7E, Status{PaperNearEnd: true, PaperEnd: true}, false},
		{"zero byte", StatusPrinter, 0x00, Status{}, true},
		{"all ones", StatusPaper, 0xFF, Status{}, true},
		{"unknown request", 7, 0x12, Status{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Status
			err := s.Decode(tc.n, tc.b)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Decode(%d, %#02x) error = %v, want error %v", tc.n, tc.b, err, tc.wantErr)
			}
			if s != tc.want {
				t.Errorf("Decode(%d, %#02x) = %+v, want %+v", tc.n, tc.b, s, tc.want)
			}
		})
	}
}

func TestCodePageRoundTrip(t *testing.T) {
	const s = "Réparation Télécom à côté, garçon, Noël, 12 €"
	for _, cp := range []CodePage{PC858, WPC1252} {
		var got []rune
		for _, b := range cp.Encode(s) {
			got = append(got, cp.Decode(b))
		}
		if string(got) != s {
			t.Errorf("%s round trip = %q, want %q", cp.Name, string(got), s)
		}
		if back, ok := CodePageNumber(cp.Number); !ok || back.Name != cp.Name {
			t.Errorf("CodePageNumber(%d) = %v, %v", cp.Number, back.Name, ok)
		}
	}
	if _, ok := CodePageNumber(99); ok {
		t.Error("CodePageNumber(99): want false")
	}
}

// FuzzStatusDecode feeds any reply bytes, in pairs (request, reply), to
// Status.Decode: it must not panic, and a reply it refuses leaves the
// status as it was.
func FuzzStatusDecode(f *testing.F) {
	f.Add([]byte{StatusPrinter, 0x12, StatusPaper, 0x7e})
	f.Add([]byte{StatusOffline, 0xff, 9, 0x12})
	f.Fuzz(func(t *testing.T, replies []byte) {
		var s Status
		for i := 0; i+1 < len(replies); i += 2 {
			before := s
			if err := s.Decode(replies[i], replies[i+1]); err != nil && s != before {
				t.Fatalf("refused reply %#02x to %d changed the status", replies[i+1], replies[i])
			}
		}
	})
}
