package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestReadLines(t *testing.T) {
	in := "RDV-2026-0042\r\n\r\nbad code!\rCMD-8F3K2\n" + strings.Repeat("Z", 10000) + "\nAB\nlast-one"
	var codes []string
	var rejected []error
	err := ReadLines(strings.NewReader(in), Rules{}, func(c string) { codes = append(codes, c) },
		func(err error) { rejected = append(rejected, err) })
	if err != nil {
		t.Fatal(err)
	}
	// "last-one" has no line end: the scanner never finished it.
	if want := []string{"RDV-2026-0042", "CMD-8F3K2"}; !slices.Equal(codes, want) {
		t.Errorf("codes = %q, want %q", codes, want)
	}
	want := []error{ErrBadChar, ErrTooLong, ErrTooShort}
	if len(rejected) != len(want) {
		t.Fatalf("rejected %v, want %v", rejected, want)
	}
	for i := range want {
		if !errors.Is(rejected[i], want[i]) {
			t.Errorf("rejected[%d] = %v, want %v", i, rejected[i], want[i])
		}
	}
}

func TestReadLinesError(t *testing.T) {
	r, w := io.Pipe()
	go func() {
		io.WriteString(w, "CODE-1\n")
		w.CloseWithError(io.ErrUnexpectedEOF)
	}()
	var codes []string
	err := ReadLines(r, Rules{}, func(c string) { codes = append(codes, c) }, func(error) {})
	if !errors.Is(err, io.ErrUnexpectedEOF) || !slices.Equal(codes, []string{"CODE-1"}) {
		t.Errorf("ReadLines = %q, %v", codes, err)
	}
}

// TestSerial reads a scanner on a pseudo-terminal, as on a USB serial port.
func TestSerial(t *testing.T) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer m.Close()
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	s, err := OpenSerial(fmt.Sprintf("/dev/pts/%d?baud=9600", n), Rules{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	codes := make(chan string)
	done := make(chan error)
	go func() { done <- s.Run(ctx, func(c string) { codes <- c }) }()
	if _, err := m.WriteString("x;y\rRDV-2026-0042\r"); err != nil {
		t.Fatal(err)
	}
	if got := <-codes; got != "RDV-2026-0042" {
		t.Errorf("code = %q", got)
	}
	if got := s.Rejected(); got != 1 {
		t.Errorf("Rejected() = %d, want 1", got)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run() = %v, want context.Canceled", err)
	}
}

func TestOpenSerialBadSpec(t *testing.T) {
	for _, spec := range []string{"", "/dev/ttyACM0?baud=x", t.TempDir() + "/ttyNone"} {
		if _, err := OpenSerial(spec, Rules{}, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("OpenSerial(%q): want an error", spec)
		}
	}
}
