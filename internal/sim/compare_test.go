package sim_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"accueil/internal/eta"
	"accueil/internal/queue"
	"accueil/internal/sim"
)

// estimators are the wait estimates compared: each gives, when a visitor
// takes a ticket, the wait it would print on it. eta is the package's,
// QL the queue length (ahead × mean service / servers), LES the wait of
// the last visitor called, rolling the mean wait of the last 20 called.
var estimators = []string{"eta", "QL", "LES", "rolling"}

// scorer follows a simulated day and records each estimator's prediction
// for every ticket at its issue, and eta's interval.
type scorer struct {
	pred     map[string][]time.Duration // ticket → one per estimator
	interval map[string][2]time.Duration
	lastLES  time.Duration   // wait of the last visitor called
	recent   []time.Duration // last 20 waits
}

func newScorer() *scorer {
	return &scorer{pred: map[string][]time.Duration{}, interval: map[string][2]time.Duration{}}
}

func (s *scorer) observe(st *queue.State, e queue.Event) {
	var ref struct {
		Ticket string `json:"ticket"`
	}
	e.Decode(&ref)
	t := st.Tickets[ref.Ticket]
	switch e.Type {
	case queue.TicketIssued:
		est := eta.New(st, e.At, nil)
		w := est.Ticket(t.ID)
		servers := 0
		for _, ss := range st.Sessions {
			if !ss.Paused && st.Config.Serves(ss.Staff, ss.Counter, t.Reason) {
				servers++
			}
		}
		ql := time.Duration(0)
		if servers > 0 {
			ql = time.Duration(st.Ahead(t.ID, e.At)) * est.Services().Mean(t.Reason) / time.Duration(servers)
		}
		var rolling time.Duration
		for _, w := range s.recent {
			rolling += w / time.Duration(len(s.recent))
		}
		s.pred[t.ID] = []time.Duration{w.Mean, ql, s.lastLES, rolling}
		s.interval[t.ID] = [2]time.Duration{w.Low, w.High}
	case queue.TicketCalled:
		w := t.CalledAt.Sub(t.ArrivedAt)
		s.lastLES = w
		s.recent = append(s.recent, w)
		if len(s.recent) > 20 {
			s.recent = s.recent[1:]
		}
	}
}

// varying is a busy store day whose visitors come at a rate that changes
// through the day, up to faster than three conseillers serve them (4-minute
// services, 45 an hour) in the evening, with a fourth at lunch: the day of
// a real shop, where the recent past says little of the next hour.
func varying() sim.Day {
	d := shop(3, 0, sim.LogNormal(4*time.Minute, 3*time.Minute))
	d.Open, d.Close = 9*time.Hour, 19*time.Hour
	var rates []float64
	for _, h := range []struct {
		hours   int
		perHour float64
	}{{1, 24}, {2, 38}, {2, 58}, {2, 30}, {2, 48}, {1, 24}} {
		for range 4 * h.hours {
			rates = append(rates, h.perHour)
		}
	}
	d.Arrivals["purchase"] = rates
	d.Config.Staff = append(d.Config.Staff, queue.NewStaff("d", "d", queue.RoleConseiller, []string{"sales"}, "1234"))
	d.Config.Counters = append(d.Config.Counters, queue.Counter{ID: "c4", Name: "4", Skills: []string{"sales"}})
	d.Shifts = append(d.Shifts, sim.Shift{Staff: "d", Counter: "c4", From: 12 * time.Hour, To: 14 * time.Hour})
	return d
}

