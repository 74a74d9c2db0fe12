package eta_test

import (
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

// call calls and starts ticket id, as staff at counter.
func (s *shop) call(id, staff, counter string) {
	s.T.Helper()
	s.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
	s.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: staff})
}

// serve serves ticket id for d, as staff at counter.
func (s *shop) serve(id, staff, counter string, d time.Duration) {
	s.T.Helper()
	s.call(id, staff, counter)
	s.At = s.At.Add(d)
	s.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: staff, Outcome: "resolved"})
}

func (s *shop) waiting(n int, reason string) {
	for range n {
		s.Issue(reason)
	}
}

// about reports whether got is within 15 % of want.
func about(got, want time.Duration) bool {
	return got >= want*85/100 && got <= want*115/100
}

func TestUnknown(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(s *shop)
		reason string
	}{
		{"NobodyAtWork", func(s *shop) {}, "sim"},
		{"UnknownReason", func(s *shop) { s.login("conseil", "c1") }, "nope"},
		{"NoSkill", func(s *shop) { s.login("expert", "c3") }, "sim"},
		{"Paused", func(s *shop) {
			s.login("conseil", "c1")
			s.Apply("counter-1", queue.StaffPaused, queue.StaffBody{Staff: "conseil", Why: "lunch"})
		}, "sim"},
		{"CounterWithoutTheSkill", func(s *shop) { s.login("manager", "c3") }, "sim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newShop(t)
			tc.setup(s)
			if w := eta.New(s.St, s.At, nil).Arrival(tc.reason); w != (eta.Wait{}) {
				t.Errorf("Arrival(%s) = %+v, want unknown", tc.reason, w)
			}
		})
	}
}

func TestEstimate(t *testing.T) {
	const simPrior = 5 * time.Minute // SLA / 2
	t.Run("IdleServerTakesTheFirst", func(t *testing.T) {
		s := newShop(t)
		s.login("conseil", "c1")
		if w := eta.New(s.St, s.At, nil).Arrival("sim"); w != (eta.Wait{Known: true}) {
			t.Errorf("Arrival = %+v, want no wait", w)
		}
	})
	t.Run("Prior", func(t *testing.T) {
		s := newShop(t)
		s.login("conseil", "c1")
		s.waiting(3, "sim")
		w := eta.New(s.St, s.At, nil).Arrival("sim")
		if !w.Known || !about(w.Mean, 3*simPrior) || w.Low >= w.Mean || w.High <= w.Mean {
			t.Errorf("3 before, one idle server: %+v, want about %v inside the interval", w, 3*simPrior)
		}
	})
	t.Run("ElapsedService", func(t *testing.T) {
		// Services take 10 minutes; the one in progress has lasted 8.
		s := newShop(t)
		s.login("expert", "c3")
		for range 20 {
			s.serve(s.Issue("expert"), "expert", "c3", 10*time.Minute)
		}
		s.call(s.Issue("expert"), "expert", "c3")
		s.At = s.At.Add(8 * time.Minute)
		w := eta.New(s.St, s.At, nil).Arrival("expert")
		// The prior, a long tail, has a small say.
		if w.Low != 2*time.Minute || w.Mean < 2*time.Minute || w.Mean > 3*time.Minute {
			t.Errorf("behind a service of 8 minutes out of 10: %+v, want 2m to 3m", w)
		}
		s.Issue("expert")
		if w := eta.New(s.St, s.At, nil).Arrival("expert"); w.Mean < 12*time.Minute || w.Mean > 14*time.Minute {
			t.Errorf("and one before: %+v, want 12m to 14m", w)
		}
	})
	t.Run("OtherReasonsOfTheSameStaff", func(t *testing.T) {
		// The conseiller serves sales and SIM: the purchases before count.
		s := newShop(t)
		s.login("conseil", "c1")
		s.waiting(2, "purchase")
		w := eta.New(s.St, s.At, nil).Arrival("sim")
		if !about(w.Mean, 2*simPrior) {
			t.Errorf("behind 2 purchases: %+v, want about %v", w, 2*simPrior)
		}
	})
	t.Run("SharedWithOtherStaff", func(t *testing.T) {
		// Anybody serves "other": the one waiting before an expert
		// visitor goes to the conseiller half the time.
		s := newShop(t)
		s.login("conseil", "c1")
		s.login("expert", "c3")
		s.call(s.Issue("purchase"), "conseil", "c1")
		s.call(s.Issue("expert"), "expert", "c3")
		alone := eta.New(s.St, s.At, nil).Arrival("expert")
		s.waiting(1, "other")
		shared := eta.New(s.St, s.At, nil).Arrival("expert")
		if !shared.Known || shared.Mean <= alone.Mean || shared.Mean >= alone.Mean+15*time.Minute/2 {
			t.Errorf("an other visitor shared with the conseiller before: %+v, alone %+v", shared, alone)
		}
	})
	t.Run("Ticket", func(t *testing.T) {
		s := newShop(t)
		s.login("conseil", "c1")
		s.waiting(2, "sim")
		id := s.Issue("sim")
		s.waiting(2, "sim")
		e := eta.New(s.St, s.At, nil)
		if w := e.Ticket(id); !about(w.Mean, 2*simPrior) {
			t.Errorf("third waiting: %+v, want about %v", w, 2*simPrior)
		}
		if w := e.Ticket("nope"); w.Known {
			t.Errorf("unknown ticket: %+v", w)
		}
	})
	t.Run("WalkOuts", func(t *testing.T) {
		s := newShop(t)
		s.login("conseil", "c1")
		s.waiting(6, "sim")
		before := eta.New(s.St, s.At, nil).Arrival("sim")
		// Half of those who waited 20 minutes left.
		s.At = s.At.Add(20 * time.Minute)
		for _, tk := range s.St.Waiting("sim", s.At)[:3] {
			s.Apply("kiosk-1", queue.TicketCancelled, queue.CancelBody{Ticket: tk.ID, WalkOut: true})
		}
		s.waiting(3, "sim")
		after := eta.New(s.St, s.At, nil).Arrival("sim")
		if after.Mean >= before.Mean*9/10 {
			t.Errorf("with walk-outs, %v; without, %v behind as many", after, before)
		}
	})
}

