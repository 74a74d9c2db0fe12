package simprinter

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"accueil/hardware/printer"
)

// Printer is a simulated printer that saves each ticket as a PNG file in a
// folder. Its status can be set to test what a kiosk does when the paper
// runs out or the printer goes offline.
type Printer struct {
	dir    string
	layout printer.LayoutOptions

	mu     sync.Mutex
	status printer.Status
}

var _ printer.Printer = (*Printer)(nil)

// New returns a simulated printer saving tickets in dir, which it creates,
// laid out with opts.
func New(dir string, opts printer.LayoutOptions) (*Printer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("simprinter: %w", err)
	}
	return &Printer{dir: dir, layout: opts}, nil
}

// SetStatus makes the printer report s from now on. A printer set to
// PaperOut, CoverOpen or Offline refuses to print.
func (p *Printer) SetStatus(s printer.Status) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = s
}

// Status returns the status set with SetStatus; Offline comes with an
// error wrapping printer.ErrOffline, as from a printer that does not answer.
func (p *Printer) Status(ctx context.Context) (printer.Status, error) {
	if err := ctx.Err(); err != nil {
		return printer.Offline, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status == printer.Offline {
		return p.status, fmt.Errorf("simprinter: %w", printer.ErrOffline)
	}
	return p.status, nil
}

// Print prints t.
func (p *Printer) Print(ctx context.Context, t printer.Ticket) error {
	_, err := p.PrintTicket(ctx, t)
	return err
}

// PrintTicket prints t and returns the receipt, with the path of its PNG
// file named after the time of issue and the ticket number.
func (p *Printer) PrintTicket(ctx context.Context, t printer.Ticket) (*Receipt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	p.mu.Lock()
	status := p.status
	p.mu.Unlock()
	if err := status.Err(); err != nil {
		return nil, fmt.Errorf("simprinter: %w", err)
	}
	rc, err := Render(printer.Layout(t, p.layout))
	if err != nil {
		return nil, err
	}
	base := t.IssuedAt.Format("20060102-150405") + "-" + fileSafe(t.Number)
	f, err := create(p.dir, base)
	if err != nil {
		return nil, fmt.Errorf("simprinter: %w", err)
	}
	defer f.Close()
	if err := png.Encode(f, rc.Image); err != nil {
		return nil, fmt.Errorf("simprinter: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("simprinter: %w", err)
	}
	rc.Path = f.Name()
	return rc, nil
}

// create makes a new file base.png in dir, or base-2.png, base-3.png...
// when a reprint already took the name.
func create(dir, base string) (*os.File, error) {
	for i := 1; ; i++ {
		name := base + ".png"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.png", base, i)
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// fileSafe keeps the letters, digits and dashes of a ticket number.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return r
		}
		return '_'
	}, s)
	return s[:min(len(s), 16)]
}