// BenchmarkEstimators scores each estimator on simulated days by RASE
// (√mean((predicted − actual)²) / mean(actual)) and MAE, over the
// visitors called after the first hour: M/M/c days at loads 0.8, 0.9 and
// 0.95 with 3 and 10 servers, and the varying day, each without and with
// walk-outs (patience exponential, 20 minutes on average). eta-cover80 is
// the share of actual waits inside eta's 80 % interval; -queued counts
// only the visitors told they would wait (an idle server makes the
// interval [0, 0], and right).
func BenchmarkEstimators(b *testing.B) {
	type scenario struct {
		name string
		day  sim.Day
	}
	var scenarios []scenario
	for _, c := range []int{3, 10} {
		for _, rho := range []float64{0.8, 0.9, 0.95} {
			service := 4 * time.Minute
			perHour := rho * float64(c) * float64(time.Hour/service)
			d := shop(c, perHour, sim.Exponential(service))
			d.Close = min(d.Close, d.Open+time.Duration(900/perHour*float64(time.Hour))) // numbers run out at 999 a day
			scenarios = append(scenarios, scenario{fmt.Sprintf("c=%d/rho=%.2f", c, rho), d})
		}
	}
	scenarios = append(scenarios, scenario{"varying", varying()})
	for _, sc := range scenarios {
		for _, walkOut := range []bool{false, true} {
			d, name := sc.day, sc.name
			if walkOut {
				d.Patience, name = sim.Exponential(20*time.Minute), name+"/walkouts"
			}
			b.Run(name, func(b *testing.B) { score(b, d) })
		}
	}
}

func score(b *testing.B, d sim.Day) {
	var sq, abs, bias [4]float64
	var actual float64
	n, inside := 0, 0
	queued, queuedInside := 0, 0 // those told they would wait
	for seed := range uint64(b.N) {
		sc := newScorer()
		d.Observe = sc.observe
		res, err := sim.Run(d, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), seed)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range res.Visits {
			if !v.Called || v.Arrived.Sub(v.Arrived.Truncate(24*time.Hour)) < d.Open+time.Hour {
				continue
			}
			a := v.Wait.Minutes()
			actual += a
			n++
			for i, p := range sc.pred[v.Ticket] {
				e := p.Minutes() - a
				sq[i] += e * e
				abs[i] += math.Abs(e)
				bias[i] += e
			}
			in := sc.interval[v.Ticket]
			ok := v.Wait >= in[0] && v.Wait <= in[1]
			if ok {
				inside++
			}
			if in[1] > 0 {
				queued++
				if ok {
					queuedInside++
				}
			}
		}
	}
	for i, name := range estimators {
		b.ReportMetric(math.Sqrt(sq[i]/float64(n))/(actual/float64(n)), name+"-RASE")
		b.ReportMetric(abs[i]/float64(n), name+"-MAE-min")
	}
	b.ReportMetric(bias[0]/float64(n), "eta-bias-min")
	b.ReportMetric(float64(inside)/float64(n), "eta-cover80")
	b.ReportMetric(float64(queuedInside)/float64(queued), "eta-cover80-queued")
	b.ReportMetric(actual/float64(n), "wait-min")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkEstimateCost measures what a device pays for estimates at the
// busiest: a day of 10 conseillers at load 0.95, its state taken when the
// last of about 900 visitors of the day arrives. Posted is the welcome
// screen's and the display's refresh (every reason), Ticket one status
// page or printed ticket.
func BenchmarkEstimateCost(b *testing.B) {
	service := 4 * time.Minute
	perHour := 0.95 * 10 * float64(time.Hour/service)
	d := shop(10, perHour, sim.Exponential(service))
	d.Close = d.Open + time.Duration(900/perHour*float64(time.Hour))
	var st *queue.State
	var at time.Time
	d.Observe = func(s *queue.State, e queue.Event) {
		if e.Type == queue.TicketIssued {
			st, at = s.Clone(), e.At
		}
	}
	if _, err := sim.Run(d, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), 1); err != nil {
		b.Fatal(err)
	}
	waiting := st.Waiting("", at)
	b.Run("Posted", func(b *testing.B) {
		for range b.N {
			eta.New(st, at, nil).Posted()
		}
		b.ReportMetric(float64(len(st.Tickets)), "tickets")
		b.ReportMetric(float64(len(waiting)), "waiting")
	})
	b.Run("Ticket", func(b *testing.B) {
		last := waiting[len(waiting)-1].ID
		for range b.N {
			eta.New(st, at, nil).Ticket(last)
		}
	})
}
