// Package scanner turns code scanner input into validated codes: an
// appointment or web-order code that a visitor scans at the kiosk.
//
// A scanner in keyboard mode ("keyboard wedge") types the code, then
// Enter, a few milliseconds per key: Collector tells that burst from a
// person typing. A scanner in serial mode sends one code per line:
// ReadLines and Serial read those. Both validate codes with Rules and
// count what they reject; neither touches the UI.
package scanner

import (
	"errors"
	"fmt"
	"time"
)

// Rules say what a code looks like and how fast a scanner types.
type Rules struct {
	MaxGap time.Duration // longest pause between two keys of one scan; 0 means 50 ms
	// EnterGap is the longest pause between the last key of a scan and its
	// Enter, which slower or Bluetooth scanners send late; 0 means 500 ms.
	EnterGap time.Duration
	MinLen   int // 0 means 4
	MaxLen   int // 0 means 64
}

func (r Rules) withDefaults() Rules {
	if r.MaxGap <= 0 {
		r.MaxGap = 50 * time.Millisecond
	}
	if r.EnterGap <= 0 {
		r.EnterGap = 500 * time.Millisecond
	}
	if r.MinLen <= 0 {
		r.MinLen = 4
	}
	if r.MaxLen <= 0 {
		r.MaxLen = 64
	}
	return r
}

// Reason says why input is not a code.
type Reason int

// Reasons for rejecting input.
const (
	Empty Reason = iota + 1
	TooShort
	TooLong
	BadChar
	TooSlow // typed by a person, not scanned
)

var reasons = map[Reason]string{
	Empty: "empty", TooShort: "too short", TooLong: "too long",
	BadChar: "bad character", TooSlow: "typed too slowly for a scanner",
}

// Error is input rejected as a code. errors.Is matches it against the
// sentinels below by reason.
type Error struct {
	Reason Reason
	Input  string // the input, cut to 64 bytes, for logs
}

// Sentinels to test errors with errors.Is.
var (
	ErrEmpty    = &Error{Reason: Empty}
	ErrTooShort = &Error{Reason: TooShort}
	ErrTooLong  = &Error{Reason: TooLong}
	ErrBadChar  = &Error{Reason: BadChar}
	ErrTooSlow  = &Error{Reason: TooSlow}
)

func (e *Error) Error() string {
	if e.Input == "" {
		return "scanner: " + reasons[e.Reason]
	}
	return fmt.Sprintf("scanner: %s: %q", reasons[e.Reason], e.Input)
}

// Is reports whether target is an *Error with the same reason.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Reason == e.Reason
}

func reject(r Reason, input []rune) error {
	return &Error{Reason: r, Input: string(input[:min(len(input), 64)])}
}

// Validate checks a code: MinLen to MaxLen characters among letters,
// digits and - _ . : /.
func (r Rules) Validate(code string) error {
	return r.withDefaults().validate([]rune(code))
}

func (r Rules) validate(code []rune) error {
	switch {
	case len(code) == 0:
		return reject(Empty, code)
	case len(code) > r.MaxLen:
		return reject(TooLong, code)
	case len(code) < r.MinLen:
		return reject(TooShort, code)
	}
	for _, c := range code {
		if !codeChar(c) {
			return reject(BadChar, code)
		}
	}
	return nil
}

func codeChar(c rune) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	default:
		return c == '-' || c == '_' || c == '.' || c == ':' || c == '/'
	}
}
