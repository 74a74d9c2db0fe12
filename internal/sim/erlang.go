package sim

import (
	"math"
	"time"
)

// ErlangC is the M/M/c queue's answer for c servers, perHour arrivals and
// services of mean service: the chance that a visitor waits, and the mean
// wait of all visitors. It is +Inf when the servers cannot keep up.
func ErlangC(c int, perHour float64, service time.Duration) (pWait float64, meanWait time.Duration) {
	lambda := perHour / time.Hour.Seconds() // per second
	mu := 1 / service.Seconds()
	a := lambda / mu // offered load, in servers
	if a >= float64(c) {
		return 1, time.Duration(math.MaxInt64)
	}
	term, sum := 1.0, 0.0 // a^k / k!
	for k := range c {
		if k > 0 {
			term *= a / float64(k)
		}
		sum += term
	}
	last := term * a / float64(c) / (1 - a/float64(c)) // a^c / c! / (1 - ρ)
	pWait = last / (sum + last)
	return pWait, time.Duration(pWait / (float64(c)*mu - lambda) * float64(time.Second))
}
