// Package eta estimates how long a visitor will still wait, with an 80 %
// interval, from the state of the store only: who waits before them among
// the visitors the same staff serve, who is at work to serve them and for
// how long the services in progress have lasted, and how long services of
// each reason take. It does no I/O and reads no clock: devices compute it
// from their replica.
//
// # The estimate
//
// The servers of a visitor are the staff logged in and not paused who
// serve their reason (queue.Config.Serves). The visitors before them are
// those each server would call first (queue.State.WaitingFor); one of
// them counts for the share of the staff able to serve it that are among
// those servers, since the others may take it. The estimate then plays
// the next services out Samples times: each busy server ends after a
// remaining service drawn given how long it has lasted, each idle one is
// free now, the visitors before take the first free server in the order
// of the queue (queue.State.Waiting) unless they walked out first, and
// the visitor's wait is when a server is next free. Mean, 10th and 90th
// percentiles of those Samples make the estimate and its interval.
//
// Service times are learned per reason (see Services): the services seen
// (today's, and past days' when given), recent days and the same hour of
// day weighing more, mixed with a log-normal prior of mean Prior weighing
// PriorWeight services, so a reason seldom served falls back on its SLA.
// Walk-outs happen at the rate seen today: walk-outs per hour waited.
//
// When nobody at work can serve a reason, its wait is unknown.
package eta

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"accueil/internal/queue"
)

const (
	// Samples is how many times the next services are played out.
	Samples = 300
	// PriorWeight is how many services the prior counts for.
	PriorWeight = 2
	// PriorSigma is the spread of the prior's log-normal law: services
	// often take twice or half their mean.
	PriorSigma = 0.8
	// HalfLife is how much older days weigh less: a service of HalfLife
	// ago counts half one of today.
	HalfLife = 7 * 24 * time.Hour
	// HistoryDays is how many past days a hub, which keeps them, reads
	// services of (devices hold only today).
	HistoryDays = 14
	// OtherHours is the weight of a service started more than an hour
	// of day away from now, against one within the hour.
	OtherHours = 0.5
)

// Prior is the mean service time of a reason before any service was seen:
// half its SLA (the target wait).
func Prior(r *queue.Reason) time.Duration {
	return time.Duration(r.SLAMinutes) * time.Minute / 2
}

// Wait is the estimated wait of a visitor: the mean, and an interval that
// holds the true wait four times out of five. Known is false when nobody at
// work can serve them; the figures are zero then.
type Wait struct {
	Mean, Low, High time.Duration
	Known           bool
}

// Wide is how far apart the ends of the interval must be for screens to
// show the wait as a range ("10–15 min") rather than one figure.
const Wide = 4 * time.Minute

// Minutes returns the wait to show, in whole minutes: low == high for one
// figure (the mean, rounded up), or a range when the interval is Wide or
// wider, its ends rounded out to the minute under 10 minutes and to 5
// minutes from there. Both are 0 for no wait; callers check Known first.
func (w Wait) Minutes() (low, high int) {
	if w.High-w.Low < Wide {
		m := int(math.Ceil(w.Mean.Minutes()))
		return m, m
	}
	step := func(m float64) float64 {
		if m < 10 {
			return 1
		}
		return 5
	}
	lo, hi := w.Low.Minutes(), w.High.Minutes()
	low = int(math.Floor(lo/step(lo)) * step(lo))
	high = int(math.Ceil(hi/step(hi)) * step(hi))
	return low, high
}

// Estimator answers for one state at one time; it keeps what estimates
// share, so Posted and several Ticket calls pay for it once. Its cost is
// bounded by the tickets in the state (today's).
type Estimator struct {
	st       *queue.State
	now      time.Time
	services *Services
	leave    float64                    // walk-outs per second waited
	staff    []*queue.Session           // at work, not paused, by id
	lists    map[string][]*queue.Ticket // staff → WaitingFor
}

// New returns an estimator of st at now. Service times are learned from
// st's tickets and from history, finished tickets of past days (nil on a
// device, which holds only today).
func New(st *queue.State, now time.Time, history []queue.Ticket) *Estimator {
	all := make([]*queue.Ticket, 0, len(st.Tickets)+len(history))
	for i := range history {
		all = append(all, &history[i])
	}
	var walkOuts int
	var waited time.Duration
	for _, t := range st.Tickets {
		all = append(all, t)
		switch {
		case t.Status == queue.Cancelled && t.Outcome == "walk_out":
			walkOuts++
			waited += t.EndedAt.Sub(t.QueuedAt)
		case t.Status == queue.Waiting:
			waited += now.Sub(t.QueuedAt)
		case !t.CalledAt.IsZero():
			waited += t.CalledAt.Sub(t.QueuedAt)
		}
	}
	e := &Estimator{st: st, now: now, services: Learn(&st.Config, all, now), lists: map[string][]*queue.Ticket{}}
	if walkOuts > 0 && waited > 0 {
		e.leave = float64(walkOuts) / waited.Seconds()
	}
	for _, s := range st.Sessions {
		if !s.Paused {
			e.staff = append(e.staff, s)
		}
	}
	slices.SortFunc(e.staff, func(a, b *queue.Session) int { return cmp.Compare(a.Staff, b.Staff) })
	return e
}

