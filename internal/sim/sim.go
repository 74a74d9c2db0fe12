// Package sim simulates store days on the real queue engine: visitors
// arrive per reason (Poisson, at a rate that changes by the quarter hour),
// take a ticket, wait, walk out when their patience ends, and are called
// by staff on shift through internal/queue's own routing (State.Next),
// served for a time drawn per reason, then finished. Every step is an
// event applied to a queue.State, as the hub would apply it, so the rules
// simulated are the rules that run. A day is seeded and reproducible.
package sim

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"accueil/internal/queue"
)

// Dist draws a duration.
type Dist func(r *rand.Rand) time.Duration

// Exponential draws durations of the given mean, without memory.
func Exponential(mean time.Duration) Dist {
	return func(r *rand.Rand) time.Duration { return time.Duration(r.ExpFloat64() * float64(mean)) }
}

// LogNormal draws durations of the given mean and standard deviation,
// the usual shape of service times: never negative, a long right tail.
func LogNormal(mean, sd time.Duration) Dist {
	m, s := float64(mean), float64(sd)
	sigma2 := math.Log(1 + s*s/(m*m))
	mu, sigma := math.Log(m)-sigma2/2, math.Sqrt(sigma2)
	return func(r *rand.Rand) time.Duration { return time.Duration(math.Exp(mu + sigma*r.NormFloat64())) }
}

// Shift is a staff member at a counter from From to To (since midnight).
// They finish the visitor they serve before leaving.
type Shift struct {
	Staff, Counter string
	From, To       time.Duration
}

// Day is a store day to simulate.
type Day struct {
	Config queue.Config // reasons (targets, skills), counters, staff
	// Open and Close bound arrivals (since midnight).
	Open, Close time.Duration
	// Arrivals gives per reason the visitors per hour, one value per
	// quarter hour from Open (the last one holds until Close).
	Arrivals map[string][]float64
	// Visitors are arrivals at set times, a real day replayed (see Replay),
	// besides or instead of Arrivals.
	Visitors []Arrival
	Service  map[string]Dist // per reason
	Patience Dist            // nil: nobody walks out
	Shifts   []Shift
	// Observe, when set, sees each event after it is applied, with the
	// state: how estimators are scored against what happens next.
	Observe func(st *queue.State, e queue.Event)
}

// Visit is what happened to one visitor.
type Visit struct {
	Ticket, Reason string
	Arrived        time.Time
	Wait           time.Duration // until called, or until they left
	Service        time.Duration
	Called         bool
	WalkedOut      bool
}

// Result is a simulated day.
type Result struct {
	Visits []Visit
	Events int // applied to the state
}

// device is the id of the simulated kiosk and tablets.
const device = "sim"

// Run simulates d on date (its midnight in the store's time zone) with
// seed. It stops when every visitor has been served or has left.
func Run(d Day, date time.Time, seed uint64) (*Result, error) {
	loc := d.Config.Location()
	midnight := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, loc)
	cfg := d.Config
	if cfg.Device(device) == nil {
		cfg.Devices = append(cfg.Devices, queue.Device{ID: device, Kind: queue.DeviceCounter})
	}
	s := &run{day: d, st: queue.NewState(queue.Config{}), rng: rand.New(rand.NewPCG(seed, seed^0x5eed)),
		midnight: midnight, visit: map[string]int{}, busy: map[string]string{}, leaving: map[string]bool{}}
	if err := s.apply(midnight, queue.ConfigChanged, cfg); err != nil {
		return nil, err
	}
	day := queue.Day(midnight, loc)
	for _, r := range cfg.Reasons {
		if err := s.apply(midnight, queue.LeaseGranted, queue.Lease{Device: device, Day: day, Prefix: r.Prefix, First: 1, Last: queue.MaxNumber}); err != nil {
			return nil, err
		}
	}
	for code := range d.Arrivals {
		if cfg.Reason(code) == nil {
			return nil, fmt.Errorf("sim: arrivals of unknown reason %q", code)
		}
		if d.Service[code] == nil {
			return nil, fmt.Errorf("sim: no service time for reason %q", code)
		}
		s.nextArrival(code, d.Open)
	}
	for _, a := range d.Visitors {
		if cfg.Reason(a.Reason) == nil {
			return nil, fmt.Errorf("sim: a visitor for unknown reason %q", a.Reason)
		}
		if d.Service[a.Reason] == nil {
			return nil, fmt.Errorf("sim: no service time for reason %q", a.Reason)
		}
		e := s.push(a.At, kindArrival, 0)
		e.reason, e.replayed = a.Reason, true
	}
	for i, sh := range d.Shifts {
		s.push(sh.From, kindShiftStart, i)
		s.push(sh.To, kindShiftEnd, i)
	}
	for len(s.queue) > 0 {
		e := heap.Pop(&s.queue).(*step)
		if err := s.do(e); err != nil {
			return nil, err
		}
	}
	return &s.res, nil
}

type kind int

const (
	kindArrival kind = iota
	kindEnd
	kindWalkOut
	kindShiftStart
	kindShiftEnd
)

type step struct {
	at       time.Duration // since midnight
	kind     kind
	n        int // shift index
	reason   string
	ticket   string
	replayed bool // an arrival at a set time, not drawn
	order    int  // ties keep the order they were pushed in
}

type steps []*step

func (q steps) Len() int { return len(q) }
func (q steps) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].order < q[j].order
}
func (q steps) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *steps) Push(x any)   { *q = append(*q, x.(*step)) }
func (q *steps) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

