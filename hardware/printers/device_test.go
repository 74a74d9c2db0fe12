package printers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"accueil/assets"
	"accueil/hardware/escpos"
	"accueil/hardware/printer"
)

func ticket() printer.Ticket {
	return printer.Ticket{
		Store:     "Accueil Télécom",
		Number:    "S007",
		Reason:    "Échange de carte SIM",
		IssuedAt:  time.Date(2026, 3, 14, 16, 5, 0, 0, time.UTC),
		Ahead:     1,
		Wait:      4 * time.Minute,
		WaitKnown: true,
		URL:       "http://hub.local:8080/t/0195c7a2?k=Zx8Qm2",
		Tr:        fr,
	}
}

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

// fakePrinter listens on loopback like a network printer on port 9100.
// For each connection it sends what the first read got on got, then
// writes reply.
func fakePrinter(t *testing.T, reply []byte) (addr string, got <-chan []byte) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ch := make(chan []byte, 1)
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 1<<20)
			n, _ := conn.Read(buf)
			ch <- buf[:n]
			conn.Write(reply)
			io.Copy(io.Discard, conn) // hold the line until the client hangs up
			conn.Close()
		}
	}()
	return l.Addr().String(), ch
}

func TestTCPPrintOneWrite(t *testing.T) {
	addr, got := fakePrinter(t, nil)
	p, err := Open("tcp:" + addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), ticket()); err != nil {
		t.Fatal(err)
	}
	want := printer.Layout(ticket(), printer.LayoutOptions{})
	if first := <-got; !bytes.Equal(first, want) {
		t.Errorf("first read got %d bytes, want the whole ticket of %d bytes", len(first), len(want))
	}
}

func TestTCPStatus(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply []byte
		want  printer.Status
	}{
		{"ready", []byte{0x12, 0x12, 0x12}, printer.Ready},
		{"paper low", []byte{0x12, 0x12, 0x1E}, printer.PaperLow},
		{"paper out", []byte{0x1A, 0x32, 0x72}, printer.PaperOut},
		{"cover open", []byte{0x1A, 0x16, 0x12}, printer.CoverOpen},
		{"offline, error", []byte{0x1A, 0x52, 0x12}, printer.Offline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, got := fakePrinter(t, tc.reply)
			s, err := TCP(addr, Options{}).Status(context.Background())
			if err != nil || s != tc.want {
				t.Errorf("Status() = %v, %v; want %v", s, err, tc.want)
			}
			want := []byte{0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04}
			if q := <-got; !bytes.Equal(q, want) {
				t.Errorf("printer got % X, want % X", q, want)
			}
		})
	}
}

func TestTCPStatusNoAnswer(t *testing.T) {
	addr, _ := fakePrinter(t, nil)
	s, err := TCP(addr, Options{Timeout: 200 * time.Millisecond}).Status(context.Background())
	if s != printer.Offline || !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status() = %v, %v; want offline, ErrOffline", s, err)
	}
}

func TestTCPStatusGarbage(t *testing.T) {
	addr, _ := fakePrinter(t, []byte("HTTP"))
	s, err := TCP(addr, Options{}).Status(context.Background())
	if s != printer.Offline || !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status() = %v, %v; want offline, ErrOffline", s, err)
	}
}

func TestTCPUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more
	p := TCP(addr, Options{})
	if err := p.Print(context.Background(), ticket()); !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Print() = %v, want ErrOffline", err)
	}
	if s, err := p.Status(context.Background()); s != printer.Offline || !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status() = %v, %v; want offline, ErrOffline", s, err)
	}
}

func TestTCPCanceled(t *testing.T) {
	addr, _ := fakePrinter(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := TCP(addr, Options{}).Status(ctx); !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status(canceled) = %v, want ErrOffline", err)
	}
}

// A USB printer is a device file; a plain file stands in for it here.
func TestUSBPrint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Open("usb:" + path + "?qr=raster")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), ticket()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := printer.Layout(ticket(), printer.LayoutOptions{RasterQR: true}); !bytes.Equal(got, want) {
		t.Errorf("device got %d bytes, want %d", len(got), len(want))
	}
	// The file has nothing to read: no status reply.
	if s, err := p.Status(context.Background()); s != printer.Offline || !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Status() = %v, %v; want offline, ErrOffline", s, err)
	}
}

func TestUSBMissing(t *testing.T) {
	p := USB(filepath.Join(t.TempDir(), "lp9"), Options{})
	if err := p.Print(context.Background(), ticket()); !errors.Is(err, printer.ErrOffline) {
		t.Errorf("Print() = %v, want ErrOffline", err)
	}
}

func TestStatusOf(t *testing.T) {
	for _, tc := range []struct {
		st   escpos.Status
		want printer.Status
	}{
		{escpos.Status{}, printer.Ready},
		{escpos.Status{PaperNearEnd: true}, printer.PaperLow},
		{escpos.Status{Offline: true, PaperStop: true, PaperEnd: true, PaperNearEnd: true}, printer.PaperOut},
		{escpos.Status{Offline: true, CoverOpen: true, PaperEnd: true}, printer.CoverOpen},
		{escpos.Status{Offline: true}, printer.Offline},
		{escpos.Status{Error: true, PaperNearEnd: true}, printer.Offline},
	} {
		if got := statusOf(tc.st); got != tc.want {
			t.Errorf("statusOf(%+v) = %v, want %v", tc.st, got, tc.want)
		}
	}
}
