package queue_test

import (
	"slices"
	"testing"
	"time"

	"accueil/internal/queue"
)

func mins(n int) time.Duration { return time.Duration(n) * time.Minute }

// next returns the id of the ticket Next gives, or the error code. Staff
// not logged in at counter is logged in there on a clone of s first.
func next(t *testing.T, s *queue.State, staff, counter string, now time.Time) string {
	t.Helper()
	if ss := s.Sessions[staff]; (ss == nil || ss.Counter != counter) && s.Config.StaffMember(staff) != nil && s.Config.Counter(counter) != nil {
		s = s.Clone()
		mustApply(t, s, tablet, queue.StaffLoggedIn, now, queue.StaffBody{Staff: staff, Counter: counter})
	}
	tk, err := s.Next(staff, counter, now)
	if err != nil {
		return queue.ErrorCode(err)
	}
	if tk.Status != queue.Waiting {
		t.Fatalf("Next gave ticket %s, %s", tk.Number, tk.Status)
	}
	return tk.ID
}

func wantNext(t *testing.T, s *queue.State, staff, counter string, now time.Time, want string) {
	t.Helper()
	if got := next(t, s, staff, counter, now); got != want {
		t.Errorf("Next(%s, %s) = %s, want %s", staff, counter, got, want)
	}
}

// checkIn books an appointment of reason "appointment" at at, for staff
// (may be empty), and checks it in at arrived.
func checkIn(t testing.TB, s *queue.State, code, staff string, at, arrived time.Time) *queue.Ticket {
	t.Helper()
	mustApply(t, s, hub, queue.AppointmentBooked, t0,
		queue.Appointment{Code: code, Kind: "appointment", Reason: "appointment", At: at, Staff: staff})
	b := issueBody(t, s, "appointment", arrived)
	b.Appointment = code
	mustApply(t, s, kiosk, queue.AppointmentCheckIn, arrived, b)
	return s.Tickets[b.Ticket]
}

func transferTo(t testing.TB, s *queue.State, id, reason, staff string, at time.Time) {
	t.Helper()
	mustApply(t, s, tablet, queue.TicketTransferred, at, queue.TransferBody{Ticket: id, Reason: reason, ForStaff: staff})
}

