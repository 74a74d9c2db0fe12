package board

import (
	"slices"
	"testing"
	"time"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// shop is a store's state built from events, the way devices build it.
type shop struct{ *queuetest.Shop }

func newShop(t *testing.T) *shop { return &shop{queuetest.New(t, t0, time.Second)} }

func (s *shop) call(id, counter string) {
	s.T.Helper()
	s.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: counter, Staff: "conseil"})
}

func (s *shop) move(typ, id string) {
	s.T.Helper()
	s.Apply("counter-1", typ, queue.TicketBody{Ticket: id, Staff: "conseil"})
}

func numbers(cs []Call) []string {
	var out []string
	for _, c := range cs {
		n := c.Number + "→" + c.Counter
		if c.Recall {
			n += "!"
		}
		out = append(out, n)
	}
	return out
}

func TestFromState(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		s := newShop(t)
		b := FromState(s.St, "fr", s.At)
		if len(b.Calls) != 0 || len(b.Waiting) != len(s.St.Config.Reasons) || b.Store != "Boutique Accueil" || b.Seq != s.St.Seq {
			t.Fatalf("board = %+v", b)
		}
		for _, l := range b.Waiting {
			if l.Count != 0 || len(l.Numbers) != 0 || l.WaitKnown {
				t.Errorf("line %+v, want nobody waiting and no wait posted", l)
			}
		}
	})
	t.Run("CallsNewestFirst", func(t *testing.T) {
		s := newShop(t)
		a, sim, e := s.Issue("purchase"), s.Issue("sim"), s.Issue("expert")
		s.call(a, "c1")
		s.call(sim, "c2")
		s.call(e, "c3")
		s.move(queue.ServiceStarted, e) // serving still shows
		want := []string{"E001→3", "S001→2", "A001→1"}
		if got := numbers(FromState(s.St, "fr", s.At).Calls); !slices.Equal(got, want) {
			t.Errorf("calls = %v, want %v", got, want)
		}
		s.move(queue.TicketRecalled, a) // a recall goes back to the top
		want = []string{"A001→1!", "E001→3", "S001→2"}
		if got := numbers(FromState(s.St, "fr", s.At).Calls); !slices.Equal(got, want) {
			t.Errorf("after a recall, calls = %v, want %v", got, want)
		}
		s.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: e, Staff: "conseil", Outcome: "resolved"})
		s.move(queue.TicketNoShow, sim)
		want = []string{"A001→1!"}
		if got := numbers(FromState(s.St, "fr", s.At).Calls); !slices.Equal(got, want) {
			t.Errorf("after done and no-show, calls = %v, want %v", got, want)
		}
	})
	t.Run("AtMostMaxCalls", func(t *testing.T) {
		s := newShop(t)
		for range MaxCalls + 2 {
			s.call(s.Issue("other"), "c1")
		}
		b := FromState(s.St, "fr", s.At)
		if len(b.Calls) != MaxCalls || b.Calls[0].Number != queue.FormatNumber("I", MaxCalls+2) {
			t.Errorf("calls = %v, want the %d last", numbers(b.Calls), MaxCalls)
		}
	})
	t.Run("Waiting", func(t *testing.T) {
		s := newShop(t)
		for range 5 {
			s.Issue("purchase")
		}
		s.Issue("expert")
		b := FromState(s.St, "en", s.At)
		if b.Waiting[0].Name != "Buy" || b.Waiting[0].Count != 5 || !slices.Equal(b.Waiting[0].Numbers, []string{"A001", "A002", "A003", "A004"}) {
			t.Errorf("purchase line = %+v", b.Waiting[0])
		}
		if b.Waiting[0].WaitKnown || b.Waiting[2].WaitKnown {
			t.Errorf("a wait is posted while nobody works: %+v", b.Waiting)
		}
		// Once a seller is at work, purchase has a posted wait; expert has
		// still nobody to serve it.
		s.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
		b = FromState(s.St, "en", s.At)
		if l := b.Waiting[0]; !l.WaitKnown || l.Wait <= 0 {
			t.Errorf("purchase line with a seller at work = %+v, want a posted wait", l)
		}
		if l := b.Waiting[2]; l.Reason != "expert" || l.WaitKnown || l.Count != 1 {
			t.Errorf("expert line = %+v, want 1 waiting and no posted wait", l)
		}
	})
}

func TestDiff(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	a1 := Call{Number: "A001", Counter: "1", CalledAt: at(1)}
	s1 := Call{Number: "S001", Counter: "2", CalledAt: at(2)}
	a1r := a1
	a1r.Recalls, a1r.Recall = 1, true
	a1again := Call{Number: "A001", Counter: "3", CalledAt: at(5)}
	for _, tc := range []struct {
		name       string
		prev, next []Call
		want       []string
	}{
		{"FirstCallsOldestFirst", nil, []Call{s1, a1}, []string{"A001→1", "S001→2"}},
		{"NothingNew", []Call{s1, a1}, []Call{s1, a1}, nil},
		{"OneNew", []Call{a1}, []Call{s1, a1}, []string{"S001→2"}},
		{"Recall", []Call{s1, a1}, []Call{a1r, s1}, []string{"A001→1!"}},
		{"RecallAlreadyShown", []Call{a1r, s1}, []Call{a1r, s1}, nil},
		{"RecallOfAnUnseenCall", nil, []Call{a1r}, []string{"A001→1!"}},
		{"CalledAgainAfterRequeue", []Call{a1}, []Call{a1again}, []string{"A001→3"}},
		{"Gone", []Call{s1, a1}, []Call{s1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := numbers(Diff(Board{Calls: tc.prev}, Board{Calls: tc.next}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Diff = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		lang        string
		line        Line
		count, wait string
	}{
		{"fr", Line{Count: 0}, "Personne en attente", ""},
		{"fr", Line{Count: 1, WaitKnown: true}, "1 personne", "Sans attente"},
		{"fr", Line{Count: 3, Wait: 11*time.Minute + 40*time.Second, WaitKnown: true}, "3 personnes", "Attente ≈ 12 min"},
		{"en", Line{Count: 1, Wait: 40 * time.Second, WaitKnown: true}, "1 person", "Wait ≈ 1 min"},
		{"en", Line{Count: 7}, "7 people", ""},
		{"fr", Line{Count: 4, Wait: 12 * time.Minute, WaitLow: 9 * time.Minute, WaitHigh: 16 * time.Minute, WaitKnown: true}, "4 personnes", "Attente 9–20 min"},
	} {
		t.Run(tc.lang+"/"+tc.count, func(t *testing.T) {
			if err := assets.SetLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			if got := tc.line.CountLabel(); got != tc.count {
				t.Errorf("CountLabel = %q, want %q", got, tc.count)
			}
			if got := tc.line.WaitLabel(); got != tc.wait {
				t.Errorf("WaitLabel = %q, want %q", got, tc.wait)
			}
		})
	}
	assets.SetLanguage("en")
	if got := (Call{Counter: "3"}).CounterLabel(); got != "Counter 3" {
		t.Errorf("CounterLabel = %q", got)
	}
}
