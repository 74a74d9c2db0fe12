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
	pt := c.now().UnixMilli() << 16
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// Observe moves the clock past stamp.
func (c *Clock) Observe(stamp int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = max(c.last, stamp)
}
