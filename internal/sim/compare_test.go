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
// takes a ticket, the wait it would print on it.
var estimators = []string{"eta", "QL", "LES", "rolling"}

// scorer follows a simulated day and records each estimator's prediction
// for every ticket at its issue.
type scorer struct {
	pred    map[string][]time.Duration // ticket → one per estimator
	lastLES time.Duration              // wait of the last visitor called
	recent  []time.Duration            // last 20 waits
}

func (s *scorer) observe(st *queue.State, e queue.Event) {
	var ref struct {
		Ticket string `json:"ticket"`
	}
	e.Decode(&ref)
	t := st.Tickets[ref.Ticket]
	switch e.Type {
	case queue.TicketIssued:
		ahead := st.Ahead(t.ID, e.At)
		etaWait, _ := eta.Estimate(st, t.Reason, ahead, e.At)
		servers, _ := eta.Servers(st, t.Reason)
		ql := time.Duration(0)
		if servers > 0 {
			ql = time.Duration(ahead) * eta.ServiceTime(st, t.Reason) / time.Duration(servers)
		}
		var rolling time.Duration
		for _, w := range s.recent {
			rolling += w / time.Duration(len(s.recent))
		}
		s.pred[t.ID] = []time.Duration{etaWait, ql, s.lastLES, rolling}
	case queue.TicketCalled:
		w := t.CalledAt.Sub(t.ArrivedAt)
		s.lastLES = w
		s.recent = append(s.recent, w)
		if len(s.recent) > 20 {
			s.recent = s.recent[1:]
		}
	}
}

// BenchmarkEstimators scores each estimator on simulated M/M/c days by
// RASE (√mean((predicted − actual)²) / mean(actual)) and MAE, over the
// visitors called, at loads 0.8, 0.9 and 0.95 with 3 and 10 servers.
func BenchmarkEstimators(b *testing.B) {
	for _, c := range []int{3, 10} {
		for _, rho := range []float64{0.8, 0.9, 0.95} {
			b.Run(fmt.Sprintf("c=%d/rho=%.2f", c, rho), func(b *testing.B) {
				service := 4 * time.Minute
				perHour := rho * float64(c) * float64(time.Hour/service)
				d := shop(c, perHour, sim.Exponential(service))
				d.Close = min(d.Close, d.Open+time.Duration(900/perHour*float64(time.Hour))) // numbers run out at 999 a day
				var sq, abs [4]float64
				var actual float64
				n := 0
				for seed := range uint64(b.N) {
					sc := &scorer{pred: map[string][]time.Duration{}}
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
						}
					}
				}
				for i, name := range estimators {
					b.ReportMetric(math.Sqrt(sq[i]/float64(n))/(actual/float64(n)), name+"-RASE")
					b.ReportMetric(abs[i]/float64(n), name+"-MAE-min")
				}
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}
