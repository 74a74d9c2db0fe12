package eta_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"accueil/internal/eta"
	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// shop is a store's state built from events, the way devices build it.
type shop struct{ *queuetest.Shop }

func newShop(t *testing.T) *shop { return &shop{queuetest.New(t, t0, 0)} }

func (s *shop) login(staff, counter string) {
	s.T.Helper()
	s.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: staff, Counter: counter})
}

// serve serves ticket id for d, as staff at counter.
func (s *shop) serve(id, staff, counter string, d time.Duration) {
	s.T.Helper()
	s.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
	s.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: staff})
	s.At = s.At.Add(d)
	s.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: staff, Outcome: "resolved"})
}

func (s *shop) waiting(n int, reason string) {
	for range n {
		s.Issue(reason)
	}
}

func TestEstimate(t *testing.T) {
	// Prior service times: SLA / 2.
	const simPrior, expertPrior = 5 * time.Minute, 10 * time.Minute
	tests := []struct {
		name   string
		setup  func(s *shop)
		reason string
		ahead  int
		want   time.Duration
		known  bool
	}{
		{"NobodyAtWork", func(s *shop) {}, "sim", 3, 0, false},
		{"UnknownReason", func(s *shop) { s.login("conseil", "c1") }, "nope", 0, 0, false},
		{"NoSkill", func(s *shop) { s.login("expert", "c3") }, "sim", 0, 0, false},
		{"Paused", func(s *shop) {
			s.login("conseil", "c1")
			s.Apply("counter-1", queue.StaffPaused, queue.StaffBody{Staff: "conseil", Why: "lunch"})
		}, "sim", 0, 0, false},
		{"CounterWithoutTheSkill", func(s *shop) { s.login("manager", "c3") }, "sim", 0, 0, false},
		{"IdleServerTakesTheFirst", func(s *shop) { s.login("conseil", "c1") }, "sim", 0, 0, true},
		// One idle server: the visitor needs ahead+1-1 services to end.
		{"OneServerPrior", func(s *shop) { s.login("conseil", "c1") }, "sim", 3, 3 * simPrior, true},
		{"TwoServersPrior", func(s *shop) {
			s.login("conseil", "c1")
			s.login("manager", "c2")
		}, "sim", 5, 4 * simPrior / 2, true},
		{"BusyServer", func(s *shop) {
			s.login("conseil", "c1")
			id := s.Issue("sim")
			s.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"})
		}, "sim", 1, 2 * simPrior, true},
		{"AnyStaffServesOther", func(s *shop) { s.login("expert", "c3") }, "other", 1, 15 * time.Minute / 2, true},
		{"ObservedServices", func(s *shop) {
			s.login("expert", "c3")
			for range 3 {
				s.serve(s.Issue("expert"), "expert", "c3", 20*time.Minute)
			}
			// (2×10 + 3×20) / 5 = 16 min per service, ahead 2, one idle.
		}, "expert", 2, 2 * 16 * time.Minute, true},
		{"OtherReasonsDoNotCount", func(s *shop) {
			s.login("manager", "c1")
			for range 3 {
				s.serve(s.Issue("purchase"), "manager", "c1", time.Hour)
			}
		}, "sim", 1, simPrior, true},
		{"OnlyRecentServices", func(s *shop) {
			s.login("expert", "c3")
			for range 30 {
				s.serve(s.Issue("expert"), "expert", "c3", 15*time.Minute)
			}
			for range eta.Recent {
				s.serve(s.Issue("expert"), "expert", "c3", 4*time.Minute)
			}
			// (2×10 + 20×4) / 22 min.
		}, "expert", 1, (2*expertPrior + 20*4*time.Minute) / 22, true},
		{"ServedAtTheDoorHasNoServiceTime", func(s *shop) {
			s.login("orient", "")
			id := s.Issue("sim")
			s.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: "orient", Outcome: "resolved", OnSpot: true})
		}, "sim", 1, simPrior, true},
		{"NegativeAheadIsNone", func(s *shop) { s.login("conseil", "c1") }, "sim", -4, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t)
			tt.setup(s)
			got, known := eta.Estimate(s.St, tt.reason, tt.ahead, s.At)
			if got != tt.want || known != tt.known {
				t.Errorf("Estimate(%s, ahead %d) = %v, %v; want %v, %v", tt.reason, tt.ahead, got, known, tt.want, tt.known)
			}
		})
	}
}