func TestPosted(t *testing.T) {
	s := newShop(t)
	s.login("conseil", "c1") // sales and sim, counter 1 takes both
	s.waiting(3, "purchase")
	got := eta.New(s.St, s.At, nil).Posted()
	for _, r := range []string{"purchase", "sim", "pickup", "other"} {
		if w, ok := got[r]; !ok || !about(w.Mean, 3*5*time.Minute) {
			t.Errorf("Posted[%s] = %+v, %v; want about 15m", r, w, ok)
		}
	}
	for _, r := range []string{"expert", "appointment"} {
		if _, ok := got[r]; ok {
			t.Errorf("Posted has %s, which nobody at work can serve", r)
		}
	}
}

func TestLearn(t *testing.T) {
	cfg := queue.DefaultConfig()
	now := time.Date(2026, 3, 10, 11, 0, 0, 0, cfg.Location())
	service := func(ago, d time.Duration) queue.Ticket {
		return queue.Ticket{Reason: "sim", Status: queue.Done, StartedAt: now.Add(-ago - d), EndedAt: now.Add(-ago)}
	}
	var ts []*queue.Ticket
	add := func(n int, ago, d time.Duration) {
		for range n {
			t := service(ago, d)
			ts = append(ts, &t)
		}
	}
	add(40, eta.HalfLife, 4*time.Minute)           // a week ago, same hour: half weight
	add(20, time.Hour/2, 8*time.Minute)            // today
	add(40, 24*time.Hour+3*time.Hour, time.Minute) // yesterday, 3 hours later in the day
	m := eta.Learn(&cfg, ts, now).Mean("sim")
	// Weights: prior 2 × 5m, 40 × 0.5 × 4m, 20 × 8m, 40 × ~0.45 × 1m.
	w := 2 + 20 + 20 + 40*0.5*0.906
	want := time.Duration((2*5 + 20*4 + 20*8 + 40*0.5*0.906*1) / w * float64(time.Minute))
	if !about(m, want) || m < 4*time.Minute {
		t.Errorf("Mean = %v, want %v", m, want)
	}
	if m := eta.Learn(&cfg, nil, now).Mean("sim"); m < 4900*time.Millisecond*60 || m > 5100*time.Millisecond*60 {
		t.Errorf("Mean with nothing seen = %v, want the prior 5m", m)
	}
	if m := eta.Learn(&cfg, ts, now).Mean("nope"); m != 0 {
		t.Errorf("Mean of an unknown reason = %v", m)
	}
}

func TestMinutes(t *testing.T) {
	m := func(d float64) time.Duration { return time.Duration(d * float64(time.Minute)) }
	for _, tc := range []struct {
		w         eta.Wait
		low, high int
	}{
		{eta.Wait{Known: true}, 0, 0},
		{eta.Wait{Mean: m(4.2), Low: m(2.5), High: m(6.4), Known: true}, 5, 5},
		{eta.Wait{Mean: m(6), Low: m(3.5), High: m(8.5), Known: true}, 3, 9},
		{eta.Wait{Mean: m(12), Low: m(10.5), High: m(14.6), Known: true}, 10, 15},
		{eta.Wait{Mean: m(25), Low: m(17), High: m(33), Known: true}, 15, 35},
	} {
		if low, high := tc.w.Minutes(); low != tc.low || high != tc.high {
			t.Errorf("%+v: %d–%d, want %d–%d", tc.w, low, high, tc.low, tc.high)
		}
	}
}