// Services returns the service times the estimator learned.
func (e *Estimator) Services() *Services { return e.services }

// Ticket returns the remaining wait of waiting ticket id; it is unknown
// when the ticket does not wait or nobody at work serves it.
func (e *Estimator) Ticket(id string) Wait {
	t := e.st.Tickets[id]
	if t == nil || t.Status != queue.Waiting {
		return Wait{}
	}
	return e.wait(t.Reason, t)
}

// Arrival returns the wait of a visitor of reason who would take a ticket
// now: after everybody who waits for the same staff.
func (e *Estimator) Arrival(reason string) Wait { return e.wait(reason, nil) }

// Posted returns the wait of a visitor arriving now for each reason: the
// figure shown at the door. A reason nobody at work serves is absent.
func (e *Estimator) Posted() map[string]Wait {
	posted := map[string]Wait{}
	for _, r := range e.st.Config.Reasons {
		if w := e.Arrival(r.Code); w.Known {
			posted[r.Code] = w
		}
	}
	return posted
}

// server is a staff member who can serve the visitor: free at once, or
// busy for a remaining service.
type server struct {
	staff, counter string
	busy           *queue.Ticket
}

// wait estimates the wait of ticket t of reason, or of a newcomer when t
// is nil.
func (e *Estimator) wait(reason string, t *queue.Ticket) Wait {
	if e.st.Config.Reason(reason) == nil {
		return Wait{}
	}
	var servers []server
	for _, s := range e.staff {
		if e.st.Config.Serves(s.Staff, s.Counter, reason) {
			servers = append(servers, server{s.Staff, s.Counter, e.st.Current(s.Staff)})
		}
	}
	if len(servers) == 0 {
		return Wait{}
	}
	// Who comes before: before t in some server's list, or the whole list
	// for a newcomer, who comes after everybody waiting.
	before := map[*queue.Ticket]bool{}
	for _, s := range servers {
		for _, w := range e.list(s) {
			if w == t {
				break
			}
			before[w] = true
		}
	}
	type ahead struct {
		t     *queue.Ticket
		share float64 // chance one of the servers takes it
	}
	var line []ahead
	if len(before) > 0 {
		for _, w := range e.st.Waiting("", e.now) {
			if !before[w] {
				continue
			}
			ours, all := 0, 0
			for _, s := range e.staff {
				if !e.st.Config.Serves(s.Staff, s.Counter, w.Reason) {
					continue
				}
				all++
				if slices.ContainsFunc(servers, func(v server) bool { return v.staff == s.Staff }) {
					ours++
				}
			}
			line = append(line, ahead{w, float64(ours) / float64(max(all, 1))})
		}
	}
	rng := rand.New(rand.NewPCG(0x57a7, 0xe7a))
	free := make([]float64, len(servers)) // seconds from now
	waits := make([]float64, Samples)
	for i := range waits {
		for j, s := range servers {
			free[j] = 0
			if s.busy != nil {
				free[j] = e.services.remaining(s.busy.Reason, e.now.Sub(started(s.busy)), rng)
			}
		}
		for _, a := range line {
			if rng.Float64() >= a.share {
				continue
			}
			j := next(free)
			if e.leave > 0 && rng.Float64() >= math.Exp(-e.leave*free[j]) {
				continue // walked out before their turn
			}
			free[j] += e.services.remaining(a.t.Reason, 0, rng)
		}
		waits[i] = free[next(free)]
	}
	slices.Sort(waits)
	mean := 0.0
	for _, w := range waits {
		mean += w / Samples
	}
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)).Round(time.Second) }
	return Wait{Mean: sec(mean), Low: sec(waits[Samples/10]), High: sec(waits[Samples*9/10-1]), Known: true}
}

// list returns the waiting tickets s would call, in order.
func (e *Estimator) list(s server) []*queue.Ticket {
	l, ok := e.lists[s.staff]
	if !ok {
		l = e.st.WaitingFor(s.staff, s.counter, e.now)
		e.lists[s.staff] = l
	}
	return l
}

// next returns the server free first.
func next(free []float64) int {
	j := 0
	for k, f := range free {
		if f < free[j] {
			j = k
		}
	}
	return j
}

// started is when t's service began: its start, or its call while the
// visitor walks to the counter.
func started(t *queue.Ticket) time.Time {
	if !t.StartedAt.IsZero() {
		return t.StartedAt
	}
	return t.CalledAt
}