func TestNext(t *testing.T) {
	t.Run("SkillFilter", func(t *testing.T) {
		s := newState(t)
		ex := issue(t, s, "expert", t0)
		wantNext(t, s, "conseil", "c1", t0.Add(mins(1)), queue.EEMPTY)
		wantNext(t, s, "conseil", "c3", t0.Add(mins(1)), queue.EEMPTY) // the counter does not give a skill
		wantNext(t, s, "expert", "c3", t0.Add(mins(1)), ex.ID)
		// Long past its SLA, still only for who has the skill.
		wantNext(t, s, "conseil", "c1", t0.Add(time.Hour), queue.EEMPTY)
	})
	t.Run("CounterSkillsRestrict", func(t *testing.T) {
		s := newState(t)
		ex := issue(t, s, "expert", t0)
		wantNext(t, s, "manager", "c1", t0, queue.EEMPTY)
		wantNext(t, s, "manager", "c3", t0, ex.ID)
		pu := issue(t, s, "purchase", t0.Add(-mins(1)))
		wantNext(t, s, "manager", "c3", t0, ex.ID)
		wantNext(t, s, "manager", "c1", t0, pu.ID)
	})
	t.Run("NoSkillNeededServedAnywhere", func(t *testing.T) {
		s := newState(t)
		ot := issue(t, s, "other", t0)
		for _, sc := range [][2]string{{"conseil", "c1"}, {"expert", "c3"}, {"orient", "c2"}} {
			wantNext(t, s, sc[0], sc[1], t0, ot.ID)
		}
	})
	t.Run("FIFOByArrival", func(t *testing.T) {
		s := newState(t)
		a := issue(t, s, "purchase", t0.Add(mins(2)))
		b := issue(t, s, "sim", t0)
		c := issue(t, s, "purchase", t0.Add(mins(1)))
		now := t0.Add(mins(3))
		for _, want := range []*queue.Ticket{b, c, a} {
			wantNext(t, s, "conseil", "c1", now, want.ID)
			call(t, s, want.ID, "conseil", "c1", now)
			move(t, s, queue.TicketNoShow, want.ID, now) // frees the desk
		}
		wantNext(t, s, "conseil", "c1", now, queue.EEMPTY)
	})
	t.Run("FIFOKeepsArrivalAcrossTransfer", func(t *testing.T) {
		s := newState(t)
		moved := issue(t, s, "purchase", t0)
		issue(t, s, "sim", t0.Add(mins(1)))
		transferTo(t, s, moved.ID, "sim", "", t0.Add(mins(3)))
		wantNext(t, s, "conseil", "c1", t0.Add(mins(4)), moved.ID)
	})
	for _, p := range []queue.Priority{queue.PriorityPremium, queue.PriorityAccessibility} {
		t.Run(string(p)+"BeforeNormal", func(t *testing.T) {
			s := newState(t)
			issue(t, s, "purchase", t0)
			pr := issue(t, s, "purchase", t0.Add(mins(1)), withPriority(p))
			wantNext(t, s, "conseil", "c1", t0.Add(mins(2)), pr.ID)
		})
	}
	t.Run("PremiumAndAccessibilityShareAClass", func(t *testing.T) {
		s := newState(t)
		acc := issue(t, s, "sim", t0, withPriority(queue.PriorityAccessibility))
		issue(t, s, "purchase", t0.Add(mins(1)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "conseil", "c1", t0.Add(mins(2)), acc.ID)
	})
	t.Run("PastSLAGoesBeforeLaterPremium", func(t *testing.T) {
		s := newState(t)
		normal := issue(t, s, "purchase", t0) // SLA 10 minutes
		premium := issue(t, s, "purchase", t0.Add(mins(5)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "conseil", "c1", t0.Add(mins(9)), premium.ID)
		wantNext(t, s, "conseil", "c1", t0.Add(mins(10)), premium.ID) // at the SLA, not past it
		wantNext(t, s, "conseil", "c1", t0.Add(mins(10)+time.Second), normal.ID)
	})
	t.Run("PastSLAStillAfterEarlierPremium", func(t *testing.T) {
		s := newState(t)
		premium := issue(t, s, "purchase", t0, withPriority(queue.PriorityPremium))
		issue(t, s, "purchase", t0.Add(mins(1)))
		wantNext(t, s, "conseil", "c1", t0.Add(time.Hour), premium.ID)
	})
	t.Run("SLACountsFromQueuedAt", func(t *testing.T) {
		s := newState(t)
		moved := issue(t, s, "purchase", t0)
		transferTo(t, s, moved.ID, "sim", "", t0.Add(mins(8))) // queued again at +8, SLA 10
		premium := issue(t, s, "sim", t0.Add(mins(9)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "conseil", "c1", t0.Add(mins(15)), premium.ID)
		wantNext(t, s, "conseil", "c1", t0.Add(mins(19)), moved.ID)
	})
	t.Run("DueAppointmentBeforeEverything", func(t *testing.T) {
		s := newState(t)
		at := t0.Add(mins(40))
		old := issue(t, s, "expert", t0) // past its 20-minute SLA from +20
		issue(t, s, "expert", t0.Add(mins(1)), withPriority(queue.PriorityPremium))
		rdv := checkIn(t, s, "RDV1", "", at, t0.Add(mins(25)))
		cfg := s.Config
		early, late := at.Add(-mins(cfg.AppointmentEarly)), at.Add(mins(cfg.AppointmentLate))
		wantNext(t, s, "expert", "c3", early, rdv.ID)
		wantNext(t, s, "expert", "c3", at, rdv.ID)
		wantNext(t, s, "expert", "c3", late, rdv.ID)
		// After the window it is one more late ticket, past its SLA like the others.
		wantNext(t, s, "expert", "c3", late.Add(time.Second), old.ID)
	})
	t.Run("EarlyAppointmentIsNormal", func(t *testing.T) {
		s := newState(t)
		at := t0.Add(mins(40))
		normal := issue(t, s, "expert", t0)
		checkIn(t, s, "RDV1", "", at, t0.Add(mins(1)))
		now := t0.Add(mins(3)) // early, and within every SLA
		wantNext(t, s, "expert", "c3", now, normal.ID)
		premium := issue(t, s, "expert", t0.Add(mins(2)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "expert", "c3", now, premium.ID)
	})
	t.Run("EarlyAppointmentPastSLAIsPriority", func(t *testing.T) {
		s := newState(t)
		at := t0.Add(mins(40))
		rdv := checkIn(t, s, "RDV1", "", at, t0) // SLA 5 minutes
		issue(t, s, "expert", t0.Add(mins(1)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "expert", "c3", at.Add(-mins(s.Config.AppointmentEarly)-time.Second), rdv.ID)
	})
	t.Run("ForStaffReservedWhileLoggedIn", func(t *testing.T) {
		s := newState(t)
		tk := issue(t, s, "expert", t0)
		transferTo(t, s, tk.ID, "expert", "expert", t0.Add(mins(1)))
		login(t, s, "expert", "c3")
		wantNext(t, s, "manager", "c3", t0.Add(mins(2)), queue.EEMPTY)
		wantNext(t, s, "expert", "c3", t0.Add(mins(2)), tk.ID)
		mustApply(t, s, tablet, queue.StaffPaused, t0.Add(mins(2)), queue.StaffBody{Staff: "expert", Why: "pause"})
		wantNext(t, s, "manager", "c3", t0.Add(mins(3)), queue.EEMPTY) // paused is still in the store
		mustApply(t, s, tablet, queue.StaffLoggedOut, t0.Add(mins(3)), queue.StaffBody{Staff: "expert"})
		wantNext(t, s, "manager", "c3", t0.Add(mins(4)), tk.ID)
	})
	t.Run("ForStaffFreeWhenNotLoggedIn", func(t *testing.T) {
		s := newState(t)
		tk := issue(t, s, "expert", t0)
		transferTo(t, s, tk.ID, "expert", "expert", t0.Add(mins(1)))
		wantNext(t, s, "manager", "c3", t0.Add(mins(2)), tk.ID)
	})
	t.Run("BookedStaffReservesCheckIn", func(t *testing.T) {
		s := newState(t)
		login(t, s, "expert", "c3")
		at := t0.Add(mins(30))
		rdv := checkIn(t, s, "RDV1", "expert", at, t0.Add(mins(25)))
		wantNext(t, s, "manager", "c3", at, queue.EEMPTY)
		wantNext(t, s, "expert", "c3", at, rdv.ID)
	})
	t.Run("ForStaffPreferredWithinClass", func(t *testing.T) {
		s := newState(t)
		login(t, s, "expert", "c3")
		first := issue(t, s, "expert", t0)
		mine := issue(t, s, "expert", t0.Add(mins(1)))
		transferTo(t, s, mine.ID, "expert", "expert", t0.Add(mins(2)))
		now := t0.Add(mins(3))
		wantNext(t, s, "expert", "c3", now, mine.ID)
		wantNext(t, s, "manager", "c3", now, first.ID)
		// Not across classes: a premium ticket still goes first.
		premium := issue(t, s, "expert", t0.Add(mins(2)), withPriority(queue.PriorityPremium))
		wantNext(t, s, "expert", "c3", now, premium.ID)
	})
	t.Run("EmptyWhenNothingWaits", func(t *testing.T) {
		s := newState(t)
		wantNext(t, s, "conseil", "c1", t0, queue.EEMPTY)
		ticketIn(t, s, queue.Called, t0)
		ticketIn(t, s, queue.Serving, t0)
		ticketIn(t, s, queue.Done, t0)
		ticketIn(t, s, queue.Cancelled, t0)
		wantNext(t, s, "manager", "c2", t0.Add(time.Hour), queue.EEMPTY)
	})
	t.Run("EmptyWhenReasonRemoved", func(t *testing.T) {
		s := newState(t)
		issue(t, s, "other", t0)
		c := copyConfig()
		c.Reasons = slices.DeleteFunc(c.Reasons, func(r queue.Reason) bool { return r.Code == "other" })
		mustApply(t, s, hub, queue.ConfigChanged, t0, c)
		wantNext(t, s, "conseil", "c1", t0.Add(time.Hour), queue.EEMPTY)
	})
	t.Run("NotFoundWhenUnknownStaff", func(t *testing.T) {
		s := newState(t)
		issue(t, s, "other", t0)
		wantNext(t, s, "ghost", "c1", t0, queue.ENOTFOUND)
	})
	t.Run("NotFoundWhenUnknownCounter", func(t *testing.T) {
		s := newState(t)
		issue(t, s, "other", t0)
		wantNext(t, s, "conseil", "c9", t0, queue.ENOTFOUND)
	})
}

func TestWaiting(t *testing.T) {
	s := newState(t)
	a := issue(t, s, "purchase", t0)
	b := issue(t, s, "sim", t0.Add(mins(1)))
	c := issue(t, s, "purchase", t0.Add(mins(2)), withPriority(queue.PriorityPremium))
	d := issue(t, s, "purchase", t0.Add(mins(3)))
	e := issue(t, s, "purchase", t0.Add(mins(3))) // same arrival as d: by id
	called := issue(t, s, "purchase", t0.Add(-mins(5)))
	call(t, s, called.ID, "conseil", "c1", t0.Add(mins(4)))
	rdv := checkIn(t, s, "RDV1", "", t0.Add(mins(10)), t0.Add(mins(4)))
	now := t0.Add(mins(5))

	tests := []struct {
		name   string
		reason string
		want   []*queue.Ticket
	}{
		{"AllReasons", "", []*queue.Ticket{rdv, c, a, b, d, e}},
		{"OneReason", "purchase", []*queue.Ticket{c, a, d, e}},
		{"NoneWaiting", "expert", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := ids(s.Waiting(tt.reason, now)), ids(tt.want); !slices.Equal(got, want) {
				t.Errorf("Waiting(%q) = %v, want %v", tt.reason, got, want)
			}
		})
	}
	t.Run("PastSLAMovesUp", func(t *testing.T) {
		later := t0.Add(mins(11)) // a is past its SLA, d and e are not; rdv is still due
		want := []*queue.Ticket{rdv, a, c, b, d, e}
		if got := ids(s.Waiting("", later)); !slices.Equal(got, ids(want)) {
			t.Errorf("Waiting = %v, want %v", got, ids(want))
		}
	})

	aheads := []struct {
		name string
		id   string
		want int
	}{
		{"FirstOfItsReason", c.ID, 0},
		{"BehindPremium", a.ID, 1},
		{"AloneInItsReason", b.ID, 0},
		{"Last", e.ID, 3},
		{"NotWaiting", called.ID, -1},
		{"Unknown", "t-ghost", -1},
	}
	for _, tt := range aheads {
		t.Run("Ahead/"+tt.name, func(t *testing.T) {
			if got := s.Ahead(tt.id, now); got != tt.want {
				t.Errorf("Ahead(%s) = %d, want %d", tt.id, got, tt.want)
			}
		})
	}
}
