package mqttsync

import (
	"sync"
	"time"
)

// Clock is a hybrid logical clock: milliseconds of wall time in the high
// bits, a counter in the low 16, never going back, moved forward by every
// stamp it observes. It orders events across devices; the order of one
// device's events is their number (queue.Event.N).
type Clock struct {
	mu   sync.Mutex
	last int64
	now  func() time.Time
}

// NewClock returns a clock reading now.
func NewClock(now func() time.Time) *Clock { return &Clock{now: now} }

// Now returns a stamp above every stamp given or observed before.
func (c *Clock) Now() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := stampOf(c.now())
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// MaxAhead is how far ahead of a clock's wall time a stamp may be: the
// hub refuses a stamp beyond it, and no clock adopts one.
const MaxAhead = 5 * time.Minute

// Bound returns the highest stamp the clock accepts now.
func (c *Clock) Bound() int64 { return stampOf(c.now().Add(MaxAhead)) }

// Observe moves the clock past stamp, unless stamp is beyond Bound (a
// clock that adopted it would run in the future, or overflow): then it
// reports false and stays.
func (c *Clock) Observe(stamp int64) bool {
	if stamp > c.Bound() {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = max(c.last, stamp)
	return true
}

// stampOf returns the first stamp of wall time t.
func stampOf(t time.Time) int64 { return t.UnixMilli() << 16 }