func TestServiceTimeUnknownReason(t *testing.T) {
	if got := eta.ServiceTime(newShop(t).St, "nope"); got != 0 {
		t.Errorf("ServiceTime of an unknown reason = %v", got)
	}
}

func TestPosted(t *testing.T) {
	s := newShop(t)
	s.login("conseil", "c1") // sales and sim, counter 1 takes both
	s.waiting(3, "purchase")
	s.waiting(1, "sim")
	got := eta.Posted(s.St, s.At)
	want := map[string]time.Duration{
		"purchase": 3 * 5 * time.Minute, // 3 waiting, a 4th arrives, one idle server
		"sim":      1 * 5 * time.Minute,
		"pickup":   0, // sales skill, nobody waits
		"other":    0,
	}
	if len(got) != len(want) {
		t.Errorf("Posted = %v, want %v", got, want)
	}
	for r, w := range want {
		if g, ok := got[r]; !ok || g != w {
			t.Errorf("Posted[%s] = %v, %v; want %v", r, g, ok, w)
		}
	}
	for _, r := range []string{"expert", "appointment"} {
		if _, ok := got[r]; ok {
			t.Errorf("Posted has %s, which nobody at work can serve", r)
		}
	}
}

// TestRuleBeatsQueueLength simulates a store with c servers and a
// first-come-first-served queue, and compares with the true waits the
// package's rule and the classic queue-length estimate (ahead × mean
// service), each given what a kiosk knows when a visitor arrives.
func TestRuleBeatsQueueLength(t *testing.T) {
	for _, tc := range []struct {
		name    string
		servers int
		service func(r *rand.Rand) float64 // minutes
	}{
		{"1ServerExponential", 1, func(r *rand.Rand) float64 { return 6 * r.ExpFloat64() }},
		{"3ServersExponential", 3, func(r *rand.Rand) float64 { return 6 * r.ExpFloat64() }},
		{"3ServersUniform", 3, func(r *rand.Rand) float64 { return 2 + 8*r.Float64() }},
		{"5ServersLogNormal", 5, func(r *rand.Rand) float64 { return math.Exp(1.6 + 0.5*r.NormFloat64()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tc.servers)))
			const n = 20000
			meanService := 0.0
			services := make([]float64, n)
			for i := range services {
				services[i] = tc.service(r)
				meanService += services[i] / n
			}
			// Arrivals at 90% load.
			rate := 0.9 * float64(tc.servers) / meanService
			free := make([]float64, tc.servers) // when each server is next free
			var starts []float64                // service start of each visitor
			var ruleErr, naiveErr float64
			now := 0.0
			for i := range n {
				now += r.ExpFloat64() / rate
				// What a kiosk sees at now: people still waiting, idle servers.
				ahead := 0
				for _, s := range starts {
					if s > now {
						ahead++
					}
				}
				idle := 0
				for _, f := range free {
					if f <= now {
						idle++
					}
				}
				slices.Sort(free)
				start := max(now, free[0])
				free[0] = start + services[i]
				starts = append(starts[max(0, len(starts)-200):], start)
				truth := start - now
				s := time.Duration(meanService * float64(time.Minute))
				rule := eta.Wait(ahead, tc.servers, idle, s).Minutes()
				naive := float64(ahead) * meanService
				ruleErr += math.Abs(rule-truth) / n
				naiveErr += math.Abs(naive-truth) / n
			}
			t.Logf("mean absolute error: rule %.1f min, queue length %.1f min", ruleErr, naiveErr)
			if tc.servers > 1 && ruleErr >= naiveErr {
				t.Errorf("rule error %.2f min, not below the queue-length estimate's %.2f", ruleErr, naiveErr)
			}
			if tc.servers == 1 && ruleErr > naiveErr*1.05 {
				t.Errorf("with one server, rule error %.2f min above queue length's %.2f", ruleErr, naiveErr)
			}
		})
	}
}