type run struct {
	day      Day
	st       *queue.State
	rng      *rand.Rand
	midnight time.Time
	queue    steps
	pushed   int
	n        int               // events made
	res      Result            //
	visit    map[string]int    // ticket → index in res.Visits
	busy     map[string]string // staff on shift → ticket served, "" when free
	leaving  map[string]bool   // shift over, serving a last visitor
}

func (s *run) push(at time.Duration, k kind, n int) *step {
	s.pushed++
	e := &step{at: at, kind: k, n: n, order: s.pushed}
	heap.Push(&s.queue, e)
	return e
}

func (s *run) apply(at time.Time, typ string, body any) error {
	s.n++
	e, err := queue.NewEvent(fmt.Sprintf("sim-%d", s.n), device, typ, at, body)
	if err != nil {
		return err
	}
	e.Seq = s.st.Seq + 1
	if err := s.st.Apply(e); err != nil {
		return fmt.Errorf("sim: %s at %s: %w", typ, at.Format("15:04:05"), err)
	}
	s.res.Events++
	if s.day.Observe != nil {
		s.day.Observe(s.st, e)
	}
	return nil
}

// nextArrival schedules the next visitor of reason after from: the rate is
// constant within a quarter hour, and an exponential gap that crosses into
// the next quarter starts again from there (without memory, that is exact).
func (s *run) nextArrival(reason string, from time.Duration) {
	rates := s.day.Arrivals[reason]
	for t := from; t < s.day.Close; {
		q := min(int((t-s.day.Open)/(15*time.Minute)), len(rates)-1)
		end := s.day.Open + time.Duration(q+1)*15*time.Minute
		if q == len(rates)-1 {
			end = s.day.Close
		}
		perHour := rates[q]
		if perHour <= 0 {
			t = end
			continue
		}
		next := t + time.Duration(s.rng.ExpFloat64()/perHour*float64(time.Hour))
		if next < end {
			s.push(next, kindArrival, 0).reason = reason
			return
		}
		t = end
	}
}

func (s *run) do(e *step) error {
	at := s.midnight.Add(e.at)
	switch e.kind {
	case kindArrival:
		if !e.replayed {
			s.nextArrival(e.reason, e.at)
		}
		is, err := s.st.PrepareIssue(device, queue.IssueBody{Reason: e.reason}, false, at)
		if err != nil {
			return fmt.Errorf("sim: issue: %w", err)
		}
		id := fmt.Sprintf("v%06d", len(s.res.Visits))
		is.Body.Ticket, is.Body.Token = id, id
		if err := s.apply(at, is.Type, is.Body); err != nil {
			return err
		}
		s.visit[id] = len(s.res.Visits)
		s.res.Visits = append(s.res.Visits, Visit{Ticket: id, Reason: e.reason, Arrived: at})
		if s.day.Patience != nil {
			s.push(e.at+s.day.Patience(s.rng), kindWalkOut, 0).ticket = id
		}
	case kindWalkOut:
		if t := s.st.Tickets[e.ticket]; t != nil && t.Status == queue.Waiting {
			if err := s.apply(at, queue.TicketCancelled, queue.CancelBody{Ticket: e.ticket, WalkOut: true}); err != nil {
				return err
			}
			v := &s.res.Visits[s.visit[e.ticket]]
			v.WalkedOut, v.Wait = true, at.Sub(v.Arrived)
		}
	case kindEnd:
		sh := s.day.Shifts[e.n]
		if err := s.apply(at, queue.ServiceFinished, queue.FinishBody{Ticket: e.ticket, Staff: sh.Staff, Outcome: "resolved"}); err != nil {
			return err
		}
		s.busy[sh.Staff] = ""
		if s.leaving[sh.Staff] {
			return s.leave(at, e.n)
		}
	case kindShiftStart:
		sh := s.day.Shifts[e.n]
		if err := s.apply(at, queue.StaffLoggedIn, queue.StaffBody{Staff: sh.Staff, Counter: sh.Counter}); err != nil {
			return err
		}
		s.busy[sh.Staff] = ""
	case kindShiftEnd:
		sh := s.day.Shifts[e.n]
		if s.busy[sh.Staff] != "" {
			s.leaving[sh.Staff] = true
			return nil
		}
		return s.leave(at, e.n)
	}
	return s.dispatch(e.at)
}

func (s *run) leave(at time.Time, n int) error {
	sh := s.day.Shifts[n]
	delete(s.busy, sh.Staff)
	delete(s.leaving, sh.Staff)
	return s.apply(at, queue.StaffLoggedOut, queue.StaffBody{Staff: sh.Staff})
}

// dispatch has every free staff member on shift call their next visitor,
// in the order of the shifts.
func (s *run) dispatch(now time.Duration) error {
	at := s.midnight.Add(now)
	for i, sh := range s.day.Shifts {
		ticket, on := s.busy[sh.Staff]
		if !on || ticket != "" || s.leaving[sh.Staff] || now < sh.From || now >= sh.To {
			continue
		}
		t, err := s.st.Next(sh.Staff, sh.Counter, at)
		if queue.ErrorCode(err) == queue.EEMPTY {
			continue
		}
		if err != nil {
			return fmt.Errorf("sim: next for %s: %w", sh.Staff, err)
		}
		id, reason := t.ID, t.Reason
		if err := s.apply(at, queue.TicketCalled, queue.CallBody{Ticket: id, Counter: sh.Counter, Staff: sh.Staff}); err != nil {
			return err
		}
		if err := s.apply(at, queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: sh.Staff}); err != nil {
			return err
		}
		d := s.day.Service[reason](s.rng)
		v := &s.res.Visits[s.visit[id]]
		v.Called, v.Wait, v.Service = true, at.Sub(v.Arrived), d
		s.busy[sh.Staff] = id
		s.push(now+d, kindEnd, i).ticket = id
	}
	return nil
}
