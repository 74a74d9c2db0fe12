package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"

	"accueil/hardware/serialport"
	"go.bug.st/serial"
)

// ReadLines reads codes from a scanner in serial mode, one per line ended
// by CR, LF or both, and calls code with each valid one and rejected with
// the *Error of each invalid one; empty lines are ignored. It returns at
// the end of r, with nil for io.EOF.
func ReadLines(r io.Reader, rules Rules, code func(string), rejected func(error)) error {
	rules = rules.withDefaults()
	br := bufio.NewReader(r)
	var line []rune
	long := false
	for {
		c, _, err := br.ReadRune()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return err
		}
		if c != '\r' && c != '\n' {
			if len(line) <= rules.MaxLen {
				line = append(line, c)
			} else {
				long = true
			}
			continue
		}
		if len(line) > 0 {
			if err := lineErr(rules, line, long); err != nil {
				rejected(err)
			} else {
				code(string(line))
			}
		}
		line, long = line[:0], false
	}
}

func lineErr(rules Rules, line []rune, long bool) error {
	if long {
		return reject(TooLong, line)
	}
	return rules.validate(line)
}

// Serial is a scanner on a serial port.
type Serial struct {
	port     serial.Port
	rules    Rules
	log      *slog.Logger
	rejected atomic.Int64
}

// Rejected counts the lines rejected so far.
func (s *Serial) Rejected() int64 { return s.rejected.Load() }

// OpenSerial opens the scanner on the port a serialport spec names, such
// as "/dev/ttyACM0?baud=9600". Rejected lines are logged to log.
func OpenSerial(spec string, rules Rules, log *slog.Logger) (*Serial, error) {
	cfg, err := serialport.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("scanner: %w", err)
	}
	port, err := serialport.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("scanner: %w", err)
	}
	return &Serial{port: port, rules: rules, log: log}, nil
}

// Run calls code with each valid code scanned until ctx is done or the
// port fails, then closes the port.
func (s *Serial) Run(ctx context.Context, code func(string)) error {
	stop := context.AfterFunc(ctx, func() { s.port.Close() })
	defer stop()
	defer s.port.Close()
	err := ReadLines(s.port, s.rules, code, func(err error) {
		s.rejected.Add(1)
		s.log.Info("scanner: line rejected", "err", err)
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
