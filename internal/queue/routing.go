package queue

import (
	"cmp"
	"slices"
	"time"
)

// Precedence classes of a waiting ticket, highest first. See Next.
const (
	classNormal   = 1
	classPriority = 2
	classDue      = 3
)

// class returns the precedence of waiting ticket t at now:
//
//   - 3, an appointment that is due: checked in, and now is within
//     [time − AppointmentEarly, time + AppointmentLate];
//   - 2, coupe-file: premium or accessibility, and any ticket that has waited
//     in its queue longer than its reason's SLA, so normal tickets are never
//     starved by a stream of priority ones;
//   - 1, everybody else, early or late appointments included.
func (s *State) class(t *Ticket, now time.Time) int {
	if t.Priority == PriorityAppointment {
		if a := s.Appointments[t.Appointment]; a != nil {
			early := a.At.Add(-time.Duration(s.Config.AppointmentEarly) * time.Minute)
			late := a.At.Add(time.Duration(s.Config.AppointmentLate) * time.Minute)
			if !now.Before(early) && !now.After(late) {
				return classDue
			}
		}
	}
	if t.Priority == PriorityPremium || t.Priority == PriorityAccessibility {
		return classPriority
	}
	if r := s.Config.Reason(t.Reason); r != nil && now.Sub(t.QueuedAt) > time.Duration(r.SLAMinutes)*time.Minute {
		return classPriority
	}
	return classNormal
}

// before reports whether waiting ticket a is called before b: higher class
// first, then earlier arrival (a transfer keeps its arrival time), then
// ticket id as a stable tie-break.
func (s *State) before(a, b *Ticket, now time.Time) int {
	if c := cmp.Compare(s.class(b, now), s.class(a, now)); c != 0 {
		return c
	}
	if c := a.ArrivedAt.Compare(b.ArrivedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// canServe reports whether staff member st, at counter c (nil for none),
// may be called to waiting ticket t.
func (s *State) canServe(st *Staff, c *Counter, t *Ticket) bool {
	r := s.Config.Reason(t.Reason)
	if r == nil || !st.CanServe(r) {
		return false
	}
	if c != nil && len(c.Skills) > 0 && r.Skill != "" && !slices.Contains(c.Skills, r.Skill) {
		return false
	}
	// A ticket transferred or booked to one person waits for them while
	// they are logged in, even on a short pause; logging out frees it.
	if t.ForStaff != "" && t.ForStaff != st.ID && s.Sessions[t.ForStaff] != nil {
		return false
	}
	return true
}

// Next returns the ticket staffID at counterID should call now: among the
// waiting tickets the staff member has the skill for (and the counter, when
// it lists skills), the one of highest class (see class), then the earliest
// arrival. A ticket meant for this staff member goes first within its class.
// It returns EEMPTY when nobody waits for them.
func (s *State) Next(staffID, counterID string, now time.Time) (*Ticket, error) {
	st := s.Config.StaffMember(staffID)
	if st == nil {
		return nil, Errorf(ENOTFOUND, "no staff %q", staffID)
	}
	c := s.Config.Counter(counterID)
	if c == nil {
		return nil, Errorf(ENOTFOUND, "no counter %q", counterID)
	}
	var best *Ticket
	for _, t := range s.Tickets {
		if t.Status != Waiting || !s.canServe(st, c, t) {
			continue
		}
		if best == nil || s.prefer(t, best, st.ID, now) {
			best = t
		}
	}
	if best == nil {
		return nil, Errorf(EEMPTY, "nobody waits for %s", st.Name)
	}
	return best, nil
}

// prefer reports whether staff member staffID should call a before b.
func (s *State) prefer(a, b *Ticket, staffID string, now time.Time) bool {
	if ca, cb := s.class(a, now), s.class(b, now); ca != cb {
		return ca > cb
	}
	if mine, theirs := a.ForStaff == staffID, b.ForStaff == staffID; mine != theirs {
		return mine
	}
	return s.before(a, b, now) < 0
}

// Waiting returns the waiting tickets of reason (all reasons when empty) in
// the order they will be called.
func (s *State) Waiting(reason string, now time.Time) []*Ticket {
	var ts []*Ticket
	for _, t := range s.Tickets {
		if t.Status == Waiting && (reason == "" || t.Reason == reason) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *Ticket) int { return s.before(a, b, now) })
	return ts
}

// Ahead returns how many people wait before ticket id in its reason's
// queue, or -1 when it is not waiting.
func (s *State) Ahead(id string, now time.Time) int {
	t := s.Tickets[id]
	if t == nil || t.Status != Waiting {
		return -1
	}
	return slices.Index(s.Waiting(t.Reason, now), t)
}
