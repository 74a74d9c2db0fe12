package printers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"accueil/hardware/printer"
	"golang.org/x/sys/unix"
)

// pty opens a pseudo-terminal pair: the test plays the printer on the
// master side, the driver opens the slave as a serial port.
func pty(t *testing.T) (master *os.File, slave string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	slave = fmt.Sprintf("/dev/pts/%d", n)
	// Hold the slave open, or the master reads EIO between two jobs.
	hold, err := os.OpenFile(slave, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open %s: %v", slave, err)
	}
	t.Cleanup(func() { hold.Close() })
	return m, slave
}

func TestSerial(t *testing.T) {
	master, slave := pty(t)
	p, err := Open("serial:" + slave + "?baud=19200")
	if err != nil {
		t.Fatal(err)
	}
	want := printer.Layout(ticket(), printer.LayoutOptions{})
	got := make(chan []byte, 1)
	go func() {
		buf := make([]byte, len(want))
		n, _ := io.ReadFull(master, buf)
		got <- buf[:n]
		// then answer a status query: online, no offline cause, paper near end
		q := make([]byte, 9)
		if _, err := io.ReadFull(master, q); err == nil {
			master.Write([]byte{0x12, 0x12, 0x1E})
		}
	}()
	if err := p.Print(context.Background(), ticket()); err != nil {
		t.Fatal(err)
	}
	if b := <-got; !bytes.Equal(b, want) {
		t.Errorf("serial printer got %d bytes, want %d", len(b), len(want))
	}
	if s, err := p.Status(context.Background()); s != printer.PaperLow || err != nil {
		t.Errorf("Status() = %v, %v; want paper low", s, err)
	}
}
