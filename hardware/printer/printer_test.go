package printer

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/assets"
	"accueil/hardware/escpos"
)

// fr is the language the tickets of these tests print in.
var fr assets.Translator

func TestMain(m *testing.M) {
	var err error
	if fr, err = assets.NewTranslator("fr"); err != nil {
		panic(err)
	}
	if err := assets.SetLanguage("fr"); err != nil { // printer status messages
		panic(err)
	}
	os.Exit(m.Run())
}

func ticket() Ticket {
	return Ticket{
		Store: "Accueil Télécom", Number: "A042", Reason: "Achat d'un téléphone",
		IssuedAt: time.Date(2026, 3, 14, 9, 41, 0, 0, time.UTC), Ahead: 2,
		Wait: 90 * time.Second, WaitKnown: true, URL: "http://hub/t/1?k=x", Tr: fr,
	}
}

func TestLayoutCommands(t *testing.T) {
	qrStore, err := escpos.QRStore([]byte("http://hub/t/1?k=x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts LayoutOptions
		want [][]byte // in this order
	}{
		{"native QR", LayoutOptions{}, [][]byte{
			{0x1B, 0x40},       // init
			{0x1B, 0x74, 0x13}, // PC858
			{0x1B, 0x61, 0x01}, // centered
			{0x1D, 0x21, 0x01}, // store: double height
			[]byte("Accueil T\x82l\x82com\n"),
			{0x1D, 0x21, 0x22}, // number: triple size
			[]byte("A042\n"),
			escpos.QRModel(), escpos.QRModuleSize(6), escpos.QRErrorLevel(escpos.QRLevelM), qrStore, escpos.QRPrint(),
			{0x1D, 0x56, 0x42, 0x00}, // partial cut
		}},
		{"raster QR", LayoutOptions{RasterQR: true, QRModule: 3}, [][]byte{
			{0x1B, 0x40}, {0x1B, 0x74, 0x13},
			// version 2: 25 modules + 8 of quiet zone, 3 dots each: 99 dots, 13 bytes wide
			{0x1D, 0x76, 0x30, 0x00, 13, 0, 99, 0},
			{0x1D, 0x56, 0x42, 0x00},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Layout(ticket(), tc.opts)
			rest := got
			for _, w := range tc.want {
				i := bytes.Index(rest, w)
				if i < 0 {
					t.Fatalf("no % X after the previous commands in % X", w, got)
				}
				rest = rest[i+len(w):]
			}
			if len(rest) != 0 {
				t.Errorf("% X after the cut", rest)
			}
			if native := bytes.Contains(got, []byte{0x1D, 0x28, 0x6B}); native == tc.opts.RasterQR {
				t.Errorf("native QR commands: %v with RasterQR %v", native, tc.opts.RasterQR)
			}
		})
	}
}

func TestLayoutNoInjection(t *testing.T) {
	tk := ticket()
	tk.Store = "Evil\x1bi\x1dV\x00shop" // would cut the paper
	if got := Layout(tk, LayoutOptions{}); bytes.Contains(got, []byte("\x1bi")) || bytes.Contains(got, []byte{0x1D, 'V', 0}) {
		t.Error("control characters of the store name reached the printer")
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s    string
		cols int
		want []string
	}{
		{"", 10, nil},
		{"un deux trois", 20, []string{"un deux trois"}},
		{"un deux trois", 7, []string{"un deux", "trois"}},
		{"téléphone", 4, []string{"télé", "phon", "e"}},
		{"  a   b  ", 3, []string{"a b"}},
	} {
		if got := wrap(tc.s, tc.cols); !slices.Equal(got, tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.s, tc.cols, got, tc.want)
		}
	}
}

func TestWaitText(t *testing.T) {
	for _, tc := range []struct {
		d, to time.Duration
		known bool
		want  string
	}{
		{0, 0, false, "Attente estimée : inconnue pour le moment"},
		{0, 0, true, "Attente estimée : moins d'une minute"},
		{90 * time.Second, 0, true, "Attente estimée : environ 2 min"},
		{20 * time.Minute, 0, true, "Attente estimée : environ 20 min"},
		{10 * time.Minute, 15 * time.Minute, true, "Attente estimée : de 10 à 15 min"},
	} {
		if got := wait(fr, Ticket{Wait: tc.d, WaitTo: tc.to, WaitKnown: tc.known}); got != tc.want {
			t.Errorf("wait(%v to %v, %v) = %q, want %q", tc.d, tc.to, tc.known, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := ticket().Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
	for name, tk := range map[string]Ticket{
		"no number":   {Tr: fr},
		"no language": {Number: "A1"},
		"long URL":    {Number: "A1", Tr: fr, URL: "http://h/" + strings.Repeat("x", MaxURL)},
		"not UTF-8":   {Number: "A1", Tr: fr, Store: "\xff"},
		"negative":    {Number: "A1", Tr: fr, Ahead: -1},
	} {
		if err := tk.Validate(); err == nil {
			t.Errorf("Validate(%s): want an error", name)
		}
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		s    Status
		name string
		err  error
	}{
		{Ready, "ready", nil}, {PaperLow, "paper low", nil}, {PaperOut, "paper out", ErrPaperOut},
		{CoverOpen, "cover open", ErrCoverOpen}, {Offline, "offline", ErrOffline}, {Status(9), "Status(9)", ErrOffline},
	} {
		if tc.s.String() != tc.name || !errors.Is(tc.s.Err(), tc.err) || (tc.s.Err() == nil) != (tc.err == nil) {
			t.Errorf("%d: %q, %v; want %q, %v", int(tc.s), tc.s, tc.s.Err(), tc.name, tc.err)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	for err, want := range map[error]string{
		ErrPaperOut:           "L'imprimante n'a plus de papier.",
		ErrCoverOpen:          "Le capot de l'imprimante est ouvert.",
		ErrOffline:            "L'imprimante ne répond pas.",
		errors.New("bizarre"): "Le ticket n'a pas pu être imprimé.",
	} {
		if got := ErrorMessage(err); !strings.HasPrefix(got, want) {
			t.Errorf("ErrorMessage(%v) = %q, want it to start with %q", err, got, want)
		}
	}
}

// TestLayoutReminder: the reason's reminder ("have an ID document ready")
// is on the paper, in bold, under the reason.
func TestLayoutReminder(t *testing.T) {
	tk := ticket()
	tk.Reminder = "Have an ID document ready"
	got := Layout(tk, LayoutOptions{})
	i, j := bytes.Index(got, []byte("A042")), bytes.Index(got, []byte("Have an ID document ready\n"))
	if j < 0 || j < i || !bytes.Contains(got[:j], []byte{0x1B, 0x45, 0x01}) {
		t.Errorf("no reminder in bold after the number:\n%q", got)
	}
	if bytes.Contains(Layout(ticket(), LayoutOptions{}), []byte("ID document")) {
		t.Error("a reminder on a ticket without one")
	}
}
