package scanner

import "time"

// Collector gathers the keys of a keyboard-wedge scanner into codes. Feed
// it each typed character and call Enter on the Enter key, both with the
// time of the key event. It is not safe for concurrent use: feed it from
// the goroutine receiving key events.
//
// Keys further apart than MaxGap start a new burst, dropping the keys
// before: a stray key press does not spoil the scan that follows. A burst
// is a scan whenever its Enter comes, up to EnterGap after its last key.
// Enter returns ErrTooSlow when it comes later, or when what was typed is
// a trail of single keys, the way a person types.
type Collector struct {
	rules  Rules
	buf    []rune
	n      int // keys in the burst, buf holds at most MaxLen+1
	last   time.Time
	broken bool // keys were dropped since the last Enter
}

// NewCollector returns a collector applying rules.
func NewCollector(rules Rules) *Collector {
	return &Collector{rules: rules.withDefaults()}
}

// Feed adds a typed character.
func (c *Collector) Feed(r rune, at time.Time) {
	if c.n > 0 && at.Sub(c.last) > c.rules.MaxGap {
		c.buf, c.n, c.broken = c.buf[:0], 0, true
	}
	c.last = at
	c.n++
	if len(c.buf) <= c.rules.MaxLen {
		c.buf = append(c.buf, r)
	}
}

// Enter ends the input and returns the scanned code, or an *Error.
func (c *Collector) Enter(at time.Time) (string, error) {
	code, n, late, broken := c.buf, c.n, at.Sub(c.last) > c.rules.EnterGap, c.broken
	c.buf, c.n, c.broken = c.buf[:0], 0, false
	switch {
	case n > 0 && late, n < c.rules.MinLen && broken:
		return "", reject(TooSlow, code)
	case n > c.rules.MaxLen:
		return "", reject(TooLong, code)
	}
	if err := c.rules.validate(code); err != nil {
		return "", err
	}
	return string(code), nil
}
