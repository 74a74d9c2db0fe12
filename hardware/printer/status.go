package printer

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2/lang"
)

// Status is the state of a printer.
type Status int

// Printer states. PaperLow still prints.
const (
	Ready Status = iota
	PaperLow
	PaperOut
	CoverOpen
	Offline
)

var statusNames = [...]string{"ready", "paper low", "paper out", "cover open", "offline"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Errors for the states in which a printer cannot print.
var (
	ErrPaperOut  = errors.New("printer: out of paper")
	ErrCoverOpen = errors.New("printer: cover open")
	ErrOffline   = errors.New("printer: offline")
)

// Err returns the error for a printer in state s, or nil when it can print.
func (s Status) Err() error {
	switch s {
	case Ready, PaperLow:
		return nil
	case PaperOut:
		return ErrPaperOut
	case CoverOpen:
		return ErrCoverOpen
	default:
		return ErrOffline
	}
}

// ErrorMessage is the sentence shown to a visitor when printing failed with
// err, in the current language, saying what to do next.
func ErrorMessage(err error) string {
	switch {
	case errors.Is(err, ErrPaperOut):
		return lang.L("hardware.printer.error.paper_out")
	case errors.Is(err, ErrCoverOpen):
		return lang.L("hardware.printer.error.cover_open")
	case errors.Is(err, ErrOffline):
		return lang.L("hardware.printer.error.offline")
	default:
		return lang.L("hardware.printer.error.other")
	}
}
