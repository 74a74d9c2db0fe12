package simprinter

import (
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/assets"
	"accueil/hardware/printer"
)

func ticket() printer.Ticket {
	return printer.Ticket{
		Store:     "Accueil Télécom Lyon Part-Dieu",
		Number:    "E042",
		Reason:    "Réparation",
		IssuedAt:  time.Date(2026, 3, 14, 9, 41, 0, 0, time.UTC),
		Ahead:     3,
		Wait:      11*time.Minute + 20*time.Second,
		WaitKnown: true,
		URL:       "http://hub.local:8080/t/0195c7a2-7d1e-7b3c-9a10-3f2b8c4d5e6f?k=Zx8Qm2",
		Tr:        translator("fr"),
	}
}

func translator(code string) assets.Translator {
	tr, err := assets.NewTranslator(code)
	if err != nil {
		panic(err)
	}
	return tr
}

func french(t *testing.T) {
	t.Helper()
	if err := assets.SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
}

// zbar decodes the QR codes in a PNG file with zbarimg.
func zbar(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skip("zbarimg is not installed")
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}

func TestPrintTicket(t *testing.T) {
	french(t)
	for _, tc := range []struct {
		name string
		opts printer.LayoutOptions
	}{
		{"native QR", printer.LayoutOptions{}},
		{"raster QR", printer.LayoutOptions{RasterQR: true, QRModule: 5}},
		{"58 mm", printer.LayoutOptions{Columns: 32, QRModule: 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p, err := New(dir, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			tk := ticket()
			rc, err := p.PrintTicket(context.Background(), tk)
			if err != nil {
				t.Fatal(err)
			}
			if want := dir + "/20260314-094100-E042.png"; rc.Path != want {
				t.Errorf("Path = %q, want %q", rc.Path, want)
			}
			for _, want := range []string{
				"Accueil Télécom Lyon Part-Dieu", "Votre numéro", "E042", "Réparation",
				"Ticket pris le 14/03/2026 à 09:41", "Personnes avant vous : 3",
				"Attente estimée : environ 12 min",
			} {
				if !slices.Contains(rc.Lines, want) {
					t.Errorf("no line %q in %q", want, rc.Lines)
				}
			}
			if !rc.Cut {
				t.Error("the ticket was not cut")
			}
			if got := zbar(t, rc.Path); got != tk.URL {
				t.Errorf("QR code = %q, want %q", got, tk.URL)
			}
			f, err := os.Open(rc.Path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cfg, err := png.DecodeConfig(f)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != PaperWidth {
				t.Errorf("PNG is %d dots wide, want %d", cfg.Width, PaperWidth)
			}
		})
	}
}

func TestPrintTicketWaitUnknown(t *testing.T) {
	french(t)
	p, err := New(t.TempDir(), printer.LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tk := ticket()
	tk.WaitKnown, tk.Ahead, tk.URL = false, 0, ""
	rc, err := p.PrintTicket(context.Background(), tk)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Attente estimée : inconnue pour le moment", "Vous êtes le prochain"} {
		if !slices.Contains(rc.Lines, want) {
			t.Errorf("no line %q in %q", want, rc.Lines)
		}
	}
	if len(rc.QR) != 0 {
		t.Errorf("QR codes %q on a ticket without URL", rc.QR)
	}
	// A reprint of the same ticket gets its own file.
	again, err := p.PrintTicket(context.Background(), tk)
	if err != nil {
		t.Fatal(err)
	}
	if again.Path == rc.Path {
		t.Errorf("reprint overwrote %s", rc.Path)
	}
}

// TestPrintEnglish prints an English visitor's ticket while the screens
// speak French.
func TestPrintEnglish(t *testing.T) {
	french(t)
	p, err := New(t.TempDir(), printer.LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tk := ticket()
	tk.Tr = translator("en")
	rc, err := p.PrintTicket(context.Background(), tk)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Your number", "People ahead of you: 3", "Taken on Mar 14, 2026 at 9:41 AM"} {
		if !slices.Contains(rc.Lines, want) {
			t.Errorf("no line %q in %q", want, rc.Lines)
		}
	}
}

func TestSetStatus(t *testing.T) {
	french(t)
	ctx := context.Background()
	p, err := New(t.TempDir(), printer.LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status    printer.Status
		printErr  error
		statusErr error
	}{
		{printer.Ready, nil, nil},
		{printer.PaperLow, nil, nil},
		{printer.PaperOut, printer.ErrPaperOut, nil},
		{printer.CoverOpen, printer.ErrCoverOpen, nil},
		{printer.Offline, printer.ErrOffline, printer.ErrOffline},
	} {
		t.Run(tc.status.String(), func(t *testing.T) {
			p.SetStatus(tc.status)
			s, err := p.Status(ctx)
			if s != tc.status || !errors.Is(err, tc.statusErr) || (err == nil) != (tc.statusErr == nil) {
				t.Errorf("Status() = %v, %v; want %v, %v", s, err, tc.status, tc.statusErr)
			}
			err = p.Print(ctx, ticket())
			if !errors.Is(err, tc.printErr) || (err == nil) != (tc.printErr == nil) {
				t.Errorf("Print() = %v, want %v", err, tc.printErr)
			}
		})
	}
}

func TestPrintInvalidTicket(t *testing.T) {
	p, err := New(t.TempDir(), printer.LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), printer.Ticket{}); err == nil {
		t.Error("Print(ticket without number): want an error")
	}
}
